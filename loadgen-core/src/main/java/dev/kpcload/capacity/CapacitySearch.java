package dev.kpcload.capacity;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The capacity search as a pure state machine: no clock, no threads. The engine asks {@link #next()} for a step,
 * runs it, and tells {@link #record} its verdict, until {@code next()} is empty; then {@link #result()}.
 *
 * <p>The steps, after Envoy Nighthawk's adaptive load search (exponential steps, then bisection):
 * <ol>
 *   <li>probe up geometrically from the start rate by the factor until a step fails (never above the maximum
 *       rate; when even that passes, it is confirmed and the result is "at least the maximum");</li>
 *   <li>when the very first step fails, step down (divide by the factor) until one passes, or fail at the floor;</li>
 *   <li>bisect between the last pass and the first failure until {@code (fail - pass) / pass <= precision};</li>
 *   <li>hold the last pass for the confirmation length. If the hold fails, that rate becomes the new first failure
 *       and the search continues below it, from the highest earlier pass below it or stepping down from it, until a
 *       hold passes or {@code maxConfirmations} holds have failed.</li>
 * </ol>
 * A failed hold shows that short steps overstate what KPC sustains at these rates (typically a queue that grows
 * too slowly to break the SLO within one step). So every step after it is as long as a hold, and a bracket whose
 * last pass came from such a step needs no further hold: that pass was its confirmation.
 * An inconclusive step (the generator could not keep the rate) ends the search at once: what follows would measure
 * the generator, not KPC. Not thread-safe: one engine thread drives it.
 */
public final class CapacitySearch {

    private enum Phase { UP, DOWN, BISECT, CONFIRM, DONE }

    /** Relative slack for float comparisons of rates (a rate equal to the cap or floor, a bracket at precision). */
    private static final double EPSILON = 1e-12;

    private final CapacitySettings settings;
    private final double cap;
    /** Every rate that passed a step, to fall back to when a confirmation fails. */
    private final TreeSet<Double> passes = new TreeSet<>();
    private final List<Double> failedHolds = new ArrayList<>();
    /** Rates that passed a step as long as a hold: confirmed. */
    private final TreeSet<Double> heldPasses = new TreeSet<>();
    /** Whether steps are as long as a hold (after a failed hold). */
    private boolean longSteps;
    private Phase phase = Phase.UP;
    private double nextRate;
    private double previousRate;
    private StepPlan running;
    private int steps;
    private int recorded;
    private Double lastPass;
    private Double firstFail;
    private Double confirmed;
    private Double limitedAt;
    private SearchOutcome outcome;

    public CapacitySearch(CapacitySettings settings) {
        this.settings = settings;
        this.cap = settings.maxRate() != null ? settings.maxRate() : Double.POSITIVE_INFINITY;
        this.nextRate = Math.min(settings.startRate(), cap);
    }

    public CapacitySettings settings() {
        return settings;
    }

    /**
     * The next step to run, or empty when the search is over. Every step handed out must get its verdict through
     * {@link #record} before the next is asked for.
     *
     * @throws IllegalStateException when the previous step has no verdict yet
     */
    public Optional<StepPlan> next() {
        if (running != null) {
            throw new IllegalStateException("step " + running.index() + " has no verdict yet");
        }
        if (phase == Phase.DONE) {
            return Optional.empty();
        }
        if (steps >= settings.maxSteps()) {
            finish(SearchOutcome.STEP_LIMIT);
            return Optional.empty();
        }
        StepPurpose purpose = switch (phase) {
            case CONFIRM -> StepPurpose.CONFIRM;
            case BISECT -> StepPurpose.BISECT;
            default -> StepPurpose.PROBE;
        };
        double rate = nextRate;
        running = new StepPlan(++steps, purpose, rate, previousRate, settings.ramp(), settings.settle(),
            purpose == StepPurpose.CONFIRM || longSteps ? settings.holdFor(rate) : settings.measureFor(rate),
            settings.minMessages());
        return Optional.of(running);
    }

    /**
     * The verdict on the step last handed out by {@link #next()}.
     *
     * @throws IllegalStateException when no step is running (none handed out, or the search was stopped)
     */
    public void record(StepOutcome verdict) {
        if (running == null) {
            throw new IllegalStateException("no step is running");
        }
        double rate = running.offeredRate();
        running = null;
        recorded++;
        previousRate = rate;
        if (verdict == StepOutcome.INCONCLUSIVE) {
            limitedAt = rate;
            finish(SearchOutcome.GENERATOR_LIMITED);
            return;
        }
        boolean pass = verdict == StepOutcome.PASS;
        switch (phase) {
            case UP -> {
                if (pass) {
                    passed(rate);
                    if (rate >= cap * (1 - EPSILON)) {
                        confirm(); // the cap passed: hold it, and the result is "at least the maximum rate"
                    } else {
                        nextRate = Math.min(rate * settings.factor(), cap);
                    }
                } else {
                    firstFail = rate;
                    if (lastPass == null) {
                        stepDown(rate);
                    } else {
                        narrow();
                    }
                }
            }
            case DOWN -> {
                if (pass) {
                    passed(rate);
                    narrow();
                } else {
                    firstFail = rate;
                    stepDown(rate);
                }
            }
            case BISECT -> {
                if (pass) {
                    passed(rate);
                } else {
                    firstFail = rate;
                }
                narrow();
            }
            case CONFIRM -> {
                if (pass) {
                    confirmed = rate;
                    finish(firstFail == null ? SearchOutcome.MAX_RATE_REACHED : SearchOutcome.FOUND);
                } else {
                    holdFailed(rate);
                }
            }
            case DONE -> throw new IllegalStateException("the search is over");
        }
    }

    /** The user stopped the search: the running step (if any) is dropped without a verdict. */
    public void stop() {
        if (phase != Phase.DONE) {
            running = null;
            finish(SearchOutcome.STOPPED);
        }
    }

    public boolean done() {
        return phase == Phase.DONE;
    }

    /** The bracket so far (for progress lines while the search runs). */
    public Bracket bracket() {
        return new Bracket(lastPass, firstFail);
    }

    /**
     * @throws IllegalStateException while the search is still running
     */
    public SearchResult result() {
        if (phase != Phase.DONE) {
            throw new IllegalStateException("the search is still running");
        }
        return new SearchResult(outcome, confirmed, bracket(), recorded, failedHolds,
            limitedAt, explanation(), remedy());
    }

    private void passed(double rate) {
        passes.add(rate);
        if (longSteps) {
            heldPasses.add(rate);
        }
        lastPass = rate;
    }

    /** Bisect further, or hold the last pass once the bracket is within the precision (unless it was held). */
    private void narrow() {
        if ((firstFail - lastPass) / lastPass <= settings.precision() + EPSILON) {
            if (heldPasses.contains(lastPass)) {
                confirmed = lastPass;
                finish(SearchOutcome.FOUND);
            } else {
                confirm();
            }
        } else {
            phase = Phase.BISECT;
            nextRate = (lastPass + firstFail) / 2;
        }
    }

    private void confirm() {
        phase = Phase.CONFIRM;
        nextRate = lastPass;
    }

    private void stepDown(double failedRate) {
        double floor = settings.floorRate();
        if (failedRate <= floor * (1 + EPSILON)) {
            finish(SearchOutcome.NONE_PASSED);
            return;
        }
        phase = Phase.DOWN;
        nextRate = Math.max(failedRate / settings.factor(), floor);
    }

    /** The held rate is not sustainable after all: it bounds the search from above, which goes on below it. */
    private void holdFailed(double rate) {
        failedHolds.add(rate);
        longSteps = true;
        firstFail = rate;
        passes.tailSet(rate, true).clear();
        lastPass = passes.isEmpty() ? null : passes.last();
        if (failedHolds.size() >= settings.maxConfirmations()) {
            finish(SearchOutcome.UNCONFIRMED);
        } else if (lastPass == null) {
            stepDown(rate);
        } else {
            narrow();
        }
    }

    private void finish(SearchOutcome how) {
        outcome = how;
        phase = Phase.DONE;
    }

    private String explanation() {
        Bracket b = bracket();
        return switch (outcome) {
            case FOUND -> "KPC sustained " + Text.rate(confirmed) + " within the SLOs, confirmed by a hold of "
                + Text.seconds(settings.holdFor(confirmed)) + "; " + Text.rate(firstFail) + " failed, so the capacity"
                + " lies between them (" + Text.percent(b.width()) + " apart)";
            case MAX_RATE_REACHED -> "KPC sustained at least " + Text.rate(confirmed) + ": every step passed up to "
                + "the maximum rate, and the hold there passed too; its limit is higher";
            case NONE_PASSED -> "no step passed, down to the floor of " + Text.rate(settings.floorRate())
                + ": KPC did not meet the SLOs at any rate tried";
            case GENERATOR_LIMITED -> "inconclusive at " + Text.rate(limitedAt) + ": the generator could not keep "
                + "the offered rate (its send lag or achieved rate gave it away), so this limit is the generator's, "
                + "not KPC's" + (lastPass != null ? "; KPC passed " + Text.rate(lastPass) + " (not confirmed)" : "");
            case STEP_LIMIT -> "stopped at the step cap of " + settings.maxSteps() + " before the search ended"
                + bracketText(b);
            case UNCONFIRMED -> failedHolds.size() + " confirmation holds failed (" + rates(failedHolds) + "): rates "
                + "that pass a step of " + Text.seconds(settings.measure()) + " or more did not hold for "
                + Text.plain(settings.confirmFactor()) + " times as long, so KPC degrades over time at these rates"
                + bracketText(b);
            case STOPPED -> "stopped by the user after " + recorded + " steps, before a "
                + "rate was confirmed" + bracketText(b);
        };
    }

    private String remedy() {
        return switch (outcome) {
            case FOUND -> null;
            case MAX_RATE_REACHED -> "raise --max-rate to find KPC's limit";
            case NONE_PASSED -> "check the SLOs against a quiet run (loadgen run --slo ...), or lower --min-rate";
            case GENERATOR_LIMITED -> "give the search more generator capacity: more shards (--shards N, on more "
                + "machines) or more cores for this one (--io-threads N), then run it again";
            case STEP_LIMIT -> "raise --max-steps, or start nearer the capacity (--start-rate) or accept a coarser "
                + "--precision";
            case UNCONFIRMED -> "look at the step timeline for growth over time (queues, memory, GC) on the KPC side; "
                + "a longer --measure makes steps and holds agree";
            case STOPPED -> "run it again to completion for a confirmed rate";
        };
    }

    private static String bracketText(Bracket b) {
        if (b.lastPass() == null && b.firstFail() == null) {
            return "";
        }
        return "; " + (b.lastPass() == null ? "nothing passed" : "last pass " + Text.rate(b.lastPass()))
            + (b.firstFail() == null ? ", nothing failed" : ", first failure " + Text.rate(b.firstFail()));
    }

    private static String rates(List<Double> rates) {
        StringBuilder s = new StringBuilder();
        for (Double r : rates) {
            s.append(s.isEmpty() ? "" : ", ").append(Text.rate(r));
        }
        return s.toString();
    }
}
