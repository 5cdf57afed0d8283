package dev.kpcload.metrics;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixed bucket bounds of every exported latency histogram: 100 µs to 60 s, 20 per decade (each bound 12.2 %
 * above the one before, rounded to 3 significant digits). Fixed and identical in every process, so that
 * {@code histogram_quantile(q, sum by (le) (rate(..._bucket[..])))} over many load generators is exact up to
 * the width of one bucket; interpolation inside a bucket keeps the error at a quantile below 12.2 %.
 */
public final class LatencyBuckets {

    public static final double LOWEST_SECONDS = 100e-6;
    public static final double HIGHEST_SECONDS = 60;
    public static final int PER_DECADE = 20;

    private static final List<Duration> BOUNDS = compute();
    private static final long[] BOUNDS_NANOS = BOUNDS.stream().mapToLong(Duration::toNanos).toArray();
    private static final double[] BOUNDS_SECONDS = BOUNDS.stream().mapToDouble(d -> d.toNanos() / 1e9).toArray();

    private LatencyBuckets() {
    }

    public static List<Duration> bounds() {
        return BOUNDS;
    }

    public static Duration[] boundsArray() {
        return BOUNDS.toArray(new Duration[0]);
    }

    /** The bounds in seconds, as {@code le} shows them, ending with {@code +Inf}: one per bucket. */
    public static double[] upperBoundsSeconds() {
        double[] bounds = java.util.Arrays.copyOf(BOUNDS_SECONDS, BOUNDS_SECONDS.length + 1);
        bounds[BOUNDS_SECONDS.length] = Double.POSITIVE_INFINITY;
        return bounds;
    }

    /** How many buckets there are, {@code +Inf} included. */
    public static int buckets() {
        return BOUNDS_NANOS.length + 1;
    }

    /**
     * The bucket a value of {@code nanos} counts in: the first whose bound is at least the value ({@code le}),
     * {@link #buckets()}{@code - 1} ({@code +Inf}) above the last bound.
     */
    public static int bucketOf(long nanos) {
        int i = java.util.Arrays.binarySearch(BOUNDS_NANOS, nanos);
        return i >= 0 ? i : -i - 1;
    }

    private static List<Duration> compute() {
        List<Duration> bounds = new ArrayList<>();
        MathContext threeDigits = new MathContext(3);
        for (int i = 0; ; i++) {
            double seconds = LOWEST_SECONDS * Math.pow(10, (double) i / PER_DECADE);
            double rounded = new BigDecimal(seconds).round(threeDigits).doubleValue();
            if (rounded > HIGHEST_SECONDS * 1.0001) {
                break;
            }
            bounds.add(Duration.ofNanos(Math.round(rounded * 1e9)));
        }
        if (!bounds.get(bounds.size() - 1).equals(Duration.ofSeconds(60))) {
            bounds.add(Duration.ofSeconds(60));
        }
        return List.copyOf(bounds);
    }
}
