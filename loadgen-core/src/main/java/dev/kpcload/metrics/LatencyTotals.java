package dev.kpcload.metrics;

import org.HdrHistogram.Histogram;

import java.util.EnumMap;
import java.util.Map;

/**
 * Samples {@link LatencyRecorders} interval by interval and keeps the sum of all intervals, so that the
 * final distribution holds every recorded value exactly once. One reader thread.
 */
public final class LatencyTotals {

    private final LatencyRecorders recorders;
    private final EnumMap<LatencyKind, Histogram> totals = new EnumMap<>(LatencyKind.class);

    public LatencyTotals(LatencyRecorders recorders) {
        this.recorders = recorders;
        for (LatencyKind kind : LatencyKind.values()) {
            totals.put(kind, LatencyRecorders.newHistogram());
        }
    }

    /** Takes the interval since the last call, adds it to the totals, and returns it. */
    public Map<LatencyKind, Histogram> sampleInterval() {
        Map<LatencyKind, Histogram> interval = recorders.takeInterval();
        interval.forEach((kind, h) -> totals.get(kind).add(h));
        return interval;
    }

    public Histogram total(LatencyKind kind) {
        return totals.get(kind);
    }
}
