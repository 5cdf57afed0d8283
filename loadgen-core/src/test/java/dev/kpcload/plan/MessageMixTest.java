package dev.kpcload.plan;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class MessageMixTest {

    /** Random weight sets: few and many kinds, small and large weights. */
    private static int[][] weightSets() {
        Random random = new Random(17);
        int[][] sets = new int[300][];
        for (int t = 0; t < sets.length; t++) {
            int kinds = 1 + random.nextInt(t % 3 == 0 ? 3 : 12);
            int bound = t % 2 == 0 ? 10 : t % 5 == 0 ? 5000 : 500;
            sets[t] = new int[kinds];
            for (int i = 0; i < kinds; i++) {
                sets[t][i] = 1 + random.nextInt(bound);
            }
        }
        return sets;
    }

    @Test
    void nginxsExample() {
        // nginx's smooth weighted round robin with weights a=5, b=1, c=1 gives a a b a c a a
        MessageMix mix = new MessageMix(5, 1, 1);
        int[] kinds = new int[14];
        for (int k = 0; k < kinds.length; k++) {
            kinds[k] = mix.kindOf(k);
        }
        assertArrayEquals(new int[] {0, 0, 1, 0, 2, 0, 0, 0, 0, 1, 0, 2, 0, 0}, kinds);
        assertEquals(7, mix.cycleLength());
        assertEquals(3, mix.kinds());
        assertEquals(5, mix.weight(0));
    }

    @Test
    void equalWeightsTakeTurns() {
        MessageMix mix = new MessageMix(2, 2, 2);
        for (int k = 0; k < 60; k++) {
            assertEquals(k % 3, mix.kindOf(k));
        }
    }

    @Test
    void everyWindowOfOneCycleHoldsEachKindExactlyItsWeight() {
        for (int[] weights : weightSets()) {
            MessageMix mix = new MessageMix(weights);
            int w = mix.cycleLength();
            int[] counts = new int[weights.length];
            for (int k = 0; k < w; k++) {
                counts[mix.kindOf(k)]++;
            }
            // slide the window over two cycles: one in, one out
            for (int start = 0; start <= 2 * w; start++) {
                assertArrayEquals(weights, counts, "window at " + start);
                counts[mix.kindOf(start)]--;
                counts[mix.kindOf(start + w)]++;
            }
        }
    }

    @Test
    void kindsAreSpreadEvenly() {
        // in every window of any length L, each kind appears within 2 of L * share: no bursts (a run of one kind
        // longer than 2 / (1 - share) would break that)
        for (int[] weights : weightSets()) {
            MessageMix mix = new MessageMix(weights);
            int w = mix.cycleLength();
            for (int kind = 0; kind < weights.length; kind++) {
                double share = mix.share(kind);
                // D(j) = (count of kind in 0..j-1) - j * share; a window's excess is a difference of two D's
                double max = 0;
                double min = 0;
                int count = 0;
                int run = 0;
                int longestRun = 0;
                for (int j = 1; j <= 2 * w; j++) {
                    boolean is = mix.kindOf(j - 1) == kind;
                    count += is ? 1 : 0;
                    double d = count - j * share;
                    max = Math.max(max, d);
                    min = Math.min(min, d);
                    run = is ? run + 1 : 0;
                    longestRun = Math.max(longestRun, run);
                }
                assertTrue(max - min < 2, java.util.Arrays.toString(weights) + " kind " + kind + ": " + (max - min));
                if (weights.length > 1) {
                    assertTrue(longestRun < 2 / (1 - share), java.util.Arrays.toString(weights) + " kind " + kind
                            + " runs " + longestRun);
                }
            }
        }
    }

    @Test
    void aTypicalMixInterleavesItsMinorKinds() {
        // not a law of the algorithm (with several large weights a minor kind can come twice), but in a mix with
        // one dominant kind, as most are, the others never come twice in a row
        MessageMix mix = new MessageMix(50, 30, 15, 4, 1);
        for (int k = 0; k < 200; k++) {
            if (mix.kindOf(k) != 0) {
                assertNotEquals(mix.kindOf(k), mix.kindOf(k + 1), "k=" + k);
            }
        }
    }

    @Test
    void countInIsExact() {
        Random random = new Random(3);
        for (int[] weights : weightSets()) {
            MessageMix mix = new MessageMix(weights);
            int w = mix.cycleLength();
            for (int trial = 0; trial < 20; trial++) {
                long first = trial % 4 == 0 ? random.nextLong(1L << 50) : random.nextInt(3 * w);
                long end = first + random.nextInt(3 * w + 2);
                int kind = random.nextInt(weights.length);
                long brute = 0;
                for (long k = first; k < end; k++) {
                    brute += mix.kindOf(k) == kind ? 1 : 0;
                }
                assertEquals(brute, mix.countIn(kind, first, end), "[" + first + ", " + end + ")");
            }
            // a long range: whole cycles times the weight, plus the rest
            long first = 12_345;
            long end = first + 1_000_000L * w + 3;
            long inRest = 0;
            for (long k = end - 3; k < end; k++) {
                inRest += mix.kindOf(k) == 0 ? 1 : 0;
            }
            assertEquals(1_000_000L * weights[0] + inRest, mix.countIn(0, first, end));
        }
    }

    @Test
    void countInOfEmptyAndBackwardRangesIsZero() {
        MessageMix mix = new MessageMix(3, 1);
        assertEquals(0, mix.countIn(0, 10, 10));
        assertEquals(0, mix.countIn(0, 10, 5));
        assertEquals(3, mix.countIn(0, -8, 4), "k starts at 0");
    }

    @Test
    void aSingleKind() {
        MessageMix mix = new MessageMix(7);
        assertEquals(1.0, mix.share(0));
        for (long k = 0; k < 100; k++) {
            assertEquals(0, mix.kindOf(k));
        }
        assertEquals(0, mix.kindOf(Long.MAX_VALUE));
        assertEquals(1_000, mix.countIn(0, 5, 1_005));
    }

    @Test
    void shares() {
        MessageMix mix = new MessageMix(70, 20, 10);
        assertEquals(0.7, mix.share(0), 1e-15);
        assertEquals(0.2, mix.share(1), 1e-15);
        assertEquals(0.1, mix.share(2), 1e-15);
    }

    @Test
    void hugeIndices() {
        MessageMix mix = new MessageMix(5, 1, 1);
        long k = Long.MAX_VALUE - 3;
        assertEquals(mix.kindOf(k % 7), mix.kindOf(k));
        assertEquals(mix.countIn(1, 0, Long.MAX_VALUE % 7) + Long.MAX_VALUE / 7, mix.countIn(1, 0, Long.MAX_VALUE));
    }

    @Test
    void validation() {
        assertEquals("a message mix needs at least one kind",
                assertThrows(IllegalArgumentException.class, MessageMix::new).getMessage());
        assertEquals("weight of kind 1 must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new MessageMix(3, 0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MessageMix(-1));
        assertEquals("weights must add up to at most 100000, got 100001",
                assertThrows(IllegalArgumentException.class, () -> new MessageMix(50_000, 50_001)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MessageMix(Integer.MAX_VALUE, Integer.MAX_VALUE));
        assertEquals(100_000, new MessageMix(99_999, 1).cycleLength());
    }

    @Test
    void theWeightsAreCopied() {
        int[] weights = {2, 1};
        MessageMix mix = new MessageMix(weights);
        weights[0] = 100;
        assertEquals(2, mix.weight(0));
        assertEquals(3, mix.cycleLength());
    }
}
