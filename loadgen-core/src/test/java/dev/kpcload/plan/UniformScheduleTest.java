package dev.kpcload.plan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class UniformScheduleTest {

    private static final long START = 123_456_789_000L;
    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

    /** floor(k * 1e9 / rate) in exact arithmetic on the rate's exact binary value. */
    private static BigDecimal exactOffset(long k, double rate) {
        return BigDecimal.valueOf(k).multiply(NANOS_PER_SECOND).divide(new BigDecimal(rate), 30, RoundingMode.FLOOR);
    }

    @ParameterizedTest(name = "{0}/s")
    @ValueSource(doubles = {3, 7, 185, 225, 500, 999, 2500, 50_000, 277.77777777777777, 0.5, 1e6 / 3600 * 7})
    void intendedTimesStayWithinOneNanosecondOfExactOverTenMillionMessages(double rate) {
        UniformSchedule s = UniformSchedule.of(START, rate, 0);
        long previous = Long.MIN_VALUE;
        for (long k = 0; k <= 10_000_000L; k = next(k)) {
            long got = s.intendedNanos(k);
            BigDecimal exact = exactOffset(k, rate).add(BigDecimal.valueOf(START));
            BigDecimal error = BigDecimal.valueOf(got).subtract(exact).abs();
            assertTrue(error.compareTo(BigDecimal.ONE) < 0, "k=" + k + " got " + got + " exact " + exact);
            if (exact.stripTrailingZeros().scale() <= 0) {
                // a whole nanosecond must come out as exactly that nanosecond, or plan ends shift by one message
                assertEquals(exact.longValueExact(), got, "k=" + k);
            }
            assertTrue(got >= previous, "monotonic at k=" + k);
            previous = got;
        }
    }

    /** Every k near both ends, and a stride through the middle that hits many residues. */
    private static long next(long k) {
        return k < 5_000 || k >= 10_000_000L - 5_000 ? k + 1 : k + 997;
    }

    @Test
    void wholeNanosecondTimesOfIntegerRatesAreExact() {
        for (int rate = 1; rate <= 400; rate++) {
            UniformSchedule s = UniformSchedule.of(0, rate, 0);
            for (long k = 0; k <= 10_000_000L; k += rate * 1013L) {
                // k is a multiple of the rate: t_k = k / rate seconds, a whole number of seconds
                assertEquals(k / rate * 1_000_000_000L, s.intendedNanos(k), "rate " + rate + " k " + k);
            }
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
    void plannedCountIsExactlyTheMessagesBeforeTheEnd(double rate, long durationNanos, long expected) {
        UniformSchedule s = UniformSchedule.of(START, rate, durationNanos);
        assertEquals(START + durationNanos, s.endNanos());
        assertEquals(expected, s.plannedCount());
        assertTrue(s.intendedNanos(expected - 1) < s.endNanos());
        assertTrue(s.intendedNanos(expected) >= s.endNanos());
    }

    @Test
    void plannedCountMatchesExactCountForManyIntegerRatesAndDurations() {
        for (int rate = 1; rate <= 600; rate++) {
            for (long ms = 1; ms <= 3_000; ms += 7) {
                long d = TimeUnit.MILLISECONDS.toNanos(ms);
                // #{k >= 0 : k * 1e9 / rate < d} = ceil(d * rate / 1e9)
                long exact = (d * rate + 999_999_999L) / 1_000_000_000L;
                assertEquals(exact, UniformSchedule.of(START, rate, d).plannedCount(), rate + "/s for " + ms + " ms");
            }
        }
    }

    @Test
    void noDurationMeansNoEnd() {
        UniformSchedule s = UniformSchedule.of(START, 500, 0);
        assertEquals(Long.MAX_VALUE, s.endNanos());
        assertEquals(Long.MAX_VALUE, s.plannedCount());
        assertEquals(Long.MAX_VALUE, UniformSchedule.of(START, 500, Long.MAX_VALUE).endNanos());
    }

    @Test
    void negativeStartTimesWork() {
        // System.nanoTime() may be negative: its origin is arbitrary
        long start = -5_000_000_000L;
        UniformSchedule s = UniformSchedule.of(start, 500, TimeUnit.SECONDS.toNanos(30));
        assertEquals(start + 30_000_000_000L, s.endNanos());
        assertEquals(15_000, s.plannedCount());
        assertEquals(start + 2_000_000L * 7, s.intendedNanos(7));
        assertEquals(Long.MAX_VALUE - 10, UniformSchedule.of(-10, 500, Long.MAX_VALUE).endNanos());
    }

    @Test
    void timesAreComputedFromKNotAccumulated() {
        UniformSchedule s = UniformSchedule.of(START, 3, 0);
        assertEquals(START, s.intendedNanos(0));
        assertEquals(START + 333_333_333L, s.intendedNanos(1));
        assertEquals(START + 666_666_666L, s.intendedNanos(2));
        assertEquals(START + 1_000_000_000L, s.intendedNanos(3));
        assertEquals(START + 3_333_333_333_333L, s.intendedNanos(10_000));
    }

    @Test
    void rejectsBadPeriods() {
        assertThrows(IllegalArgumentException.class, () -> new UniformSchedule(0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new UniformSchedule(0, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new UniformSchedule(0, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new UniformSchedule(0, Double.POSITIVE_INFINITY, 1));
    }
}
