package dev.kpcload.kp;

/**
 * SplitMix64 (Steele, Lea, Flood 2014) as pure functions: a cheap, well-mixed hash of a seed and an index,
 * for per-message pseudo-random values that must not allocate and must be the same on every replay.
 */
public final class SplitMix64 {

    /** The golden-ratio increment of SplitMix64. */
    static final long GAMMA = 0x9E3779B97F4A7C15L;

    private SplitMix64() {
    }

    /** The SplitMix64 finalizer: a bijection of 64 bits with good avalanche. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The {@code index}-th output (0-based) of a SplitMix64 generator started at {@code seed}. */
    public static long at(long seed, long index) {
        return mix(seed + (index + 1) * GAMMA);
    }

    /**
     * A value in {@code [0, bound)} from 64 mixed bits, {@code bound > 0}: {@code floor(u * bound / 2^63)} of the
     * top 63 bits {@code u}, a multiply instead of a division, uniform to within {@code bound / 2^63}.
     */
    public static long below(long bits, long bound) {
        long u = bits >>> 1;
        return Math.multiplyHigh(u, bound) << 1 | (u * bound) >>> 63;
    }
}
