package dev.kpcload.plan;

/**
 * Which kind message {@code k} of a fleet's plan is, as a pure function of {@code k}. Message {@code k} goes to
 * device {@code k mod N}; taking {@link MessageMix#kindOf} of {@code k} itself would tie devices to kinds whenever
 * {@code N} and the mix's cycle {@code W} share a factor (weights 9:1 over 10,000 devices: each device would only
 * ever send one kind). So each round of the fleet ({@code N} messages, one per device) shifts the cycle by
 * {@code s}, the smallest shift with {@code gcd(N + s, W) = 1}: device {@code d} then walks every position of the
 * cycle in turn, and sends each kind in its share.
 *
 * <p>Within a round, every window of {@code W} consecutive messages holds each kind exactly its weight; a window
 * across a round boundary may differ by one from it, since the shift skips {@code s} positions there.
 */
public final class FleetMix {

    private final MessageMix mix;
    private final int fleetSize;
    private final int shift;

    public FleetMix(MessageMix mix, int fleetSize) {
        if (fleetSize < 1) {
            throw new IllegalArgumentException("fleet size must be at least 1");
        }
        this.mix = mix;
        this.fleetSize = fleetSize;
        int w = mix.cycleLength();
        int s = 0;
        while (w > 1 && gcd((fleetSize + s) % w, w) != 1) {
            s++;
        }
        this.shift = s;
    }

    public MessageMix mix() {
        return mix;
    }

    /** The kind of message {@code k}, an index into the mix. */
    public int kindOf(long k) {
        return mix.kindOf(k + (k / fleetSize) * shift);
    }

    /**
     * Exactly how many of the messages {@code 0..endK-1} are of {@code kind}: round by round, each round a run of
     * consecutive cycle positions.
     */
    public long countBefore(int kind, long endK) {
        long count = 0;
        long rounds = endK / fleetSize;
        for (long r = 0; r <= rounds; r++) {
            long first = r * fleetSize;
            long end = Math.min(endK, first + fleetSize);
            if (end <= first) {
                break;
            }
            long offset = r * shift;
            count += mix.countIn(kind, first + offset, end + offset);
        }
        return count;
    }

    int shift() {
        return shift;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
