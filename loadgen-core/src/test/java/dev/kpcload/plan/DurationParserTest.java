package dev.kpcload.plan;

import dev.kpcload.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

class DurationParserTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "90s, PT1M30S",
            "10m, PT10M",
            "2h, PT2H",
            "500ms, PT0.5S",
            "1h30m, PT1H30M",
            "1m30s, PT1M30S",
            "1h30m15s, PT1H30M15S",
            "2s500ms, PT2.5S",
            "1h500ms, PT1H0.5S",
            "1.5s, PT1.5S",
            "0.5h, PT30M",
            ".25m, PT15S",
            "1.5ms, PT0.0015S",
            "0.0000000015s, PT0.000000001S",
            "36h, PT36H",
            "' 5s ', PT5S",
            "120m, PT2H",
    })
    void parses(String text, Duration expected) {
        assertEquals(expected, DurationParser.parse(text, "--duration"));
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', value = {
            "x         | --duration: expected a duration like 90s, 10m, 2h or 500ms, got 'x'",
            "90        | --duration: expected a duration like 90s, 10m, 2h or 500ms, got '90'",
            "10 m      | --duration: expected a duration like 90s, 10m, 2h or 500ms, got '10 m'",
            "30m1h     | --duration: expected a duration like 90s, 10m, 2h or 500ms, got '30m1h'",
            "1h1h      | --duration: expected a duration like 90s, 10m, 2h or 500ms, got '1h1h'",
            "1.5h30m   | --duration: expected a duration like 90s, 10m, 2h or 500ms, got '1.5h30m'",
            "1d        | --duration: expected a duration like 90s, 10m, 2h or 500ms, got '1d'",
            "5S        | --duration: expected a duration like 90s, 10m, 2h or 500ms, got '5S'",
            "PT5S      | --duration: expected a duration like 90s, 10m, 2h or 500ms, got 'PT5S'",
            "s         | --duration: expected a duration like 90s, 10m, 2h or 500ms, got 's'",
            "5.s       | --duration: expected a duration like 90s, 10m, 2h or 500ms, got '5.s'",
            "-5s       | --duration: must not be negative, got '-5s'",
            "0s        | --duration: must be more than 0, got '0s'",
            "0         | --duration: must be more than 0, got '0'",
            "0h0m      | --duration: must be more than 0, got '0h0m'",
            "0.0000000001s | --duration: must be more than 0, got '0.0000000001s'",
            "2562048h  | --duration: too long (at most 292 years), got '2562048h'",
            "99999999999999999999999h | --duration: too long (at most 292 years), got '99999999999999999999999h'",
    })
    void rejects(String text, String message) {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> DurationParser.parse(text, "--duration"));
        assertEquals(message, e.getMessage());
    }

    @Test
    void rejectsEmptyAndNull() {
        assertEquals("--duration: expected a duration like 90s, 10m, 2h or 500ms, got ''",
                assertThrows(InvalidInputException.class, () -> DurationParser.parse("", "--duration")).getMessage());
        assertEquals("--duration: expected a duration like 90s, 10m, 2h or 500ms, got 'null'",
                assertThrows(InvalidInputException.class, () -> DurationParser.parse(null, "--duration"))
                        .getMessage());
    }

    @Test
    void zeroWhenAllowed() {
        assertEquals(Duration.ZERO, DurationParser.parse("0", "--warmup", true));
        assertEquals(Duration.ZERO, DurationParser.parse("0s", "--warmup", true));
        assertEquals(Duration.ZERO, DurationParser.parse("0ms", "--warmup", true));
        assertEquals(Duration.ofSeconds(5), DurationParser.parse("5s", "--warmup", true));
        assertEquals("--warmup: must not be negative, got '-1s'",
                assertThrows(InvalidInputException.class, () -> DurationParser.parse("-1s", "--warmup", true))
                        .getMessage());
    }

    @Test
    void largestDurationFits() {
        assertEquals(Duration.ofHours(2562047), DurationParser.parse("2562047h", "--duration"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "PT1M30S, 90s",
            "PT10M, 10m",
            "PT0.25S, 250ms",
            "PT1H30M, 1h30m",
            "PT1H, 1h",
            "PT2H0.5S, 2h500ms",
            "PT2H5S, 2h5s",
            "PT1H1M1.001S, 1h1m1s1ms",
            "PT0S, 0s",
            "PT1.5S, 1.5s",
            "PT59M59S, 3599s",
            "PT0.0005S, 0.5ms",
            "PT0.000000001S, 0.000001ms",
            "PT1H0.0000005S, 3600.0000005s",
            "PT36H, 36h",
    })
    void formats(Duration duration, String text) {
        assertEquals(text, DurationParser.format(duration));
        assertEquals(duration, DurationParser.parse(text, "--duration", true));
    }

    @Test
    void formatRefusesNegative() {
        assertThrows(IllegalArgumentException.class, () -> DurationParser.format(Duration.ofSeconds(-1)));
    }
}
