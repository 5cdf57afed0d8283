package dev.kpcload.kp;

import dev.kpcload.InvalidInputException;
import dev.kpcload.Sourced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleCountTest {

    @Test
    void parsesFixedCountsAndRanges() {
        assertEquals(SampleCount.fixed(10), SampleCount.parse("10", "--samples"));
        assertEquals(new SampleCount(5, 20), SampleCount.parse("5..20", "--samples"));
        assertEquals(new SampleCount(5, 20), SampleCount.parse(" 5 .. 20 ", "--samples"));
        assertEquals(SampleCount.fixed(3), SampleCount.parse("3..3", "--samples"));
        assertEquals(new SampleCount(1, 500), SampleCount.parse(Sourced.of("1..500", "p.yaml:3:14")));
        assertEquals("5..20", SampleCount.parse("5..20", "x").toString());
        assertEquals("10", SampleCount.parse("10", "x").toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''         | p.yaml:3:14: expected a sample count like 10 or a range like 5..20, got ''",
        "ten        | p.yaml:3:14: expected a sample count like 10 or a range like 5..20, got 'ten'",
        "-5         | p.yaml:3:14: expected a sample count like 10 or a range like 5..20, got '-5'",
        "5..        | p.yaml:3:14: expected a sample count like 10 or a range like 5..20, got '5..'",
        "..5        | p.yaml:3:14: expected a sample count like 10 or a range like 5..20, got '..5'",
        "5...7      | p.yaml:3:14: expected a sample count like 10 or a range like 5..20, got '5...7'",
        "1..2..3    | p.yaml:3:14: expected a sample count like 10 or a range like 5..20, got '1..2..3'",
        "5-20       | p.yaml:3:14: expected a sample count like 10 or a range like 5..20, got '5-20'",
        "1.5        | p.yaml:3:14: expected a sample count like 10 or a range like 5..20, got '1.5'",
        "9999999999 | p.yaml:3:14: expected a sample count like 10 or a range like 5..20, got '9999999999'",
        "0          | p.yaml:3:14: samples per batch must be 1..500, got 0",
        "501        | p.yaml:3:14: samples per batch must be 1..500, got 501",
        "2..501     | p.yaml:3:14: samples per batch must be 1..500, got 501",
        "20..5      | p.yaml:3:14: sample count range '20..5' goes down: write it as min..max",
    })
    void badInputNamesItsSource(String text, String message) {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SampleCount.parse(text, "p.yaml:3:14"));
        assertEquals(message, e.getMessage());
    }

    @Test
    void missingValue() {
        assertThrows(InvalidInputException.class, () -> SampleCount.parse(null, "--samples"));
    }

    @Test
    void fixedCountIsTheCountOfEveryMessage() {
        SampleCount ten = SampleCount.fixed(10);
        assertTrue(ten.isFixed());
        for (long k = 0; k < 100; k++) {
            assertEquals(10, ten.forMessage(k * 31, k));
        }
    }

    @Test
    void rangeIsSeededPerDeviceAndMessageAndCoversTheRange() {
        SampleCount range = new SampleCount(5, 20);
        assertFalse(range.isFixed());
        int[] hits = new int[21];
        boolean devicesDiffer = false;
        for (long k = 0; k < 16_000; k++) {
            int n = range.forMessage(77, k);
            assertTrue(n >= 5 && n <= 20, () -> "count " + n);
            assertEquals(n, range.forMessage(77, k), "a pure function of (seed, k)");
            hits[n]++;
            devicesDiffer |= n != range.forMessage(78, k);
        }
        for (int n = 5; n <= 20; n++) {
            assertTrue(hits[n] > 800 && hits[n] < 1200, "count " + n + " drawn " + hits[n] + " times of 16000");
        }
        assertTrue(devicesDiffer, "another device seed, other counts");
    }

    @Test
    void constructorRefusesImpossibleRanges() {
        assertThrows(IllegalArgumentException.class, () -> new SampleCount(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new SampleCount(3, 2));
        assertThrows(IllegalArgumentException.class, () -> new SampleCount(1, SampleCount.MAX_SAMPLES + 1));
    }
}
