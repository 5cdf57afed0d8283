package dev.kpcload.plan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FleetMixTest {

    @ParameterizedTest
    @CsvSource({"10000, 9, 1", "10, 1, 1", "12, 1, 3", "7, 2, 5", "1, 1, 4", "6, 3, 3"})
    void everyDeviceSendsEveryKindInItsShare(int devices, int a, int b) {
        FleetMix fleet = new FleetMix(new MessageMix(a, b), devices);
        int w = a + b;
        // over W rounds each device walks the whole cycle once
        for (int d = 0; d < Math.min(devices, 50); d++) {
            int[] counts = new int[2];
            for (int round = 0; round < w; round++) {
                counts[fleet.kindOf((long) round * devices + d)]++;
            }
            assertEquals(a, counts[0], "device " + d);
            assertEquals(b, counts[1], "device " + d);
        }
    }

    @Test
    void windowsWithinARoundHoldEachKindExactlyItsWeight() {
        MessageMix mix = new MessageMix(1, 3, 2);
        FleetMix fleet = new FleetMix(mix, 600);
        int w = mix.cycleLength();
        for (long start = 0; start + w <= 600; start++) {
            int[] counts = new int[3];
            for (long k = start; k < start + w; k++) {
                counts[fleet.kindOf(k)]++;
            }
            assertEquals(1, counts[0]);
            assertEquals(3, counts[1]);
            assertEquals(2, counts[2]);
        }
    }

    @Test
    void acrossRoundsTheShareStaysWithinOne() {
        MessageMix mix = new MessageMix(9, 1);
        FleetMix fleet = new FleetMix(mix, 10);
        assertTrue(fleet.shift() >= 1, "10 devices and a cycle of 10 share a factor");
        for (long start = 0; start < 500; start++) {
            int second = 0;
            for (long k = start; k < start + 10; k++) {
                second += fleet.kindOf(k);
            }
            assertTrue(second >= 0 && second <= 2, "window at " + start + ": " + second);
        }
    }

    @Test
    void oneKindIsAlwaysThatKind() {
        FleetMix fleet = new FleetMix(new MessageMix(1), 5);
        for (long k = 0; k < 100; k++) {
            assertEquals(0, fleet.kindOf(k));
        }
    }

    @Test
    void countBeforeAgreesWithCountingOneByOne() {
        FleetMix fleet = new FleetMix(new MessageMix(3, 1, 6), 25);
        long[] counts = new long[3];
        for (long k = 0; k <= 2_000; k++) {
            for (int kind = 0; kind < 3; kind++) {
                assertEquals(counts[kind], fleet.countBefore(kind, k), "kind " + kind + " before " + k);
            }
            counts[fleet.kindOf(k)]++;
        }
    }
}
