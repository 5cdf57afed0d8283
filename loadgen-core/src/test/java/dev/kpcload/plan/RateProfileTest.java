package dev.kpcload.plan;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RateProfileTest {

    private static final long S = 1_000_000_000L;

    @Test
    void stagesGoLinearlyFromThePreviousRate() {
        // the example: start 200/s, 20 s ramp to 2000/s, 10 s hold
        RateProfile p = new RateProfile(200, List.of(Stage.ramp(20 * S, 2000), Stage.ramp(10 * S, 2000)));
        assertEquals(30 * S, p.totalNanos());
        assertEquals(2000, p.peakPerSecond());
        assertEquals(42_000, p.integral(), 0, "20 s at a mean of 1100/s, then 10 s at 2000/s");
    }

    @Test
    void aJumpingStageStartsAtItsOwnRate() {
        Stage jump = Stage.at(5 * S, 300);
        assertTrue(jump.jumps());
        assertEquals(300, jump.startPerSecond(10));
        Stage k6 = Stage.ramp(5 * S, 300);
        assertFalse(k6.jumps());
        assertEquals(10, k6.startPerSecond(10));
        // 100/s for 10 s, jump to 300/s for 5 s, ramp from there to 0 over 2 s
        RateProfile p = new RateProfile(100, List.of(Stage.ramp(10 * S, 100), jump, Stage.ramp(2 * S, 0)));
        assertEquals(1000 + 1500 + 300, p.integral(), 0);
        assertEquals(300, p.peakPerSecond());
        // a jump's own start rate counts for the peak even when the stage ramps down from it
        assertEquals(900, new RateProfile(1, List.of(new Stage(S, 0, false, 900))).peakPerSecond());
        assertEquals(450, new RateProfile(1, List.of(new Stage(S, 0, false, 900))).integral(), 0);
    }

    @Test
    void theStartRateCountsForThePeakOnlyWhereTheFirstStageBeginsAtIt() {
        assertEquals(500, new RateProfile(500, List.of(Stage.ramp(S, 10))).peakPerSecond());
        assertEquals(10, new RateProfile(500, List.of(Stage.at(S, 10))).peakPerSecond());
    }

    @Test
    void constant() {
        RateProfile p = RateProfile.constant(250, 4 * S);
        assertEquals(250, p.startPerSecond());
        assertEquals(List.of(new Stage(4 * S, 250, false)), p.stages());
        assertEquals(1000, p.integral(), 0);
        assertEquals(250, p.peakPerSecond());
    }

    @Test
    void ofStartsAtZeroAsK6Does() {
        RateProfile p = RateProfile.of(List.of(Stage.ramp(10 * S, 100)));
        assertEquals(0, p.startPerSecond());
        assertEquals(500, p.integral(), 0);
    }

    @Test
    void scaledDividesDurationsAndKeepsRates() {
        RateProfile p = new RateProfile(200, List.of(Stage.ramp(20 * S, 2000).asWarmup(), Stage.at(10 * S, 700)));
        RateProfile fast = p.scaled(10);
        assertEquals(new RateProfile(200, List.of(new Stage(2 * S, 2000, true), Stage.at(S, 700))), fast);
        assertEquals(3 * S, fast.totalNanos());
        assertEquals(p.integral() / 10, fast.integral(), 1e-9);
        assertEquals(p.peakPerSecond(), fast.peakPerSecond());
        assertEquals(new Stage(40 * S, 2000, true), p.scaled(0.5).stages().get(0), "a scale below 1 slows down");
        assertEquals(333_333_333L, RateProfile.constant(5, S).scaled(3).totalNanos(), "rounded to the nanosecond");
    }

    @Test
    void scaledRejectsBadScalesAndStagesThatVanish() {
        RateProfile p = RateProfile.constant(5, 10);
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> p.scaled(bad), "scale " + bad);
        }
        assertEquals("a stage of 10 ns is shorter than 1 ns at time scale 100.0",
                assertThrows(IllegalArgumentException.class, () -> p.scaled(100)).getMessage());
    }

    @Test
    void stageValidation() {
        assertEquals("stage duration must be more than 0, got 0 ns",
                assertThrows(IllegalArgumentException.class, () -> Stage.ramp(0, 5)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Stage.ramp(-1, 5));
        assertEquals("stage target rate must be finite and at least 0, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> Stage.ramp(S, -1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Stage.ramp(S, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Stage.ramp(S, Double.POSITIVE_INFINITY));
        assertEquals("stage start rate must be finite and at least 0, got -2.0",
                assertThrows(IllegalArgumentException.class, () -> new Stage(S, 1, false, -2)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Stage(S, 1, false, Double.POSITIVE_INFINITY));
        assertTrue(Stage.ramp(S, 0).targetPerSecond() == 0, "0 is a rate: a pause");
    }

    @Test
    void profileValidation() {
        Stage one = Stage.ramp(S, 5);
        assertEquals("a rate profile needs at least one stage",
                assertThrows(IllegalArgumentException.class, () -> new RateProfile(5, List.of())).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RateProfile(5, null));
        assertEquals("start rate must be finite and at least 0, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> new RateProfile(-1, List.of(one))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RateProfile(Double.NaN, List.of(one)));
        assertThrows(IllegalArgumentException.class, () -> new RateProfile(Double.POSITIVE_INFINITY, List.of(one)));
        assertEquals("the rate profile never sends: its rate is 0 throughout",
                assertThrows(IllegalArgumentException.class,
                        () -> new RateProfile(0, List.of(Stage.ramp(S, 0), Stage.at(S, 0)))).getMessage());
        // a start rate only counts where the first stage begins at it
        assertThrows(IllegalArgumentException.class, () -> new RateProfile(100, List.of(Stage.at(S, 0))));
        assertEquals(50, new RateProfile(100, List.of(Stage.ramp(S, 0))).integral(), 0);
        assertEquals("a rate profile may last at most 292 years",
                assertThrows(IllegalArgumentException.class, () -> new RateProfile(1,
                        List.of(Stage.ramp(Long.MAX_VALUE, 1), Stage.ramp(1, 1)))).getMessage());
    }

    @Test
    void stagesAreCopied() {
        List<Stage> stages = new ArrayList<>(List.of(Stage.ramp(S, 5)));
        RateProfile p = new RateProfile(5, stages);
        stages.add(Stage.ramp(S, 7));
        assertEquals(1, p.stages().size());
        assertThrows(UnsupportedOperationException.class, () -> p.stages().add(Stage.ramp(S, 7)));
    }

    @Test
    void stepWithJumps() {
        List<Stage> steps = Shapes.step(100, 100, 3, 10 * S, 0);
        assertEquals(List.of(Stage.at(10 * S, 100), Stage.at(10 * S, 200), Stage.at(10 * S, 300)), steps);
        RateProfile p = RateProfile.of(steps);
        assertEquals(1000 + 2000 + 3000, p.integral(), 0);
        assertEquals(30 * S, p.totalNanos());
        StagedSchedule s = new StagedSchedule(p, 0);
        assertEquals(100, s.ratePerSecondAt(0));
        assertEquals(100, s.ratePerSecondAt(10 * S - 1));
        assertEquals(200, s.ratePerSecondAt(10 * S), "the jump is instantaneous");
        assertEquals(300, s.ratePerSecondAt(30 * S - 1));
    }

    @Test
    void stepWithRamps() {
        List<Stage> steps = Shapes.step(100, 100, 3, 10 * S, 5 * S);
        assertEquals(List.of(Stage.at(10 * S, 100), Stage.ramp(5 * S, 200), Stage.ramp(10 * S, 200),
                Stage.ramp(5 * S, 300), Stage.ramp(10 * S, 300)), steps);
        RateProfile p = RateProfile.of(steps);
        assertEquals(40 * S, p.totalNanos());
        assertEquals(1000 + 750 + 2000 + 1250 + 3000, p.integral(), 0);
        StagedSchedule s = new StagedSchedule(p, 0);
        assertEquals(150, s.ratePerSecondAt(12_500_000_000L), 1e-9, "half-way up the first ramp");
    }

    @Test
    void stepDownAndSingleLevel() {
        assertEquals(List.of(Stage.at(S, 300), Stage.at(S, 200), Stage.at(S, 100), Stage.at(S, 0)),
                Shapes.step(300, -100, 4, S, 0));
        assertEquals(List.of(Stage.at(S, 7)), Shapes.step(7, 1000, 1, S, S));
        assertEquals("step level 3 rate must be finite and at least 0, got -100.0",
                assertThrows(IllegalArgumentException.class, () -> Shapes.step(100, -100, 3, S, 0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shapes.step(100, 100, 0, S, 0));
        assertThrows(IllegalArgumentException.class, () -> Shapes.step(100, 100, 2, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Shapes.step(100, 100, 2, S, -1));
        assertThrows(IllegalArgumentException.class, () -> Shapes.step(100, Double.NaN, 2, S, 0));
    }

    @Test
    void spike() {
        List<Stage> spike = Shapes.spike(100, 1000, 10 * S, 20 * S, 10 * S);
        assertEquals(List.of(new Stage(10 * S, 1000, false, 100), Stage.ramp(20 * S, 1000), Stage.ramp(10 * S, 100)),
                spike);
        RateProfile p = RateProfile.of(spike);
        assertEquals(5500 + 20_000 + 5500, p.integral(), 0);
        StagedSchedule s = new StagedSchedule(p, 0);
        assertEquals(100, s.ratePerSecondAt(0), "self-contained: begins at its base whatever the profile's start");
        assertEquals(550, s.ratePerSecondAt(5 * S), 1e-9);
        assertEquals(1000, s.ratePerSecondAt(25 * S));
        assertEquals(550, s.ratePerSecondAt(35 * S), 1e-9);
    }

    @Test
    void spikeWithZeroParts() {
        assertEquals(List.of(Stage.at(S, 1000), Stage.ramp(2 * S, 100)), Shapes.spike(100, 1000, 0, S, 2 * S),
                "no ramp: a jump");
        assertEquals(List.of(new Stage(S, 1000, false, 100), Stage.ramp(S, 100)), Shapes.spike(100, 1000, S, 0, S),
                "no hold: a peak");
        assertEquals(List.of(new Stage(S, 1000, false, 100), Stage.ramp(S, 1000)), Shapes.spike(100, 1000, S, S, 0));
        assertEquals(List.of(new Stage(2 * S, 100, false, 1000)), Shapes.spike(100, 1000, 0, 0, 2 * S));
        assertThrows(IllegalArgumentException.class, () -> Shapes.spike(100, 1000, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Shapes.spike(100, 1000, -1, S, S));
        assertThrows(IllegalArgumentException.class, () -> Shapes.spike(-1, 1000, S, S, S));
        assertThrows(IllegalArgumentException.class, () -> Shapes.spike(100, Double.NaN, S, S, S));
    }

    @Test
    void shapesConcatenateBecauseTheyAreSelfContained() {
        List<Stage> stages = new ArrayList<>();
        stages.add(Stage.at(60 * S, 50).asWarmup());
        stages.addAll(Shapes.step(100, 100, 2, 10 * S, 0));
        stages.addAll(Shapes.spike(200, 800, S, S, S));
        RateProfile p = RateProfile.of(stages);
        assertEquals(3000 + 1000 + 2000 + 500 + 800 + 500, p.integral(), 0);
        assertTrue(p.stages().get(0).warmup());
        assertFalse(p.stages().get(1).warmup());
    }
}
