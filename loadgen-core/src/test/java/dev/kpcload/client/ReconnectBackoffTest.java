package dev.kpcload.client;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReconnectBackoffTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private final ReconnectBackoff backoff = new ReconnectBackoff(SECOND, 30 * SECOND);

    @Test
    void doublesPerAttemptUpToTheMaximum() {
        assertNear(SECOND, backoff.delayNanos(0, 0.999999999));
        assertNear(2 * SECOND, backoff.delayNanos(1, 0.999999999));
        assertNear(16 * SECOND, backoff.delayNanos(4, 0.999999999));
        assertNear(30 * SECOND, backoff.delayNanos(5, 0.999999999));
        assertNear(30 * SECOND, backoff.delayNanos(1000, 0.999999999));
    }

    private static void assertNear(long expected, long actual) {
        assertTrue(Math.abs(expected - actual) < 1000, expected + " vs " + actual);
    }

    @Test
    void jitterSpreadsBetweenHalfAndAllOfTheCeiling() {
        assertEquals(SECOND / 2, backoff.delayNanos(0, 0));
        assertEquals(4 * SECOND * 3 / 4, backoff.delayNanos(2, 0.5));
        for (int attempt = 0; attempt < 10; attempt++) {
            long low = backoff.delayNanos(attempt, 0);
            long high = backoff.delayNanos(attempt, 0.999999);
            assertTrue(low * 2 >= high - 100, "low " + low + " high " + high);
        }
    }

    @Test
    void zeroMeansOff() {
        assertFalse(ReconnectBackoff.OFF.enabled());
        assertTrue(backoff.enabled());
    }
}
