package dev.kpcload.compare;

import dev.kpcload.metrics.LatencyStats;

import java.util.function.ToDoubleFunction;

/**
 * The points of a latency's distribution that are compared. p50, p99 and p99.9 are judged; p90 is shown (it says
 * little that p50 and p99 do not); the max is shown and judged only when asked, since it is one value, the worst of
 * the run, and moves with one GC pause or one context switch of either process.
 */
enum Percentile {
    P50("p50", 50, LatencyStats::p50, true),
    P90("p90", 90, LatencyStats::p90, false),
    P99("p99", 99, LatencyStats::p99, true),
    P999("p99.9", 99.9, LatencyStats::p999, true),
    MAX("max", 100, LatencyStats::max, false);

    /**
     * A percentile is compared only when each run has at least this many values beyond it (p99: 500 values,
     * p99.9: 5,000): with fewer the percentile is the run's few worst values, as noisy as a max.
     */
    static final int MIN_VALUES_BEYOND = 5;

    private final String label;
    private final double percent;
    private final ToDoubleFunction<LatencyStats> value;
    private final boolean judged;

    Percentile(String label, double percent, ToDoubleFunction<LatencyStats> value, boolean judged) {
        this.label = label;
        this.percent = percent;
        this.value = value;
        this.judged = judged;
    }

    String label() {
        return label;
    }

    double value(LatencyStats stats) {
        return value.applyAsDouble(stats);
    }

    /** Whether this point counts toward the result; the max only with {@code --judge-max}. */
    boolean counted(boolean judgeMax) {
        return judged || this == MAX && judgeMax;
    }

    /** The fewest values a run needs for this percentile to be compared (1 for the max). */
    long minValues() {
        if (this == MAX) {
            return 1;
        }
        return (long) Math.ceil(MIN_VALUES_BEYOND / ((100 - percent) / 100) - 1e-9);
    }
}
