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

    private LatencyBuckets() {
    }

    public static List<Duration> bounds() {
        return BOUNDS;
    }

    public static Duration[] boundsArray() {
        return BOUNDS.toArray(new Duration[0]);
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
