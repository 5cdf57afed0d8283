package dev.kpcload.report;

import dev.kpcload.metrics.TimelinePoint;
import dev.kpcload.result.RunSummary;
import org.HdrHistogram.Histogram;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the HTML report draws: the run's summary, its report intervals, and the whole-run histograms.
 *
 * @param summary  the run's result, as printed and written by {@code --json-out}
 * @param timeline one point per report interval, in time order (may be empty: a run stopped before the first)
 * @param totals   whole-run histograms of nanoseconds keyed by {@link dev.kpcload.metrics.LatencyKind#tag()};
 *                 kinds may be missing or empty
 */
public record ReportData(RunSummary summary, List<TimelinePoint> timeline, Map<String, Histogram> totals) {

    public ReportData {
        Objects.requireNonNull(summary, "summary");
        timeline = timeline == null ? List.of() : List.copyOf(timeline);
        // Insertion order kept for callers that care; null values are dropped rather than rejected.
        Map<String, Histogram> copy = new LinkedHashMap<>();
        if (totals != null) {
            totals.forEach((k, v) -> {
                if (k != null && v != null) {
                    copy.put(k, v);
                }
            });
        }
        totals = Collections.unmodifiableMap(copy);
    }
}
