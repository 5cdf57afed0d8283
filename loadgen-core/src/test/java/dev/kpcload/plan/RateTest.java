package dev.kpcload.plan;

import dev.kpcload.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.*;

class RateTest {

    @ParameterizedTest(name = "{0} = {1}/s")
    @CsvSource({
            "500/s, 500",
            "30000/min, 500",
            "2.5k/s, 2500",
            "2.5K/s, 2500",
            "50/ms, 50000",
            "1M/h, 277.77777777777777",
            "100/sec, 100",
            "1/h, 0.0002777777777777778",
            "0.5/s, 0.5",
            ".5/s, 0.5",
            "' 500/s ', 500",
            "1.5M/min, 25000",
    })
    void parses(String text, double perSecond) {
        assertEquals(perSecond, Rate.parse(text, "--rate").perSecond(), perSecond * 1e-12);
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', value = {
            "500       | --rate: expected a rate like 500/s, 30000/min, 2.5k/s or 50/ms, got '500'",
            "10/m      | --rate: expected a rate like 500/s, 30000/min, 2.5k/s or 50/ms, got '10/m' ('m' is ambiguous: use min or ms)",
            "500/S     | --rate: expected a rate like 500/s, 30000/min, 2.5k/s or 50/ms, got '500/S'",
            "5m/s      | --rate: expected a rate like 500/s, 30000/min, 2.5k/s or 50/ms, got '5m/s'",
            "1e3/s     | --rate: expected a rate like 500/s, 30000/min, 2.5k/s or 50/ms, got '1e3/s'",
            "500 /s    | --rate: expected a rate like 500/s, 30000/min, 2.5k/s or 50/ms, got '500 /s'",
            "500/d     | --rate: expected a rate like 500/s, 30000/min, 2.5k/s or 50/ms, got '500/d'",
            "5./s      | --rate: expected a rate like 500/s, 30000/min, 2.5k/s or 50/ms, got '5./s'",
            "/s        | --rate: expected a rate like 500/s, 30000/min, 2.5k/s or 50/ms, got '/s'",
            "abc       | --rate: expected a rate like 500/s, 30000/min, 2.5k/s or 50/ms, got 'abc'",
            "0/s       | --rate: must be more than 0, got '0/s'",
            "0.0k/min  | --rate: must be more than 0, got '0.0k/min'",
            "-5/s      | --rate: must be more than 0, got '-5/s'",
    })
    void rejects(String text, String message) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Rate.parse(text, "--rate"));
        assertEquals(message, e.getMessage());
    }

    @Test
    void rejectsEmptyAndNull() {
        assertEquals("--rate: expected a rate like 500/s, 30000/min, 2.5k/s or 50/ms, got ''",
                assertThrows(InvalidInputException.class, () -> Rate.parse("", "--rate")).getMessage());
        assertEquals("--rate: expected a rate like 500/s, 30000/min, 2.5k/s or 50/ms, got 'null'",
                assertThrows(InvalidInputException.class, () -> Rate.parse(null, "--rate")).getMessage());
    }

    @Test
    void rejectsInfinity() {
        String huge = "9".repeat(400) + "/s";
        assertEquals("--connect-rate: too large, got '" + huge + "'",
                assertThrows(InvalidInputException.class, () -> Rate.parse(huge, "--connect-rate")).getMessage());
    }

    @Test
    void constructorGuardsItsInvariant() {
        assertThrows(IllegalArgumentException.class, () -> new Rate(0));
        assertThrows(IllegalArgumentException.class, () -> new Rate(-1));
        assertThrows(IllegalArgumentException.class, () -> new Rate(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Rate(Double.POSITIVE_INFINITY));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "500/s, 500/s",
            "30000/min, 500/s",
            "2.5k/s, 2.5k/s",
            "2500/s, 2.5k/s",
            "50/ms, 50k/s",
            "1M/s, 1M/s",
            "1/min, 1/min",
            "20/min, 20/min",
            "3/h, 3/h",
            "1M/h, 277.778/s",
            "0.5/s, 30/min",
            "1234.5/s, 1.2345k/s",
    })
    void tidyText(String text, String shown) {
        Rate rate = Rate.parse(text, "--rate");
        assertEquals(shown, rate.toString());
        assertEquals(rate.perSecond(), Rate.parse(shown, "--rate").perSecond(), rate.perSecond() * 1e-5);
    }

    @Test
    void period() {
        assertEquals(2_000_000.0, Rate.parse("500/s", "--rate").periodNanos(), 1e-6);
        assertEquals(20_000.0, Rate.parse("50/ms", "--rate").periodNanos(), 1e-9);
        assertEquals(3.6e12, Rate.parse("1/h", "--rate").periodNanos(), 1);
    }
}
