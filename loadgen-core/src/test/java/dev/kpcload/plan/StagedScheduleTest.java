package dev.kpcload.plan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class StagedScheduleTest {

    private static final long S = 1_000_000_000L;
    private static final long START = 123_456_789_000L;
    private static final MathContext MC = new MathContext(60);
    private static final BigDecimal BILLION = BigDecimal.valueOf(S);

    /**
     * The intended time of message k in exact arithmetic on the profile's exact binary values, independent of the
     * code under test: the first t with N(t) > k, found stage by stage; null when k is not in the plan.
     */
    static BigDecimal exactTime(RateProfile profile, long start, long k) {
        BigDecimal kk = BigDecimal.valueOf(k);
        BigDecimal before = BigDecimal.ZERO;
        BigDecimal at = BigDecimal.valueOf(start);
        double previous = profile.startPerSecond();
        for (Stage stage : profile.stages()) {
            BigDecimal r0 = new BigDecimal(stage.startPerSecond(previous));
            BigDecimal r1 = new BigDecimal(stage.targetPerSecond());
            BigDecimal d = BigDecimal.valueOf(stage.durationNanos());
            BigDecimal count = d.multiply(r0.add(r1)).divide(BILLION.add(BILLION), MC);
            if (before.add(count).compareTo(kk) > 0) {
                BigDecimal m = kk.subtract(before);
                if (m.signum() == 0) {
                    return at;
                }
                BigDecimal rate = r0.divide(BILLION, MC);
                BigDecimal slope = r1.subtract(r0).divide(BILLION.multiply(d), MC);
                BigDecimal tau = slope.signum() == 0 ? m.divide(rate, MC)
                        : m.add(m).divide(rate.add(rate.multiply(rate).add(slope.multiply(m).multiply(BigDecimal.valueOf(2)))
                        .sqrt(MC)), MC);
                return at.add(tau);
            }
            before = before.add(count);
            at = at.add(d);
            previous = stage.targetPerSecond();
        }
        return null;
    }

    static BigDecimal exactIntegral(RateProfile profile) {
        BigDecimal sum = BigDecimal.ZERO;
        double previous = profile.startPerSecond();
        for (Stage stage : profile.stages()) {
            BigDecimal r0 = new BigDecimal(stage.startPerSecond(previous));
            BigDecimal r1 = new BigDecimal(stage.targetPerSecond());
            sum = sum.add(BigDecimal.valueOf(stage.durationNanos()).multiply(r0.add(r1)).divide(BILLION.add(BILLION), MC));
            previous = stage.targetPerSecond();
        }
        return sum;
    }

    /**
     * The time is the exact time rounded down, give or take rounding: a thousandth of a nanosecond, plus a few
     * parts in 1e15 of the time since the start (the arithmetic is double, and rounds up a hair below a whole one).
     */
    static void assertFloorOfExact(BigDecimal exact, long start, long got, String what) {
        BigDecimal g = BigDecimal.valueOf(got);
        BigDecimal slack = new BigDecimal("0.001")
                .add(exact.subtract(BigDecimal.valueOf(start)).abs().multiply(new BigDecimal("4e-15")));
        assertTrue(g.compareTo(exact.add(slack)) <= 0 && g.compareTo(exact.subtract(BigDecimal.ONE).subtract(slack)) > 0,
                what + ": got " + got + ", exact " + exact.toPlainString());
    }

    private static long ceil(BigDecimal x) {
        return x.setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** Every k in the plan in order: times against the exact ones, non-decreasing, and the count. */
    private static void checkEveryMessage(RateProfile profile, long start) {
        checkEveryMessage(profile, start, 1);
    }

    /** Every k in order, every {@code referenceStride}-th against the (slow) exact reference. */
    private static void checkEveryMessage(RateProfile profile, long start, int referenceStride) {
        StagedSchedule s = new StagedSchedule(profile, start);
        long previous = Long.MIN_VALUE;
        long k = 0;
        for (; ; k++) {
            long t = s.intendedNanos(k);
            assertTrue(t >= previous, "non-decreasing at k=" + k);
            previous = t;
            if (t >= s.endNanos()) {
                break;
            }
            assertTrue(t >= start);
            if (k % referenceStride == 0) {
                BigDecimal exact = exactTime(profile, start, k);
                assertNotNull(exact, "k=" + k + " is in the plan only if exactly so");
                assertFloorOfExact(exact, start, t, "k=" + k);
            }
        }
        assertEquals(k, s.plannedCount(), "plannedCount is the number of k intended before the end");
        assertEquals(ceil(exactIntegral(profile)), s.plannedCount(), "ceil(integral)");
        assertNull(exactTime(profile, start, k));
        for (long j = k; j < k + 100; j++) {
            assertTrue(s.intendedNanos(j + 1) >= s.intendedNanos(j), "non-decreasing past the end, k=" + j);
        }
    }

    @Test
    void theIssuesExample() {
        // start 200/s; 20 s ramp to 2000/s; 10 s hold at 2000/s
        RateProfile p = new RateProfile(200, List.of(Stage.ramp(20 * S, 2000), Stage.ramp(10 * S, 2000)));
        StagedSchedule s = new StagedSchedule(p, START);
        assertEquals(42_000, s.plannedCount());
        assertEquals(START, s.intendedNanos(0), "first at the start");
        assertEquals(START + 30 * S, s.endNanos());
        assertTrue(s.intendedNanos(41_999) < s.endNanos());
        assertEquals(s.endNanos(), s.intendedNanos(42_000));
        // N(t) = 200 t + 45 t^2 on the ramp: N(10 s) = 6500, N(20 s) = 22000 exactly
        assertEquals(START + 10 * S, s.intendedNanos(6500));
        assertEquals(START + 20 * S, s.intendedNanos(22_000));
        assertEquals(START + 20 * S + 500_000L, s.intendedNanos(22_001), "then every 0.5 ms");
        assertEquals(START + 30 * S - 500_000L, s.intendedNanos(41_999));
        assertEquals(List.of(
                new StagedSchedule.StageWindow(0, START, START + 20 * S, 200, 2000, 0, 22_000, false),
                new StagedSchedule.StageWindow(1, START + 20 * S, START + 30 * S, 2000, 2000, 22_000, 20_000, false)),
                s.windows());
        checkEveryMessage(p, START);
    }

    @Test
    void rampUpFromZero() {
        // N(t) = 5 t^2 over 10 s: message k at sqrt(k / 5) s
        RateProfile p = RateProfile.of(List.of(Stage.ramp(10 * S, 100)));
        StagedSchedule s = new StagedSchedule(p, START);
        assertEquals(500, s.plannedCount());
        assertEquals(START, s.intendedNanos(0), "a ramp from 0 still sends message 0 at the start");
        assertEquals(START + S, s.intendedNanos(5));
        assertEquals(START + 2 * S, s.intendedNanos(20));
        assertEquals(START + 9 * S, s.intendedNanos(405));
        assertEquals(START + 447_213_595L, s.intendedNanos(1), "sqrt(0.2) s");
        checkEveryMessage(p, START);
    }

    @Test
    void wholeNanosecondTimesOnRampsAreExact() {
        // on a ramp from r0 to r1 over D seconds, N(tau) = r0 tau + (r1 - r0) tau^2 / 2D; where that is a whole
        // number at a whole millisecond, that message must come out at exactly that millisecond (the double
        // arithmetic misses it from below about one time in five)
        int checked = 0;
        for (int r0 = 0; r0 <= 300; r0 += 37) {
            for (int r1 = 1; r1 <= 3000; r1 += 419) {
                for (int seconds = 1; seconds <= 13; seconds += 4) {
                    StagedSchedule s = new StagedSchedule(new RateProfile(r0, List.of(Stage.ramp(seconds * S, r1))), START);
                    for (long ms = 1; ms < seconds * 1000L; ms++) {
                        long twiceDN = 2L * r0 * ms * 1000 * seconds + (long) (r1 - r0) * ms * ms; // 2e6 D N(ms)
                        long den = 2_000_000L * seconds;
                        if (twiceDN % den == 0) {
                            assertEquals(START + ms * 1_000_000L, s.intendedNanos(twiceDN / den), r0 + " to " + r1
                                    + " over " + seconds + " s, k=" + twiceDN / den);
                            checked++;
                        }
                    }
                }
            }
        }
        assertTrue(checked > 400, "checked " + checked);
    }

    @Test
    void rampDownToZero() {
        // N(t) = 100 t - 5 t^2 over 10 s: 500 messages, k = 495 at 9 s
        RateProfile p = new RateProfile(100, List.of(Stage.ramp(10 * S, 0)));
        StagedSchedule s = new StagedSchedule(p, START);
        assertEquals(500, s.plannedCount());
        assertEquals(START + 9 * S, s.intendedNanos(495));
        assertEquals(START + 10 * S - 447_213_596L, s.intendedNanos(499), "10 - sqrt(0.2) s");
        assertEquals(Long.MAX_VALUE, s.intendedNanos(500), "the rate ends at 0: nothing ever comes after");
        assertEquals(0, s.ratePerSecondAt(s.endNanos() - 1), 1e-6);
        checkEveryMessage(p, START);
    }

    @Test
    void holdsAndAPause() {
        // 10/s for 1 s, nothing for 1 s, 10/s for 1 s: message 10 waits for the pause to end
        RateProfile p = new RateProfile(10, List.of(Stage.ramp(S, 10), Stage.at(S, 0), Stage.at(S, 10)));
        StagedSchedule s = new StagedSchedule(p, START);
        assertEquals(20, s.plannedCount());
        assertEquals(START + 900_000_000L, s.intendedNanos(9));
        assertEquals(START + 2 * S, s.intendedNanos(10));
        assertEquals(START + 2 * S + 100_000_000L, s.intendedNanos(11));
        assertEquals(0, s.ratePerSecondAt(START + 1500_000_000L));
        assertEquals(10, s.countBefore(START + 2 * S));
        assertEquals(10, s.countBefore(START + S + 1));
        assertEquals(0, s.windows().get(1).messages());
        assertEquals(10, s.windows().get(1).firstMessage());
        checkEveryMessage(p, START);
    }

    @Test
    void aPlanThatBeginsWithAPauseSendsMessageZeroWhenItEnds() {
        RateProfile p = new RateProfile(0, List.of(Stage.ramp(3 * S, 0), Stage.at(S, 10)));
        StagedSchedule s = new StagedSchedule(p, START);
        assertEquals(START, s.startNanos());
        assertEquals(START + 3 * S, s.intendedNanos(0));
        assertEquals(10, s.plannedCount());
        // and one that ramps down to 0, pauses, and ramps up from 0 again
        RateProfile valley = new RateProfile(50, List.of(Stage.ramp(2 * S, 0), Stage.ramp(S, 0), Stage.ramp(2 * S, 50)));
        StagedSchedule v = new StagedSchedule(valley, START);
        assertEquals(100, v.plannedCount());
        assertEquals(START + 3 * S, v.intendedNanos(50), "message 50 waits at the bottom of the valley");
        checkEveryMessage(p, START);
        checkEveryMessage(valley, START);
    }

    @Test
    void jumpsUpAndDown() {
        RateProfile p = new RateProfile(0, List.of(Stage.at(S, 1000), Stage.at(S, 10), Stage.at(S, 3000),
                new Stage(S, 0, false, 2000)));
        StagedSchedule s = new StagedSchedule(p, START);
        assertEquals(1000 + 10 + 3000 + 1000, s.plannedCount());
        assertEquals(START + S, s.intendedNanos(1000));
        assertEquals(START + 2 * S, s.intendedNanos(1010));
        assertEquals(START + 3 * S, s.intendedNanos(4010));
        assertEquals(2000, s.ratePerSecondAt(START + 3 * S));
        assertEquals(3000, s.ratePerSecondAt(START + 3 * S - 1));
        checkEveryMessage(p, START);
    }

    @Test
    void manyStages() {
        List<Stage> stages = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            stages.add(i % 3 == 0 ? Stage.at(50_000_000L + i, i * 7 % 500) : Stage.ramp(30_000_000L * (1 + i % 4), i * 13 % 900));
        }
        RateProfile p = new RateProfile(3, stages);
        checkEveryMessage(p, START, 11);
        StagedSchedule s = new StagedSchedule(p, START);
        long sum = 0;
        long next = 0;
        for (StagedSchedule.StageWindow w : s.windows()) {
            assertEquals(next, w.firstMessage());
            next += w.messages();
            sum += w.messages();
        }
        assertEquals(s.plannedCount(), sum);
    }

    @Test
    void randomProfilesAgainstTheExactReference() {
        Random random = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + random.nextInt(6);
            List<Stage> stages = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long d = 1 + (long) (random.nextDouble() * random.nextDouble() * 3 * S);
                double rate = random.nextInt(5) == 0 ? 0 : random.nextDouble() * 800;
                stages.add(random.nextInt(3) == 0 ? new Stage(d, rate, false, random.nextInt(4) == 0 ? 0 : random.nextDouble() * 800)
                        : Stage.ramp(d, rate));
            }
            RateProfile p;
            try {
                p = new RateProfile(random.nextDouble() * 300, stages);
            } catch (IllegalArgumentException never) {
                continue;
            }
            StagedSchedule s = new StagedSchedule(p, START - random.nextLong(2 * START));
            long previous = Long.MIN_VALUE;
            long k = 0;
            for (; s.intendedNanos(k) < s.endNanos(); k++) {
                long t = s.intendedNanos(k);
                assertTrue(t >= previous, "trial " + trial + " non-decreasing at k=" + k);
                previous = t;
                if (k % 7 == 0) {
                    assertFloorOfExact(exactTime(p, s.startNanos(), k), s.startNanos(), t, "trial " + trial + " k=" + k);
                }
            }
            assertEquals(k, s.plannedCount());
            assertTrue(Math.abs(s.plannedCount() - p.integral()) < 1 + 1e-9, "trial " + trial + ": within one of the integral");
            assertEquals(ceil(exactIntegral(p)), s.plannedCount(), "trial " + trial);
            assertEquals(p.integral(), s.totalCount());
        }
    }

    @ParameterizedTest(name = "{0}/s")
    @ValueSource(doubles = {3, 7, 185, 225, 500, 999, 2500, 50_000, 277.77777777777777, 0.5, 1e6 / 3600 * 7})
    void agreesWithUniformScheduleOnAConstantRate(double rate) {
        long duration = (long) (1e7 / rate * 1e9) + 12_345;
        StagedSchedule staged = new StagedSchedule(RateProfile.constant(rate, duration), START);
        UniformSchedule uniform = UniformSchedule.of(START, rate, duration);
        assertEquals(uniform.endNanos(), staged.endNanos());
        assertEquals(uniform.plannedCount(), staged.plannedCount());
        for (long k = 0; k <= 10_000_000L + 10; k = k < 5000 || k > 10_000_000L - 5000 ? k + 1 : k + 997) {
            assertEquals(uniform.intendedNanos(k), staged.intendedNanos(k), 1, "k=" + k);
        }
        // and past its end, where the last rate goes on
        StagedSchedule shortOne = new StagedSchedule(RateProfile.constant(rate, (long) (1e4 / rate * 1e9)), START);
        for (long k = 0; k <= 10_000_000L; k += 9973) {
            assertEquals(uniform.intendedNanos(k), shortOne.intendedNanos(k), 1, "k=" + k);
        }
    }

    @ParameterizedTest(name = "{0}/s for {1} ns = {2}")
    @CsvSource({
            "500, 30000000000, 15000",
            "3, 1000000000, 3",
            "7, 1300000000, 10",
            "7, 1000000000, 7",
            "185, 400000000, 74",
            "225, 120000000, 27",
            "1, 1, 1",
            "0.5, 2000000000, 1",
            "0.5, 2000000001, 2",
            "1000, 999999, 1",
            "1000, 1000001, 2",
            "2500, 1000000000, 2500",
    })
    void plannedCountOfAConstantRateIsUniformSchedules(double rate, long durationNanos, long expected) {
        assertEquals(expected, new StagedSchedule(RateProfile.constant(rate, durationNanos), START).plannedCount());
    }

    @Test
    void integralsAtAndAcrossStageBoundaries() {
        RateProfile p = new RateProfile(200, List.of(Stage.ramp(20 * S, 2000), Stage.ramp(10 * S, 2000),
                Stage.ramp(4 * S, 0), Stage.at(2 * S, 500)));
        StagedSchedule s = new StagedSchedule(p, START);
        assertEquals(0, s.countBefore(START));
        assertEquals(0, s.countBefore(START - 5));
        assertEquals(1, s.countBefore(START + 1));
        assertEquals(22_000, s.countBefore(START + 20 * S));
        assertEquals(42_000, s.countBefore(START + 30 * S));
        assertEquals(46_000, s.countBefore(START + 34 * S));
        assertEquals(47_000, s.countBefore(START + 36 * S));
        assertEquals(47_000, s.plannedCount());
        assertEquals(47_000, s.countBefore(Long.MAX_VALUE));
        // across: 15 s to 25 s = N(25) - N(15) = (22000 + 10000) - (3000 + 10125)
        assertEquals(32_000 - 13_125, s.countBefore(START + 25 * S) - s.countBefore(START + 15 * S));
        // across the ramp down: N(32 s) = 42000 + 2 * (2000 + 1000) / 2
        assertEquals(45_000, s.countBefore(START + 32 * S));
    }

    @Test
    void countBeforeIsTheNumberOfMessagesIntendedBeforeATime() {
        RateProfile p = new RateProfile(3, List.of(Stage.ramp(700_000_000L, 900), Stage.at(300_000_000L, 17),
                Stage.ramp(1_100_000_000L, 0), Stage.ramp(S, 333)));
        StagedSchedule s = new StagedSchedule(p, START);
        long[] times = new long[(int) s.plannedCount()];
        for (int k = 0; k < times.length; k++) {
            times[k] = s.intendedNanos(k);
        }
        Random random = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            long t = i < times.length ? times[i] + random.nextInt(3) - 1 : START + random.nextLong(s.endNanos() - START + 10);
            long brute = 0;
            while (brute < times.length && times[(int) brute] < t) {
                brute++;
            }
            assertEquals(brute, s.countBefore(t), "t=" + t);
        }
    }

    @Test
    void theRateIsTheDerivativeOfTheCount() {
        RateProfile p = new RateProfile(200, List.of(Stage.ramp(20 * S, 2000), Stage.ramp(10 * S, 2000),
                Stage.ramp(7 * S, 0), Stage.at(3 * S, 0), Stage.ramp(5 * S, 900), Stage.at(4 * S, 50)));
        StagedSchedule s = new StagedSchedule(p, START);
        Random random = new Random(11);
        for (int i = 0; i < 200; i++) {
            long from = START - S + random.nextLong(s.endNanos() - START + S);
            long to = from + S;
            // the integral of the rate over the window by the midpoint rule at 10 microseconds
            double integral = 0;
            long step = 10_000;
            for (long t = from; t < to; t += step) {
                integral += s.ratePerSecondAt(t + step / 2) * step / 1e9;
            }
            long counted = s.countBefore(to) - s.countBefore(from);
            assertEquals(integral, counted, 1.05, "window at " + (from - START) + " ns");
        }
    }

    @Test
    void rateIsPiecewiseLinearAndZeroOutside() {
        RateProfile p = new RateProfile(200, List.of(Stage.ramp(20 * S, 2000), Stage.ramp(10 * S, 2000)));
        StagedSchedule s = new StagedSchedule(p, START);
        assertEquals(0, s.ratePerSecondAt(START - 1));
        assertEquals(200, s.ratePerSecondAt(START));
        assertEquals(1100, s.ratePerSecondAt(START + 10 * S), 1e-9);
        assertEquals(2000, s.ratePerSecondAt(START + 20 * S));
        assertEquals(2000, s.ratePerSecondAt(START + 30 * S - 1));
        assertEquals(0, s.ratePerSecondAt(START + 30 * S));
        assertEquals(0, s.ratePerSecondAt(Long.MIN_VALUE));
        assertEquals(0, s.ratePerSecondAt(Long.MAX_VALUE));
    }

    @Test
    void hoursAt20000PerSecondLoseNoPrecision() {
        // a 3-hour ramp from 0 to 20,000/s, then 3 hours at 20,000/s: 324 million messages
        long hours3 = 3 * 3600 * S;
        RateProfile p = RateProfile.of(List.of(Stage.ramp(hours3, 20_000), Stage.ramp(hours3, 20_000)));
        StagedSchedule s = new StagedSchedule(p, START);
        assertEquals(324_000_000L, s.plannedCount());
        assertEquals(START + hours3, s.intendedNanos(108_000_000L), "the ramp's end, exactly");
        assertEquals(START + 2 * hours3 - 50_000, s.intendedNanos(323_999_999L), "the last, 50 us before the end");
        Random random = new Random(5);
        for (int i = 0; i < 3000; i++) {
            long k = i < 1000 ? 108_000_000L - 500 + i : random.nextLong(324_000_000L);
            assertFloorOfExact(exactTime(p, START, k), START, s.intendedNanos(k), "k=" + k);
        }
        // late in the ramp consecutive messages are ~50 us apart and never out of order
        long previous = s.intendedNanos(107_000_000L);
        for (long k = 107_000_001L; k < 108_001_000L; k++) {
            long t = s.intendedNanos(k);
            long gap = t - previous;
            assertTrue(gap >= 50_000 && gap <= 50_250, "k=" + k + " gap " + gap);
            previous = t;
        }
        for (long k = 323_000_000L; k < 324_000_000L; k++) {
            assertEquals(START + hours3 + (k - 108_000_000L) * 50_000, s.intendedNanos(k), "hold, k=" + k);
        }
    }

    @Test
    void hoursOfRampingDownToZeroLoseNoPrecisionNearTheBottom() {
        // 3 hours from 20,000/s down to 0: 108 million messages, the last ones ever further apart
        long hours3 = 3 * 3600 * S;
        RateProfile p = new RateProfile(20_000, List.of(Stage.ramp(hours3, 0)));
        StagedSchedule s = new StagedSchedule(p, START);
        assertEquals(108_000_000L, s.plannedCount());
        for (long k = 108_000_000L - 3000; k < 108_000_000L; k++) {
            assertFloorOfExact(exactTime(p, START, k), START, s.intendedNanos(k), "k=" + k);
        }
        Random random = new Random(9);
        for (int i = 0; i < 2000; i++) {
            long k = random.nextLong(108_000_000L);
            assertFloorOfExact(exactTime(p, START, k), START, s.intendedNanos(k), "k=" + k);
        }
    }

    @Test
    void warmup() {
        RateProfile p = new RateProfile(10, List.of(Stage.ramp(S, 10).asWarmup(), Stage.at(S, 100).asWarmup(),
                Stage.at(2 * S, 50), Stage.at(S, 20)));
        StagedSchedule s = new StagedSchedule(p, START);
        assertEquals(START + 2 * S, s.warmupEndNanos());
        assertTrue(s.warmupAt(START));
        assertTrue(s.warmupAt(START + 2 * S - 1));
        assertFalse(s.warmupAt(START + 2 * S));
        assertFalse(s.warmupAt(START - 1));
        assertFalse(s.warmupAt(s.endNanos()));
        for (long k = 0; k < s.plannedCount(); k++) {
            assertEquals(k < 110, s.isWarmup(k), "k=" + k);
        }
        assertFalse(s.isWarmup(s.plannedCount()));
        assertFalse(s.isWarmup(-1));
        List<StagedSchedule.StageWindow> w = s.windows();
        assertEquals(List.of(true, true, false, false), w.stream().map(StagedSchedule.StageWindow::warmup).toList());
        assertEquals(List.of(10L, 100L, 100L, 20L), w.stream().map(StagedSchedule.StageWindow::messages).toList());
        assertEquals(START, new StagedSchedule(RateProfile.constant(5, S), START).warmupEndNanos(), "no warm-up");
    }

    @Test
    void warmupAnywhereEndsWithTheLastWarmupStage() {
        RateProfile p = new RateProfile(10, List.of(Stage.ramp(S, 10), Stage.ramp(S, 10).asWarmup(), Stage.ramp(S, 10)));
        StagedSchedule s = new StagedSchedule(p, START);
        assertEquals(START + 2 * S, s.warmupEndNanos());
        assertFalse(s.isWarmup(9));
        assertTrue(s.isWarmup(10));
        assertTrue(s.isWarmup(19));
        assertFalse(s.isWarmup(20));
    }

    @Test
    void negativeStartTimes() {
        long start = -5 * S;
        RateProfile p = new RateProfile(200, List.of(Stage.ramp(20 * S, 2000), Stage.ramp(10 * S, 2000)));
        StagedSchedule s = new StagedSchedule(p, start);
        assertEquals(42_000, s.plannedCount());
        assertEquals(start + 20 * S, s.intendedNanos(22_000));
        assertEquals(25 * S, s.endNanos());
    }

    @Test
    void aPlanEndingAfterTheClocksLastNanosecondIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new StagedSchedule(RateProfile.constant(1, Long.MAX_VALUE - 10), 11));
        StagedSchedule s = new StagedSchedule(RateProfile.constant(1, Long.MAX_VALUE - 10), 10);
        assertEquals(Long.MAX_VALUE, s.endNanos());
        assertEquals(Long.MAX_VALUE, s.intendedNanos(Long.MAX_VALUE), "past the end saturates");
    }

    @Test
    void profileAndShareability() {
        RateProfile p = RateProfile.constant(5, S);
        StagedSchedule s = new StagedSchedule(p, START);
        assertSame(p, s.profile());
        assertSame(s, s.forLane(), "pure: one instance serves every lane");
    }
}
