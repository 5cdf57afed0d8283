package dev.kpcload.metrics;

import org.HdrHistogram.Histogram;

/** Percentiles of one latency, in milliseconds, read from an HdrHistogram of nanoseconds. */
public record LatencyStats(long count, double mean, double p50, double p90, double p99, double p999, double max) {

    private static final double NANOS_PER_MILLI = 1e6;

    public static LatencyStats of(Histogram h) {
        if (h.getTotalCount() == 0) {
            return new LatencyStats(0, 0, 0, 0, 0, 0, 0);
        }
        return new LatencyStats(h.getTotalCount(), h.getMean() / NANOS_PER_MILLI,
            ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9), h.getMaxValue() / NANOS_PER_MILLI);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / NANOS_PER_MILLI;
    }
}
