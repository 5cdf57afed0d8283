package dev.kpcload.run;

import dev.kpcload.plan.RateProfile;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SteppedPlanStepTest {

    private static final long S = 1_000_000_000L;

    @Test
    void aStepRampsFromThePreviousRateSettlesAndMeasuresWithOnlyTheMeasureCounted() {
        RateProfile p = new SteppedPlan.Step(2, 300, 2 * S, 1 * S, 4 * S, 100).profile();
        assertEquals(100, p.startPerSecond());
        assertEquals(3, p.stages().size());
        assertTrue(p.stages().get(0).warmup() && p.stages().get(1).warmup());
        assertFalse(p.stages().get(2).warmup());
        assertEquals(7 * S, p.totalNanos());
        assertEquals(3 * S, p.warmupNanos());
        // ramp 100 -> 300 over 2 s (400), settle 300 over 1 s, measure 300 over 4 s (1,200)
        assertEquals(400 + 300 + 1200, p.integral(), 1e-6);
        assertEquals(400 + 300, p.warmupIntegral(), 1e-6);
    }

    @Test
    void withoutRampOrSettleTheStepIsItsMeasuredHold() {
        RateProfile p = new SteppedPlan.Step(1, 500, 0, 0, 2 * S).profile();
        assertEquals(500, p.startPerSecond());
        assertEquals(1, p.stages().size());
        assertEquals(1000, p.integral(), 1e-6);
        assertEquals(0, p.warmupNanos());
    }
}
