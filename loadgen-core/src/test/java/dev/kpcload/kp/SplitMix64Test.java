package dev.kpcload.kp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SplitMix64Test {

    @Test
    void matchesTheReferenceGenerator() {
        // SplitMix64 seeded with 0 (Vigna's splitmix64.c): first outputs
        assertEquals(0xE220A8397B1DCDAFL, SplitMix64.at(0, 0));
        assertEquals(0x6E789E6AA1B965F4L, SplitMix64.at(0, 1));
    }

    @Test
    void belowStaysInRangeAndCoversIt() {
        int[] hits = new int[7];
        for (long i = 0; i < 70_000; i++) {
            long v = SplitMix64.below(SplitMix64.at(42, i), 7);
            assertTrue(v >= 0 && v < 7, () -> "out of range: " + v);
            hits[(int) v]++;
        }
        for (int h : hits) {
            assertTrue(h > 9_000 && h < 11_000, () -> "uneven: " + java.util.Arrays.toString(hits));
        }
        assertEquals(0, SplitMix64.below(-1L, 1));
        assertEquals(99, SplitMix64.below(-1L, 100));
        assertEquals(0, SplitMix64.below(0, 100));
    }
}
