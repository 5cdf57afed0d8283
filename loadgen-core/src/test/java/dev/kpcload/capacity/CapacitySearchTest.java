package dev.kpcload.capacity;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CapacitySearchTest {

    /**
     * A server that sustains up to {@code capacity} in a short step and up to {@code holdCapacity} in a step as long
     * as a hold (90 s with the default settings at the rates of these tests; a short step is 30 s).
     */
    private static Function<StepPlan, StepOutcome> server(double capacity, double holdCapacity) {
        return step -> {
            boolean hold = step.measure().compareTo(Duration.ofSeconds(90)) >= 0;
            return step.offeredRate() <= (hold ? holdCapacity : capacity) ? StepOutcome.PASS : StepOutcome.FAIL;
        };
    }

    private static Function<StepPlan, StepOutcome> server(double capacity) {
        return server(capacity, capacity);
    }

    /** Runs the search to its end against {@code oracle}; returns the steps in order. */
    private static List<StepPlan> run(CapacitySearch search, Function<StepPlan, StepOutcome> oracle) {
        List<StepPlan> steps = new ArrayList<>();
        for (Optional<StepPlan> next = search.next(); next.isPresent(); next = search.next()) {
            steps.add(next.get());
            search.record(oracle.apply(next.get()));
            assertTrue(steps.size() <= 200, "the search must end");
        }
        return steps;
    }

    private static double[] rates(List<StepPlan> steps) {
        return steps.stream().mapToDouble(StepPlan::offeredRate).toArray();
    }

    private static List<StepPurpose> purposes(List<StepPlan> steps) {
        return steps.stream().map(StepPlan::purpose).toList();
    }

    @Test
    void probesGeometricallyThenBisectsToThePrecisionThenConfirms() {
        CapacitySearch search = new CapacitySearch(CapacitySettings.defaults(100));
        List<StepPlan> steps = run(search, server(1000));
        double[] r = rates(steps);
        double[] probes = {100, 150, 225, 337.5, 506.25, 759.375, 1139.0625};
        for (int i = 0; i < probes.length; i++) {
            assertEquals(probes[i], r[i], 1e-9, "probe " + i);
            assertEquals(StepPurpose.PROBE, steps.get(i).purpose());
            assertEquals(i + 1, steps.get(i).index());
            assertEquals(i == 0 ? 0 : probes[i - 1], steps.get(i).previousRate(), 1e-9, "ramps from the last rate");
        }
        // Bisection between 759.375 (pass) and 1139.0625 (fail), halving each time.
        assertEquals((759.375 + 1139.0625) / 2, r[7], 1e-9);
        StepPlan last = steps.get(steps.size() - 1);
        assertEquals(StepPurpose.CONFIRM, last.purpose());
        SearchResult result = search.result();
        assertEquals(SearchOutcome.FOUND, result.outcome());
        assertEquals(last.offeredRate(), result.maxSustainableRate(), 1e-9);
        assertTrue(result.maxSustainableRate() <= 1000, "never above the capacity: " + result.maxSustainableRate());
        assertTrue(result.maxSustainableRate() >= 1000 / 1.03, "within 3 % of it: " + result.maxSustainableRate());
        Bracket b = result.bracket();
        assertEquals(result.maxSustainableRate(), b.lastPass());
        assertTrue(b.firstFail() > 1000 && b.width() <= 0.03 + 1e-12, "bracket " + b);
        // 7 probes, 4 bisections (50 % -> 25 % -> 12 % -> 5 % -> 2.4 %), 1 hold.
        assertEquals(12, steps.size());
        assertEquals(12, result.steps());
        for (StepPlan s : steps.subList(7, 11)) {
            assertEquals(StepPurpose.BISECT, s.purpose());
            assertTrue(s.offeredRate() > 759.375 && s.offeredRate() < 1139.0625);
        }
        assertTrue(search.done());
        assertTrue(search.next().isEmpty(), "stays done");
        assertNull(result.remedy());
        assertTrue(result.explanation().contains("KPC sustained 996.7/s"), result.explanation());
    }

    @Test
    void stepsMeasureLongEnoughAndTheHoldIsThreeTimesAStep() {
        CapacitySettings s = CapacitySettings.defaults(10).withMaxRate(50.0);
        CapacitySearch search = new CapacitySearch(s);
        List<StepPlan> steps = run(search, server(1e9));
        // At 10/s, 1,000 messages take 100 s, more than the 30 s minimum; at 50/s they take 20 s: 30 s it is.
        assertEquals(Duration.ofSeconds(100), steps.get(0).measure());
        StepPlan hold = steps.get(steps.size() - 1);
        assertEquals(StepPurpose.CONFIRM, hold.purpose());
        assertEquals(50, hold.offeredRate(), 1e-9);
        assertEquals(Duration.ofSeconds(90), hold.measure());
        assertEquals(Duration.ofSeconds(10), hold.ramp());
        assertEquals(Duration.ofSeconds(10), hold.settle());
        assertEquals(1000, hold.minMessages());
    }

    @Test
    void precisionIsRespectedForOtherCapacitiesAndSettings() {
        for (double capacity : new double[] {101, 333, 1000, 7777, 123_456}) {
            for (double precision : new double[] {0.01, 0.03, 0.1}) {
                CapacitySettings s = new CapacitySettings(100, 2, precision, null, null, Duration.ZERO, Duration.ZERO,
                    Duration.ofSeconds(1), 0, 3, 3, 60);
                CapacitySearch search = new CapacitySearch(s);
                run(search, server(capacity));
                SearchResult r = search.result();
                assertEquals(SearchOutcome.FOUND, r.outcome(), capacity + " @ " + precision);
                assertTrue(r.maxSustainableRate() <= capacity, capacity + ": " + r.maxSustainableRate());
                assertTrue(r.bracket().firstFail() > capacity);
                assertTrue(r.bracket().width() <= precision + 1e-12, capacity + ": " + r.bracket());
            }
        }
    }

    @Test
    void aFailedHoldBecomesTheUpperBoundAndTheSearchGoesOnBelowItInLongSteps() {
        // Short steps pass up to 1,000/s but only 960/s holds for three times as long.
        CapacitySearch search = new CapacitySearch(CapacitySettings.defaults(100));
        List<StepPlan> steps = run(search, server(1000, 960));
        SearchResult r = search.result();
        assertEquals(SearchOutcome.FOUND, r.outcome());
        assertTrue(r.maxSustainableRate() <= 960 && r.maxSustainableRate() >= 960 / 1.03, "" + r.maxSustainableRate());
        assertEquals(1, r.failedHolds().size(), "" + r.failedHolds());
        double failedHold = r.failedHolds().get(0);
        assertTrue(failedHold > 960);
        int afterHold = purposes(steps).indexOf(StepPurpose.CONFIRM) + 1;
        Duration hold = steps.get(afterHold - 1).measure();
        for (StepPlan s : steps.subList(afterHold, steps.size())) {
            assertTrue(s.offeredRate() < failedHold, "below the failed hold: " + s);
            assertTrue(s.measure().compareTo(hold.multipliedBy(9).dividedBy(10)) > 0, "as long as a hold: " + s);
        }
        assertEquals(StepPurpose.CONFIRM, steps.get(steps.size() - 1).purpose(), "the earlier short pass is held");
        assertEquals(r.maxSustainableRate(), r.bracket().lastPass());
        assertTrue(r.bracket().firstFail() <= failedHold && r.bracket().width() <= 0.03 + 1e-12, "" + r.bracket());
    }

    @Test
    void aPassOfALongStepIsItsOwnConfirmation() {
        // The cap passes a short step, its hold fails; long bisection below finds 420/s without another hold.
        CapacitySearch search = new CapacitySearch(CapacitySettings.defaults(100).withMaxRate(500.0));
        List<StepPlan> steps = run(search, server(1000, 420));
        SearchResult r = search.result();
        assertEquals(SearchOutcome.FOUND, r.outcome());
        assertEquals(List.of(500.0), r.failedHolds());
        assertTrue(r.maxSustainableRate() <= 420 && r.maxSustainableRate() >= 420 / 1.03, "" + r.maxSustainableRate());
        assertEquals(1, purposes(steps).stream().filter(p -> p == StepPurpose.CONFIRM).count(), "one hold only");
        assertEquals(StepPurpose.BISECT, steps.get(steps.size() - 1).purpose());
    }

    @Test
    void holdsThatKeepFailingEndTheSearchUnconfirmed() {
        CapacitySearch search = new CapacitySearch(CapacitySettings.defaults(100));
        List<StepPlan> steps = run(search, server(1000, 100));
        SearchResult r = search.result();
        assertEquals(SearchOutcome.UNCONFIRMED, r.outcome());
        assertNull(r.maxSustainableRate(), "nothing confirmed");
        assertEquals(CapacitySettings.DEFAULT_MAX_CONFIRMATIONS, r.failedHolds().size());
        assertEquals(StepPurpose.CONFIRM, steps.get(steps.size() - 1).purpose());
        for (int i = 1; i < r.failedHolds().size(); i++) {
            assertTrue(r.failedHolds().get(i) < r.failedHolds().get(i - 1), "each hold lower: " + r.failedHolds());
        }
        assertTrue(r.explanation().startsWith("3 confirmation holds failed"), r.explanation());
        assertTrue(r.remedy().contains("--measure"), r.remedy());
    }

    @Test
    void aFailedHoldWithNoPassBelowStepsDownFromIt() {
        // By 2 % at a time: 100/s fails, 98.04/s passes and is within the precision at once, but does not hold.
        CapacitySettings fine = new CapacitySettings(100, 1.02, 0.03, null, null, Duration.ofSeconds(10),
            Duration.ofSeconds(10), Duration.ofSeconds(30), 1000, 3, 3, 40);
        CapacitySearch search = new CapacitySearch(fine);
        List<StepPlan> steps = run(search, server(99, 95));
        double[] x = rates(steps);
        assertEquals(List.of(StepPurpose.PROBE, StepPurpose.PROBE, StepPurpose.CONFIRM, StepPurpose.PROBE,
            StepPurpose.PROBE), purposes(steps));
        assertEquals(100 / 1.02, x[1], 1e-9);
        assertEquals(x[1], x[2], 1e-9, "the pass is held");
        assertEquals(x[2] / 1.02, x[3], 1e-9, "no pass below the failed hold: down by the factor from it");
        assertEquals(Duration.ofSeconds(90), steps.get(3).measure(), "as long as a hold");
        assertEquals(x[3] / 1.02, x[4], 1e-9);
        SearchResult r = search.result();
        assertEquals(SearchOutcome.FOUND, r.outcome(), "94.2/s passed a long step, within 3 % of 96.1/s that failed");
        assertEquals(x[4], r.maxSustainableRate(), 1e-9);
        assertEquals(new Bracket(x[4], x[3]), r.bracket());
    }

    @Test
    void aFailingFirstStepStepsDownUntilAPass() {
        CapacitySearch search = new CapacitySearch(CapacitySettings.defaults(1000));
        List<StepPlan> steps = run(search, server(300));
        double[] x = rates(steps);
        assertEquals(1000, x[0], 1e-9);
        assertEquals(1000 / 1.5, x[1], 1e-9);
        assertEquals(1000 / 1.5 / 1.5, x[2], 1e-9);
        assertEquals(1000 / 1.5 / 1.5 / 1.5, x[3], 1e-9, "296.3 passes");
        assertEquals(StepPurpose.PROBE, steps.get(3).purpose());
        assertEquals(StepPurpose.BISECT, steps.get(4).purpose());
        assertEquals((x[3] + x[2]) / 2, x[4], 1e-9, "bisects between the pass and the failure above it");
        SearchResult r = search.result();
        assertEquals(SearchOutcome.FOUND, r.outcome());
        assertTrue(r.maxSustainableRate() <= 300 && r.maxSustainableRate() >= 300 / 1.03);
    }

    @Test
    void nothingPassingEndsAtTheFloor() {
        CapacitySearch search = new CapacitySearch(CapacitySettings.defaults(100));
        List<StepPlan> steps = run(search, step -> StepOutcome.FAIL);
        double[] x = rates(steps);
        assertEquals(10, x[x.length - 1], 1e-9, "the last step is the floor, a tenth of the start");
        for (int i = 1; i < x.length - 1; i++) {
            assertEquals(x[i - 1] / 1.5, x[i], 1e-9);
        }
        assertTrue(x[x.length - 2] / 1.5 < 10, "the floor is offered instead of a rate below it");
        SearchResult r = search.result();
        assertEquals(SearchOutcome.NONE_PASSED, r.outcome());
        assertNull(r.maxSustainableRate());
        assertNull(r.bracket().lastPass());
        assertEquals(10, r.bracket().firstFail(), 1e-9);
        assertTrue(r.explanation().contains("floor of 10.0/s"), r.explanation());

        CapacitySearch floored = new CapacitySearch(CapacitySettings.defaults(100).withMinRate(100.0));
        assertEquals(1, run(floored, step -> StepOutcome.FAIL).size(), "a floor at the start: one step");
        assertEquals(SearchOutcome.NONE_PASSED, floored.result().outcome());
    }

    @Test
    void theMaximumRateCapsProbingAndIsConfirmed() {
        CapacitySearch search = new CapacitySearch(CapacitySettings.defaults(100).withMaxRate(500.0));
        List<StepPlan> steps = run(search, server(1000));
        double[] x = rates(steps);
        assertEquals(6, x.length);
        assertEquals(337.5, x[3], 1e-9);
        assertEquals(500, x[4], 1e-9, "506.25 would be above the cap: the cap is offered");
        assertEquals(StepPurpose.CONFIRM, steps.get(5).purpose());
        assertEquals(500, x[5], 1e-9);
        for (double rate : x) {
            assertTrue(rate <= 500);
        }
        SearchResult r = search.result();
        assertEquals(SearchOutcome.MAX_RATE_REACHED, r.outcome());
        assertEquals(500, r.maxSustainableRate(), 1e-9);
        assertNull(r.bracket().firstFail());
        assertTrue(r.explanation().contains("at least 500.0/s"), r.explanation());
        assertTrue(r.remedy().contains("--max-rate"));
    }

    @Test
    void aCapThatFailsIsBisectedBelow() {
        CapacitySearch search = new CapacitySearch(CapacitySettings.defaults(100).withMaxRate(500.0));
        List<StepPlan> steps = run(search, server(450));
        SearchResult r = search.result();
        assertEquals(SearchOutcome.FOUND, r.outcome());
        assertEquals(500, steps.get(4).offeredRate(), 1e-9, "the cap is offered, and fails");
        assertEquals(StepPurpose.BISECT, steps.get(5).purpose());
        assertTrue(r.bracket().firstFail() > 450 && r.bracket().firstFail() < 500, "bisected below: " + r.bracket());
        assertTrue(r.maxSustainableRate() <= 450 && r.maxSustainableRate() >= 450 / 1.03);
    }

    @Test
    void anInconclusiveStepEndsTheSearchAtOnceAndBlamesTheGenerator() {
        CapacitySearch search = new CapacitySearch(CapacitySettings.defaults(100));
        List<StepPlan> steps = run(search, step -> step.offeredRate() > 400 ? StepOutcome.INCONCLUSIVE
            : StepOutcome.PASS);
        assertEquals(5, steps.size(), "100, 150, 225, 337.5 pass; 506.25 is inconclusive");
        SearchResult r = search.result();
        assertEquals(SearchOutcome.GENERATOR_LIMITED, r.outcome());
        assertNull(r.maxSustainableRate());
        assertEquals(506.25, r.limitedAt(), 1e-9);
        assertEquals(337.5, r.bracket().lastPass(), 1e-9);
        assertNull(r.bracket().firstFail(), "an inconclusive step is no failure of KPC");
        assertTrue(r.explanation().contains("generator's, not KPC's"), r.explanation());
        assertTrue(r.remedy().contains("--shards N"), r.remedy());
    }

    @Test
    void anInconclusiveHoldEndsTheSearchToo() {
        CapacitySearch search = new CapacitySearch(CapacitySettings.defaults(100));
        run(search, step -> step.purpose() == StepPurpose.CONFIRM ? StepOutcome.INCONCLUSIVE
            : step.offeredRate() <= 1000 ? StepOutcome.PASS : StepOutcome.FAIL);
        assertEquals(SearchOutcome.GENERATOR_LIMITED, search.result().outcome());
        assertNull(search.result().maxSustainableRate());
    }

    @Test
    void theStepCapEndsTheSearch() {
        CapacitySearch search = new CapacitySearch(CapacitySettings.defaults(100).withMaxSteps(5));
        List<StepPlan> steps = run(search, server(1e6));
        assertEquals(5, steps.size());
        SearchResult r = search.result();
        assertEquals(SearchOutcome.STEP_LIMIT, r.outcome());
        assertNull(r.maxSustainableRate());
        assertEquals(506.25, r.bracket().lastPass(), 1e-9);
        assertTrue(r.explanation().contains("step cap of 5"), r.explanation());
    }

    @Test
    void stoppingDropsTheRunningStep() {
        CapacitySearch search = new CapacitySearch(CapacitySettings.defaults(100));
        search.next();
        search.record(StepOutcome.PASS);
        search.next();
        assertFalse(search.done());
        search.stop();
        assertTrue(search.done());
        assertTrue(search.next().isEmpty());
        assertThrows(IllegalStateException.class, () -> search.record(StepOutcome.PASS));
        SearchResult r = search.result();
        assertEquals(SearchOutcome.STOPPED, r.outcome());
        assertEquals(1, r.steps(), "the dropped step has no verdict");
        assertEquals(100, r.bracket().lastPass(), 1e-9);
        search.stop();
        assertEquals(SearchOutcome.STOPPED, search.result().outcome(), "a second stop changes nothing");
    }

    @Test
    void misuseIsRefused() {
        CapacitySearch search = new CapacitySearch(CapacitySettings.defaults(100));
        assertThrows(IllegalStateException.class, () -> search.record(StepOutcome.PASS), "no step handed out");
        assertThrows(IllegalStateException.class, search::result, "still running");
        search.next();
        assertThrows(IllegalStateException.class, search::next, "the running step has no verdict");
    }

    @Test
    void aStartAtTheCapIsHeldStraightAway() {
        CapacitySearch search = new CapacitySearch(CapacitySettings.defaults(100).withMaxRate(100.0));
        List<StepPlan> steps = run(search, server(1e6));
        assertEquals(List.of(StepPurpose.PROBE, StepPurpose.CONFIRM), purposes(steps));
        assertEquals(SearchOutcome.MAX_RATE_REACHED, search.result().outcome());
    }
}
