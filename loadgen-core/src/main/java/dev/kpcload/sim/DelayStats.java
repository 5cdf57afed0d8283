package dev.kpcload.sim;

import org.HdrHistogram.Histogram;

/**
 * A latency distribution the simulator recorded (what it injected, or what its capacity queue cost), in
 * nanoseconds, from its HdrHistogram (3 significant digits).
 */
public record DelayStats(long count, long p50Nanos, long p99Nanos, long maxNanos, double meanNanos) {

    public static final DelayStats EMPTY = new DelayStats(0, 0, 0, 0, 0);

    static DelayStats of(Histogram h) {
        if (h.getTotalCount() == 0) {
            return EMPTY;
        }
        return new DelayStats(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(99),
                h.getMaxValue(), h.getMean());
    }

    /** {@code n 1200, p50 1.02ms, p99 9.87ms, max 12.01ms}. */
    String format() {
        return "n " + count + ", p50 " + SimText.millis(p50Nanos) + ", p99 " + SimText.millis(p99Nanos) + ", max "
                + SimText.millis(maxNanos);
    }
}
