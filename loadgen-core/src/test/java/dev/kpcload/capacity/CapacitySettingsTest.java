package dev.kpcload.capacity;

import dev.kpcload.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CapacitySettingsTest {

    private static final Duration S10 = Duration.ofSeconds(10);
    private static final Duration S30 = Duration.ofSeconds(30);

    private static void refused(String message, Supplier<CapacitySettings> make) {
        InvalidInputException e = assertThrows(InvalidInputException.class, make::get);
        assertEquals(message, e.getMessage());
    }

    @Test
    void defaultsAreTheIssuesNumbers() {
        CapacitySettings s = CapacitySettings.defaults(100);
        assertEquals(1.5, s.factor());
        assertEquals(0.03, s.precision());
        assertEquals(3, s.confirmFactor());
        assertEquals(1000, s.minMessages(), "enough for a stable p99");
        assertEquals(10, s.floorRate(), 1e-12, "a tenth of the start");
        assertEquals(25, s.withMinRate(25.0).floorRate());
    }

    @Test
    void badValuesAreRefusedNamingTheFlag() {
        refused("--factor: expected a number above 1, got 0.9",
            () -> new CapacitySettings(100, 0.9, 0.03, null, null, S10, S10, S30, 1000, 3, 3, 40));
        refused("--factor: expected a number above 1, got 1",
            () -> new CapacitySettings(100, 1, 0.03, null, null, S10, S10, S30, 1000, 3, 3, 40));
        refused("--factor: expected a number above 1, got NaN",
            () -> new CapacitySettings(100, Double.NaN, 0.03, null, null, S10, S10, S30, 1000, 3, 3, 40));
        refused("--start-rate: expected a rate above 0, got 0",
            () -> new CapacitySettings(0, 1.5, 0.03, null, null, S10, S10, S30, 1000, 3, 3, 40));
        refused("--precision: expected a fraction above 0 and below 1 (0.03 is 3 %), got 3",
            () -> new CapacitySettings(100, 1.5, 3, null, null, S10, S10, S30, 1000, 3, 3, 40));
        refused("--precision: expected a fraction above 0 and below 1 (0.03 is 3 %), got 0",
            () -> new CapacitySettings(100, 1.5, 0, null, null, S10, S10, S30, 1000, 3, 3, 40));
        refused("--max-rate: expected at least the start rate 100.0/s, got 50.0/s",
            () -> CapacitySettings.defaults(100).withMaxRate(50.0));
        refused("--min-rate: expected a rate above 0 and at most the start rate 100.0/s, got 200.0/s",
            () -> CapacitySettings.defaults(100).withMinRate(200.0));
        refused("--min-rate: expected a rate above 0 and at most the start rate 100.0/s, got 0.0/s",
            () -> CapacitySettings.defaults(100).withMinRate(0.0));
        refused("--ramp: expected a duration of 0 or more, got -1 s",
            () -> CapacitySettings.defaults(100).withTiming(Duration.ofSeconds(-1), S10, S30, 1000));
        refused("--settle: expected a duration, got none",
            () -> CapacitySettings.defaults(100).withTiming(S10, null, S30, 1000));
        refused("--measure: expected a duration above 0, got 0 s",
            () -> CapacitySettings.defaults(100).withTiming(S10, S10, Duration.ZERO, 1000));
        refused("--min-messages: expected 0 or more, got -1",
            () -> CapacitySettings.defaults(100).withTiming(S10, S10, S30, -1));
        refused("--confirm-factor: expected a number of 1 or more, got 0.5",
            () -> new CapacitySettings(100, 1.5, 0.03, null, null, S10, S10, S30, 1000, 0.5, 3, 40));
        refused("--max-confirmations: expected 1 or more, got 0",
            () -> new CapacitySettings(100, 1.5, 0.03, null, null, S10, S10, S30, 1000, 3, 0, 40));
        refused("--max-steps: expected 1 or more, got 0", () -> CapacitySettings.defaults(100).withMaxSteps(0));
        // Zero ramp and settle are fine (a test against the simulator needs neither).
        CapacitySettings.defaults(100).withTiming(Duration.ZERO, Duration.ZERO, S30, 0);
    }

    @Test
    void messagesForAStablePercentile() {
        assertEquals(1000, CapacitySettings.messagesForQuantile(0.99));
        assertEquals(10_000, CapacitySettings.messagesForQuantile(0.999));
        assertEquals(100_000, CapacitySettings.messagesForQuantile(0.9999));
        assertEquals(20, CapacitySettings.messagesForQuantile(0.5));
        assertEquals(200, CapacitySettings.messagesForQuantile(0.95));
        assertThrows(IllegalArgumentException.class, () -> CapacitySettings.messagesForQuantile(1));
        assertThrows(IllegalArgumentException.class, () -> CapacitySettings.messagesForQuantile(99));
    }

    @Test
    void aStepMeasuresForItsMinimumTimeOrItsMessagesWhicheverIsLonger() {
        CapacitySettings s = CapacitySettings.defaults(100);
        assertEquals(S30, s.measureFor(1000), "1,000 messages at 1,000/s take 1 s: the 30 s minimum");
        assertEquals(Duration.ofSeconds(100), s.measureFor(10), "1,000 messages at 10/s take 100 s");
        assertEquals(Duration.ofMillis(33_334), s.measureFor(30), "33.33 s, rounded up to the millisecond");
        assertEquals(Duration.ofSeconds(1000), s.measureFor(10, 10_000), "a p99.9 at 10/s");
        assertEquals(Duration.ofSeconds(90), s.holdFor(1000), "three times the step");
        assertEquals(Duration.ofMillis(100_002), s.holdFor(30), "three times 33.334 s");
        assertThrows(IllegalArgumentException.class, () -> s.measureFor(0));
    }
}
