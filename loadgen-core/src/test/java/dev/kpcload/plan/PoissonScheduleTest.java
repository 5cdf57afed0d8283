package dev.kpcload.plan;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class PoissonScheduleTest {

    private static final long S = 1_000_000_000L;
    private static final long START = 77_000_000_000L;
    private static final int B = PoissonSchedule.BLOCK;

    @Test
    void theSameSeedGivesTheSameTimesInAnyOrder() {
        UniformSchedule shape = UniformSchedule.of(START, 1000, 0);
        PoissonSchedule a = new PoissonSchedule(shape, 42);
        PoissonSchedule b = new PoissonSchedule(shape, 42);
        long[] sequential = new long[20_000];
        for (int k = 0; k < sequential.length; k++) {
            sequential[k] = a.intendedNanos(k);
        }
        List<Integer> order = new ArrayList<>();
        for (int k = 0; k < sequential.length; k++) {
            order.add(k);
        }
        Collections.shuffle(order, new Random(1));
        for (int k : order) {
            assertEquals(sequential[k], b.intendedNanos(k), "k=" + k + " is a pure function of (seed, k)");
        }
        PoissonSchedule other = new PoissonSchedule(shape, 43);
        int same = 0;
        for (int k = 0; k < sequential.length; k++) {
            same += other.intendedNanos(k) == sequential[k] ? 1 : 0;
        }
        assertTrue(same < 100, "another seed, other times: " + same + " equal");
    }

    @Test
    void lanesGetTheirOwnViewsThatAgree() {
        PoissonSchedule plan = new PoissonSchedule(UniformSchedule.of(START, 500, 0), 7);
        Schedule lane1 = plan.forLane();
        Schedule lane2 = plan.forLane();
        assertNotSame(plan, lane1);
        assertNotSame(lane1, lane2);
        // interleaved walks that would thrash one shared cache
        for (long k = 0; k < 10_000; k++) {
            long far = 50_000 + k * 3;
            assertEquals(plan.intendedNanos(k), lane1.intendedNanos(k));
            assertEquals(plan.intendedNanos(far), lane2.intendedNanos(far));
        }
        assertEquals(plan.plannedCount(), lane1.plannedCount());
        assertEquals(plan.endNanos(), lane1.endNanos());
    }

    @Test
    void timesAreNonDecreasingAndNeverBeforeTheStart() {
        PoissonSchedule plan = new PoissonSchedule(UniformSchedule.of(START, 20_000, 0), 1);
        long previous = START;
        for (long k = 0; k < 300_000; k++) {
            long t = plan.intendedNanos(k);
            assertTrue(t >= previous, "k=" + k);
            previous = t;
        }
        assertTrue(plan.intendedNanos(0) >= START);
        assertEquals(START, plan.startNanos());
    }

    @Test
    void everyBlockHoldsExactlyItsArrivals() {
        // at 1000/s a block of 1024 arrivals covers exactly 1.024 s of the uniform plan
        UniformSchedule shape = UniformSchedule.of(START, 1000, 0);
        PoissonSchedule plan = new PoissonSchedule(shape, 99);
        for (long b = 0; b < 200; b++) {
            long from = START + b * 1_024_000_000L;
            long to = from + 1_024_000_000L;
            for (long k = b * B; k < (b + 1) * B; k++) {
                long t = plan.intendedNanos(k);
                assertTrue(t >= from && t < to, "block " + b + ", k=" + k);
                double position = plan.position(k);
                assertTrue(position >= b * B && position < (b + 1) * B);
            }
        }
    }

    @Test
    void gapsAreExponentialAtAConstantRate() {
        // 100,000 arrivals at 10,000/s: mean gap 100 us, coefficient of variation 1, P(gap > mean) = 1/e
        PoissonSchedule plan = new PoissonSchedule(UniformSchedule.of(START, 10_000, 0), 2024);
        int n = 100_000;
        double sum = 0;
        double sumSquares = 0;
        int overMean = 0;
        long previous = plan.intendedNanos(0);
        for (int k = 1; k <= n; k++) {
            long t = plan.intendedNanos(k);
            double gap = t - previous;
            sum += gap;
            sumSquares += gap * gap;
            overMean += gap > 100_000 ? 1 : 0;
            previous = t;
        }
        double mean = sum / n;
        double cv = Math.sqrt(sumSquares / n - mean * mean) / mean;
        assertEquals(100_000, mean, 100, "mean gap, ns: pinned per block, so very close");
        assertEquals(1, cv, 0.02, "coefficient of variation");
        assertEquals(Math.exp(-1), overMean / (double) n, 0.006, "share of gaps longer than the mean");
    }

    @Test
    void followsARampsShape() {
        // 0 to 10,000/s over 10 s then 10 s at 10,000/s: arrivals per second follow the area under the rate
        RateProfile profile = RateProfile.of(List.of(Stage.ramp(10 * S, 10_000), Stage.ramp(10 * S, 10_000)));
        StagedSchedule shape = new StagedSchedule(profile, START);
        PoissonSchedule plan = new PoissonSchedule(shape, 5);
        long[] perSecond = new long[20];
        for (long k = 0; k < plan.plannedCount(); k++) {
            perSecond[(int) ((plan.intendedNanos(k) - START) / S)]++;
        }
        for (int second = 0; second < 20; second++) {
            double expected = second < 10 ? 500.0 * (2 * second + 1) : 10_000;
            assertEquals(expected, perSecond[second], 4 * Math.sqrt(expected) + 1, "second " + second);
        }
        assertEquals(shape.plannedCount(), plan.plannedCount());
        assertEquals(shape.ratePerSecondAt(START + 5 * S), plan.ratePerSecondAt(START + 5 * S));
    }

    @Test
    void aFinitePlanHoldsAsManyMessagesAsItsShape() {
        // 42,000 for the profile: 41 whole blocks and a short last one of 16
        RateProfile profile = new RateProfile(200, List.of(Stage.ramp(20 * S, 2000), Stage.ramp(10 * S, 2000)));
        StagedSchedule shape = new StagedSchedule(profile, START);
        for (long seed = 0; seed < 5; seed++) {
            PoissonSchedule plan = new PoissonSchedule(shape, seed);
            assertEquals(42_000, plan.plannedCount());
            long previous = START;
            for (long k = 0; k < 42_000; k++) {
                long t = plan.intendedNanos(k);
                assertTrue(t >= previous && t < shape.endNanos(), "k=" + k);
                previous = t;
            }
            assertEquals(Long.MAX_VALUE, plan.intendedNanos(42_000), "past the plan");
            assertEquals(plan.endNanos(), shape.endNanos());
        }
        // a uniform shape with an end, and one too short for a single whole block
        assertEquals(2500, new PoissonSchedule(UniformSchedule.of(START, 500, 5 * S), 3).plannedCount());
        PoissonSchedule tiny = new PoissonSchedule(UniformSchedule.of(START, 7, 1_300_000_000L), 3);
        assertEquals(10, tiny.plannedCount(), "ceil(9.1)");
        for (int k = 0; k < 10; k++) {
            assertTrue(tiny.intendedNanos(k) < START + 1_300_000_000L);
        }
        assertEquals(Long.MAX_VALUE, new PoissonSchedule(UniformSchedule.of(START, 7, 0), 3).plannedCount());
    }

    @Test
    void theLastShortBlockSpreadsOverWhatIsLeft() {
        // 1024 + 100 arrivals: the last 100 lie uniformly over the last 100 units of count, not bunched at its start
        UniformSchedule shape = UniformSchedule.of(START, 1000, 1_124_000_000L);
        int lastHalf = 0;
        int seeds = 200;
        for (long seed = 0; seed < seeds; seed++) {
            PoissonSchedule plan = new PoissonSchedule(shape, seed);
            assertEquals(1124, plan.plannedCount());
            for (long k = 1024; k < 1124; k++) {
                double position = plan.position(k);
                assertTrue(position >= 1024 && position < 1124);
                lastHalf += position >= 1074 ? 1 : 0;
            }
        }
        assertEquals(0.5, lastHalf / (100.0 * seeds), 0.02);
    }

    @Test
    void blockSeedsAreUnrelated() {
        assertNotEquals(PoissonSchedule.mix(1, 0), PoissonSchedule.mix(1, 1));
        assertNotEquals(PoissonSchedule.mix(1, 0), PoissonSchedule.mix(2, 0));
        assertNotEquals(PoissonSchedule.mix(0, 1), PoissonSchedule.mix(1, 0));
        // block 1 of seed s and block 0 of seed s + gamma would collide with a plain seed + b * gamma
        assertNotEquals(PoissonSchedule.mix(5, 1), PoissonSchedule.mix(5 + 0x9E3779B97F4A7C15L, 0));
    }

    @Test
    void negativeIndicesAreNotInThePlan() {
        PoissonSchedule plan = new PoissonSchedule(UniformSchedule.of(START, 500, 0), 1);
        assertEquals(Long.MAX_VALUE, plan.intendedNanos(-1));
    }
}
