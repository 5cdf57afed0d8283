package dev.kpcload.plan;

import java.util.SplittableRandom;

/**
 * Seeded Poisson arrivals over any {@link RateShape}: random exponential gaps whose local rate follows the shape.
 * Intended times are a pure function of {@code (seed, k)} and the shape, so runs with one seed, and shards of one
 * run, agree on every message.
 *
 * <p>How: in the shape's count space (where the rate is 1; {@code t = shape.nanosAtCount(position)}), the arrival
 * indices are cut into blocks of {@link #BLOCK}. Block {@code b} covers positions {@code [bB, (b+1)B)} and holds
 * exactly {@code B} arrivals, placed as the sorted order statistics of {@code B} uniform points: the partial sums of
 * {@code B+1} exponentials from a {@link SplittableRandom} seeded by {@code mix(seed, b)}, divided by their total.
 * That is a unit-rate Poisson process conditioned on {@code B} arrivals per block, so the gaps inside a block are
 * exponential, any message's time costs one block (computed once, then cached), and the count cannot drift: after
 * every block the plan has sent exactly what the shape says. Only the last block of a finite plan is short: it
 * holds the {@code ceil(N(end)) - bB} arrivals that remain, spread over {@code [bB, N(end))}, so the plan holds the
 * same number of messages as the shape's uniform plan. (An unconditioned process could not give message {@code k}
 * without counting every arrival before it; the price of pinning is that counts over windows much longer than a
 * block vary less than a true Poisson process's would, which for a load test is what one wants.)
 *
 * <p>Not thread-safe: it caches the block being walked. {@link #forLane()} returns a fresh view with its own cache;
 * use one view per thread. Walking {@code k} in increasing order costs one block per {@code B} messages per view.
 */
public final class PoissonSchedule implements Schedule {

    /** Arrivals per block: {@code B}. */
    public static final int BLOCK = 1024;

    private final RateShape shape;
    private final long seed;
    /** {@code N(end)} of the shape, positive infinity without end. */
    private final double total;
    /** Arrivals in the plan before correcting for rounding at the end: {@code ceil(total)}, or no limit. */
    private final long arrivals;
    private final long plannedCount;
    /** The cached block: its index and its arrival positions in count space. */
    private long block = -1;
    private final double[] positions = new double[BLOCK + 1];

    public PoissonSchedule(RateShape shape, long seed) {
        this.shape = shape;
        this.seed = seed;
        this.total = shape.totalCount();
        this.arrivals = Double.isInfinite(total) ? Long.MAX_VALUE : (long) Math.ceil(total);
        this.plannedCount = arrivals == Long.MAX_VALUE ? Long.MAX_VALUE : countInPlan();
    }

    private PoissonSchedule(PoissonSchedule of) {
        this.shape = of.shape;
        this.seed = of.seed;
        this.total = of.total;
        this.arrivals = of.arrivals;
        this.plannedCount = of.plannedCount;
    }

    /** The last arrivals may round onto the end: count only those intended before it. */
    private long countInPlan() {
        long k = arrivals;
        while (k > 0 && intendedNanos(k - 1) >= shape.endNanos()) {
            k--;
        }
        return k;
    }

    public RateShape shape() {
        return shape;
    }

    public long seed() {
        return seed;
    }

    @Override
    public long startNanos() {
        return shape.startNanos();
    }

    @Override
    public long endNanos() {
        return shape.endNanos();
    }

    @Override
    public long plannedCount() {
        return plannedCount;
    }

    /** The shape's rate: the arrivals' expected rate. */
    @Override
    public double ratePerSecondAt(long nanos) {
        return shape.ratePerSecondAt(nanos);
    }

    /** Message {@code k}'s intended time; {@link Long#MAX_VALUE} for messages past a finite plan. */
    @Override
    public long intendedNanos(long k) {
        return k < 0 || k >= arrivals ? Long.MAX_VALUE : shape.nanosAtCount(position(k));
    }

    /** Where arrival {@code k} lies in count space ({@code N} at its time). */
    double position(long k) {
        long b = k / BLOCK;
        if (b != block) {
            fill(b);
        }
        return positions[(int) (k - b * BLOCK)];
    }

    private void fill(long b) {
        long first = b * BLOCK;
        int count = (int) Math.min(BLOCK, arrivals - first);
        // the block's stretch of count space: BLOCK wide, or up to N(end) for the last block of a finite plan
        double span = Math.min(BLOCK, total - first);
        SplittableRandom random = new SplittableRandom(mix(seed, b));
        double sum = 0;
        for (int j = 0; j <= count; j++) {
            // 1 - u lies in (0, 1], so the exponential is finite
            sum += -Math.log(1 - random.nextDouble());
            positions[j] = sum;
        }
        for (int j = 0; j < count; j++) {
            positions[j] = first + span * (positions[j] / sum);
        }
        block = b;
    }

    /**
     * A seed for block {@code b}: SplitMix64's finaliser over the scrambled seed plus {@code b} golden gammas, so
     * that neighbouring blocks are unrelated, and so are block {@code b} of one seed and block {@code b + 1} of
     * the seed one gamma below (as plain {@code seed + b * gamma} would not be).
     */
    static long mix(long seed, long b) {
        return finalise(finalise(seed) + (b + 1) * 0x9E3779B97F4A7C15L);
    }

    private static long finalise(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A fresh view with its own block cache, for one thread. */
    @Override
    public Schedule forLane() {
        return new PoissonSchedule(this);
    }

    @Override
    public boolean warmupAt(long nanos) {
        return shape.warmupAt(nanos);
    }
}
