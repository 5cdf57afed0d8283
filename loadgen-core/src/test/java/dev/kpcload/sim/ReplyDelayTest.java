package dev.kpcload.sim;

import dev.kpcload.InvalidInputException;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reply delays: the three forms, their errors, and that the drawn samples have the distribution asked for. */
class ReplyDelayTest {

    @Test
    void parsesTheThreeFormsAndWritesThemBack() {
        assertEquals(new ReplyDelay.Fixed(Duration.ofMillis(20)), ReplyDelay.parse("20ms", "--response-delay"));
        assertEquals(ReplyDelay.NONE, ReplyDelay.parse("0", "--response-delay"));
        assertTrue(ReplyDelay.parse("0s", "--response-delay").isZero());
        assertEquals(new ReplyDelay.Uniform(Duration.ofMillis(5), Duration.ofMillis(50)),
                ReplyDelay.parse("uniform:5ms..50ms", "--response-delay"));
        assertEquals(new ReplyDelay.LogNormal(Duration.ofMillis(10), Duration.ofMillis(200)),
                ReplyDelay.parse("lognormal:p50=10ms,p99=200ms", "--response-delay"));
        for (String text : new String[] {"20ms", "uniform:5ms..50ms", "lognormal:p50=10ms,p99=200ms",
            "uniform:0s..1.5ms"}) {
            assertEquals(text, ReplyDelay.parse(text, "x").describe());
        }
    }

    @Test
    void badFormsNameTheFlagAndWhatWasExpected() {
        assertMessage("--response-delay: expected a duration like 20ms, uniform:5ms..50ms or"
                + " lognormal:p50=10ms,p99=200ms, got 'fast'", "fast");
        assertMessage("--response-delay: uniform:A..B needs A <= B, got 'uniform:50ms..5ms'", "uniform:50ms..5ms");
        assertMessage("--response-delay: lognormal needs p50 <= p99, got 'lognormal:p50=20ms,p99=10ms'",
                "lognormal:p50=20ms,p99=10ms");
        assertMessage("--response-delay (p50): must be more than 0, got '0s'", "lognormal:p50=0s,p99=10ms");
        assertMessage("--response-delay: expected uniform:A..B like uniform:5ms..50ms or lognormal:p50=X,p99=Y like"
                + " lognormal:p50=10ms,p99=200ms, got 'uniform:5ms'", "uniform:5ms");
        assertMessage("--response-delay: must not be negative, got '-5ms'", "-5ms");
    }

    private static void assertMessage(String expected, String text) {
        assertEquals(expected, assertThrows(InvalidInputException.class,
                () -> ReplyDelay.parse(text, "--response-delay")).getMessage());
    }

    @Test
    void uniformSamplesStayInTheirRangeAndSpreadEvenly() {
        ReplyDelay delay = new ReplyDelay.Uniform(Duration.ofMillis(5), Duration.ofMillis(15));
        SplittableRandom random = new SplittableRandom(3);
        Histogram h = new Histogram(3);
        for (int i = 0; i < 100_000; i++) {
            h.recordValue(delay.sampleNanos(random));
        }
        assertTrue(h.getMinValue() >= 5_000_000 * 0.999 && h.getMaxValue() <= 15_000_000 * 1.001, h::toString);
        assertEquals(10e6, h.getValueAtPercentile(50), 10e6 * 0.01);
        assertEquals(14e6, h.getValueAtPercentile(90), 14e6 * 0.01);
    }

    @Test
    void logNormalSamplesHaveTheMedianAndP99AskedFor() {
        ReplyDelay.LogNormal delay = new ReplyDelay.LogNormal(Duration.ofMillis(10), Duration.ofMillis(200));
        assertEquals(10e6, delay.quantileNanos(0.5), 1);
        assertEquals(200e6, delay.quantileNanos(0.99), 200e6 * 1e-6);
        SplittableRandom random = new SplittableRandom(5);
        Histogram h = new Histogram(3);
        for (int i = 0; i < 200_000; i++) {
            h.recordValue(delay.sampleNanos(random));
        }
        assertEquals(10e6, h.getValueAtPercentile(50), 10e6 * 0.02);
        assertEquals(200e6, h.getValueAtPercentile(99), 200e6 * 0.05);
    }

    @Test
    void theSameSeedDrawsTheSameDelays() {
        ReplyDelay delay = ReplyDelay.parse("lognormal:p50=1ms,p99=30ms", "x");
        SplittableRandom a = new SplittableRandom(9);
        SplittableRandom b = new SplittableRandom(9);
        for (int i = 0; i < 100; i++) {
            assertEquals(delay.sampleNanos(a), delay.sampleNanos(b));
        }
    }

    @Test
    void normalQuantileMatchesKnownValues() {
        assertEquals(0, SimText.normalQuantile(0.5), 1e-9);
        assertEquals(1.959963984540054, SimText.normalQuantile(0.975), 1e-8);
        assertEquals(-2.3263478740408408, SimText.normalQuantile(0.01), 1e-8);
    }
}
