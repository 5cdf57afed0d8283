package dev.kpcload.metrics;

import org.HdrHistogram.Histogram;

/**
 * Samples {@link LatencyRecorders} interval by interval and keeps the sum of all intervals, so that the final
 * distributions hold every recorded value exactly once: measured and warm-up apart, and per stream. One reader
 * thread.
 */
public final class LatencyTotals {

    private final LatencyRecorders recorders;
    private final Histogram[] measured = new Histogram[LatencyKind.values().length];
    private final Histogram[] warmup = new Histogram[LatencyKind.values().length];
    /** [kind][stream], made when a stream first has values. */
    private final Histogram[][] byStream;

    public LatencyTotals(LatencyRecorders recorders) {
        this.recorders = recorders;
        this.byStream = new Histogram[LatencyKind.values().length][recorders.streams()];
        for (LatencyKind kind : LatencyKind.values()) {
            measured[kind.ordinal()] = LatencyRecorders.newHistogram();
            warmup[kind.ordinal()] = LatencyRecorders.newHistogram();
        }
    }

    /** Takes the interval since the last call, adds it to the totals, and returns it. */
    public LatencySample sampleInterval() {
        LatencySample interval = recorders.takeInterval();
        for (LatencyKind kind : LatencyKind.values()) {
            int k = kind.ordinal();
            Histograms.addIfAny(measured[k], interval.get(kind));
            Histograms.addIfAny(warmup[k], interval.warmup(kind));
            for (int s = 0; s < recorders.streams(); s++) {
                Histogram h = interval.stream(kind, s);
                if (h != null && h.getTotalCount() > 0) {
                    if (byStream[k][s] == null) {
                        byStream[k][s] = LatencyRecorders.newHistogram();
                    }
                    byStream[k][s].add(h);
                }
            }
        }
        return interval;
    }

    /** The whole run's measured values of a kind (warm-up left out): the headline. */
    public Histogram total(LatencyKind kind) {
        return measured[kind.ordinal()];
    }

    /** The whole run's warm-up values of a kind. */
    public Histogram warmupTotal(LatencyKind kind) {
        return warmup[kind.ordinal()];
    }

    /** The whole run's values of one stream, or an empty histogram. */
    public Histogram stream(LatencyKind kind, int stream) {
        Histogram h = byStream[kind.ordinal()][stream];
        return h != null ? h : EMPTY;
    }

    private static final Histogram EMPTY = LatencyRecorders.newHistogram();
}
