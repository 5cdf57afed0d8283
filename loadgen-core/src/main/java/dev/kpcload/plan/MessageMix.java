package dev.kpcload.plan;

import java.util.Arrays;

/**
 * Which kind message {@code k} is, for a weighted mix of kinds (given as indices {@code 0..kinds-1}; the caller
 * maps them to its own kinds). A pure function of {@code k}: one cycle of {@code W = sum of weights} messages is
 * laid out once by smooth weighted round robin (nginx's: each turn every kind gains its weight, the kind with the
 * most credit is chosen, lowest index on ties, and pays {@code W}), and message {@code k} is entry {@code k mod W}.
 * So every {@code W} consecutive messages hold exactly {@code weight} of each kind, and each kind is spread evenly
 * over the cycle instead of arriving in bursts.
 *
 * <p>Immutable and shareable.
 */
public final class MessageMix {

    /** The largest cycle: the sum of the weights may not exceed it (the cycle is an int array of that length). */
    public static final int MAX_TOTAL_WEIGHT = 100_000;

    private final int[] weights;
    private final int total;
    /** Kind of each message in one cycle. */
    private final int[] cycle;
    /** For each kind, where in the cycle it occurs, ascending: counts in any range by binary search. */
    private final int[][] occurrences;

    /** @param weights one per kind, each at least 1, summing to at most {@link #MAX_TOTAL_WEIGHT} */
    public MessageMix(int... weights) {
        if (weights.length == 0) {
            throw new IllegalArgumentException("a message mix needs at least one kind");
        }
        long sum = 0;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] < 1) {
                throw new IllegalArgumentException("weight of kind " + i + " must be at least 1, got " + weights[i]);
            }
            sum += weights[i];
        }
        if (sum > MAX_TOTAL_WEIGHT) {
            throw new IllegalArgumentException("weights must add up to at most " + MAX_TOTAL_WEIGHT + ", got " + sum);
        }
        this.weights = weights.clone();
        this.total = (int) sum;
        this.cycle = smoothRoundRobin(this.weights, total);
        this.occurrences = new int[weights.length][];
        int[] filled = new int[weights.length];
        for (int i = 0; i < weights.length; i++) {
            occurrences[i] = new int[weights[i]];
        }
        for (int j = 0; j < total; j++) {
            int kind = cycle[j];
            occurrences[kind][filled[kind]++] = j;
        }
    }

    private static int[] smoothRoundRobin(int[] weights, int total) {
        int[] cycle = new int[total];
        long[] credit = new long[weights.length];
        for (int j = 0; j < total; j++) {
            int best = 0;
            for (int i = 0; i < weights.length; i++) {
                credit[i] += weights[i];
                if (credit[i] > credit[best]) {
                    best = i;
                }
            }
            credit[best] -= total;
            cycle[j] = best;
        }
        return cycle;
    }

    /** How many kinds there are. */
    public int kinds() {
        return weights.length;
    }

    public int weight(int kind) {
        return weights[kind];
    }

    /** {@code W}: the sum of the weights, the length of one cycle. */
    public int cycleLength() {
        return total;
    }

    /** The kind of message {@code k >= 0}. */
    public int kindOf(long k) {
        return cycle[(int) (k % total)];
    }

    /** The kind's share of all messages, {@code weight / W}. */
    public double share(int kind) {
        return weights[kind] / (double) total;
    }

    /** Exactly how many of the messages {@code k} with {@code firstK <= k < endK} are of {@code kind} (k from 0). */
    public long countIn(int kind, long firstK, long endK) {
        long from = Math.max(firstK, 0);
        if (endK <= from) {
            return 0;
        }
        return countBefore(kind, endK) - countBefore(kind, from);
    }

    /** How many of the messages {@code 0..k-1} are of {@code kind}: whole cycles, then the part cycle. */
    private long countBefore(int kind, long k) {
        long cycles = k / total;
        int rest = (int) (k % total);
        int inRest = Arrays.binarySearch(occurrences[kind], rest);
        // rest is an occurrence: the ones before it; otherwise the insertion point is the count below rest
        return cycles * weights[kind] + (inRest >= 0 ? inRest : -inRest - 1);
    }
}
