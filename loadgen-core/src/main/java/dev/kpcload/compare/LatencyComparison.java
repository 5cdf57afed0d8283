package dev.kpcload.compare;

import dev.kpcload.metrics.LatencyStats;

import java.util.List;

/**
 * One latency of both runs (a headline one such as {@code status}, or one message kind's such as
 * {@code status.dcx-json}), its percentiles side by side and judged.
 *
 * @param label what it measures, from {@code LatencyKind}
 * @param base  BASE's percentiles (count 0 when it has none)
 * @param items p50, p90, p99, p99.9 and max, judged
 */
public record LatencyComparison(String tag, String label, LatencySource source, LatencyStats base,
                                LatencyStats next, List<Judged> items) {

    public LatencyComparison {
        items = List.copyOf(items);
    }
}
