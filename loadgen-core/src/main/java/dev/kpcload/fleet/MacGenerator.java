package dev.kpcload.fleet;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Random MAC addresses for virtual meters: locally administered unicast (first octet ends in binary 10, so
 * {@code x2}, {@code x6}, {@code xA} or {@code xE}), in normal form, reproducible for a seed, never repeated and
 * never one of the {@linkplain #reserve reserved} addresses.
 *
 * <p>Uniqueness without remembering what was handed out: the n-th address is a keyed bijection of n over the
 * 46 free bits, so no two counters give the same address, and memory stays constant for millions of meters.
 * Only reserved addresses (those in the token file) are kept in a set. Not thread-safe.
 */
public final class MacGenerator {

    private static final int FREE_BITS = 46;
    private static final long FREE_MASK = (1L << FREE_BITS) - 1;
    private static final long LOW_40 = (1L << 40) - 1;
    /** Locally administered (bit 1) and unicast (bit 0 clear) in the first octet. */
    private static final long LOCAL_UNICAST = 0b10;
    // Odd multipliers (from SplitMix64) are bijections modulo 2^46.
    private static final long M1 = 0xBF58476D1CE4E5B9L & FREE_MASK;
    private static final long M2 = 0x94D049BB133111EBL & FREE_MASK;

    private final long key0;
    private final long key1;
    private final long key2;
    private final Set<Long> reserved = new HashSet<>();
    private long counter;

    public MacGenerator(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        key0 = random.nextLong() & FREE_MASK;
        key1 = random.nextLong() & FREE_MASK;
        key2 = random.nextLong() & FREE_MASK;
    }

    /**
     * Never return {@code mac} (any valid form, see {@link MacAddress#isValid}). Reserve before calling
     * {@link #next()}: an address already handed out is not taken back.
     */
    public void reserve(String mac) {
        reserved.add(MacAddress.toLong(mac));
    }

    /** The next address, like {@code 02-1A-3F-9C-00-07}. */
    public String next() {
        while (true) {
            if (counter > FREE_MASK) {
                throw new IllegalStateException("all 2^46 locally administered unicast MAC addresses used");
            }
            long mac = toMac(mix(counter++));
            if (!reserved.contains(mac)) {
                return MacAddress.format(mac);
            }
        }
    }

    /** See {@link MacAddress#isValid}. */
    public static boolean isValidMac(String text) {
        return MacAddress.isValid(text);
    }

    /** See {@link MacAddress#normalize}. */
    public static String normalize(String text) {
        return MacAddress.normalize(text);
    }

    /** True when a valid address is locally administered unicast, the kind this class generates. */
    public static boolean isLocallyAdministeredUnicast(String text) {
        return (MacAddress.toLong(text) >>> 40 & 0b11) == LOCAL_UNICAST;
    }

    /** A keyed bijection on 46 bits: every step (add, xor-shift right, odd multiply) is invertible. */
    private long mix(long x) {
        x = (x + key0) & FREE_MASK;
        x ^= x >>> 23;
        x = (x * M1) & FREE_MASK;
        x = (x + key1) & FREE_MASK;
        x ^= x >>> 22;
        x = (x * M2) & FREE_MASK;
        x ^= x >>> 23;
        return x ^ key2;
    }

    /** Spreads 46 free bits over a 48-bit address, putting binary 10 in the first octet's low bits. */
    private static long toMac(long free) {
        long firstOctet = (free >>> 40) << 2 | LOCAL_UNICAST;
        return firstOctet << 40 | (free & LOW_40);
    }
}
