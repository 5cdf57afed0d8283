package dev.kpcload.compare;

import dev.kpcload.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ToleranceTest {

    private static final Tolerance TEN = new Tolerance(0.10, 1.0, 0.0001);

    @Test
    void parsesPercentagesFractionsAndDurations() {
        Tolerance t = Tolerance.parse("10%", "1ms", "0.01%");
        assertEquals(0.10, t.relative(), 1e-12);
        assertEquals(1.0, t.latencyFloorMs(), 1e-12);
        assertEquals(0.0001, t.ratioFloor(), 1e-12);
        assertEquals(0.25, Tolerance.parse("0.25", "0.5ms", "0").relative(), 1e-12);
        assertEquals(0.5, Tolerance.parse("0.25", "0.5ms", "0").latencyFloorMs(), 1e-12);
        assertEquals(1.5, Tolerance.parse("150 %", "0", "1").relative(), 1e-12);
        assertEquals(0, Tolerance.parse("0%", "0", "0").latencyFloorMs());
        assertEquals(Tolerance.DEFAULT, Tolerance.parse("10%", "1ms", "0.01%"));
    }

    @Test
    void badValuesNameTheirFlag() {
        assertEquals("--tolerance: expected a percentage such as 10% (or a fraction such as 0.1), got 'ten'",
            assertThrows(InvalidInputException.class, () -> Tolerance.parse("ten", "1ms", "0")).getMessage());
        assertTrue(assertThrows(InvalidInputException.class, () -> Tolerance.parse("-5%", "1ms", "0")).getMessage()
            .startsWith("--tolerance: expected a percentage"));
        assertEquals("--tolerance: a bare number is a fraction and must be at most 1; write 10% for a percentage",
            assertThrows(InvalidInputException.class, () -> Tolerance.parse("10", "1ms", "0")).getMessage());
        assertTrue(assertThrows(InvalidInputException.class, () -> Tolerance.parse("10%", "1 ms", "0")).getMessage()
            .startsWith("--min-latency-change: expected a duration"));
        assertTrue(assertThrows(InvalidInputException.class, () -> Tolerance.parse("10%", "1ms", "x")).getMessage()
            .startsWith("--min-ratio-change: expected a percentage"));
    }

    @Test
    void worseOnlyBeyondBothTheToleranceAndTheFloor() {
        assertEquals(Verdict.SAME, TEN.judgeLatency(10, 10));
        assertEquals(Verdict.SAME, TEN.judgeLatency(10, 11), "exactly 10 % worse is within the tolerance");
        assertEquals(Verdict.WORSE, TEN.judgeLatency(10, 11.01));
        assertEquals(Verdict.SAME, TEN.judgeLatency(10, 9), "exactly 10 % better is the same too");
        assertEquals(Verdict.BETTER, TEN.judgeLatency(10, 8.99));
        // the floor: three times worse, by 0.2 ms, is noise
        assertEquals(Verdict.SAME, TEN.judgeLatency(0.1, 0.3));
        assertEquals(Verdict.SAME, TEN.judgeLatency(0.1, 1.1), "by exactly the floor is not beyond it");
        assertEquals(Verdict.WORSE, TEN.judgeLatency(0.1, 1.2));
        assertEquals(Verdict.BETTER, TEN.judgeLatency(1.2, 0.1));
        // far above the floor, the tolerance decides: 1 s to 1.05 s is 50 ms worse and still within 10 %
        assertEquals(Verdict.SAME, TEN.judgeLatency(1000, 1050));
        assertEquals(Verdict.WORSE, TEN.judgeLatency(1000, 1101));
        assertEquals(Verdict.NOT_COMPARABLE, TEN.judgeLatency(Double.NaN, 1));
    }

    @Test
    void ratiosHaveTheirOwnFloor() {
        assertEquals(Verdict.SAME, TEN.judgeRatio(0, 0.00005), "half the floor: one in 20,000 more");
        assertEquals(Verdict.WORSE, TEN.judgeRatio(0, 0.0002), "from none to two in 10,000");
        assertEquals(Verdict.BETTER, TEN.judgeRatio(0.01, 0.001));
        assertEquals(Verdict.SAME, TEN.judgeRatio(0.01, 0.0109));
    }
}
