package dev.kpcload.metrics;

import org.HdrHistogram.Histogram;

/**
 * One report interval's latencies, per kind and stream, as {@link LatencyRecorders#takeInterval()} takes them.
 * Owned by the one reader and reused by its next call; valid until then.
 */
public final class LatencySample {

    private final int streams;
    /** [latency kind][stream]; null where nothing was ever recorded. */
    private final Histogram[][] byStream;
    /** [latency kind]: the measured streams added up (warm-up left out). */
    private final Histogram[] measured;
    /** [latency kind]: the warm-up streams added up. */
    private final Histogram[] warmup;

    LatencySample(int streams) {
        this.streams = streams;
        int kinds = LatencyKind.values().length;
        byStream = new Histogram[kinds][streams];
        measured = new Histogram[kinds];
        warmup = new Histogram[kinds];
        for (int k = 0; k < kinds; k++) {
            measured[k] = LatencyRecorders.newHistogram();
            warmup[k] = LatencyRecorders.newHistogram();
        }
    }

    public int streams() {
        return streams;
    }

    /** The measured values of the interval, every message kind together: the headline. */
    public Histogram get(LatencyKind kind) {
        return measured[kind.ordinal()];
    }

    /** The warm-up values of the interval, every message kind together. */
    public Histogram warmup(LatencyKind kind) {
        return warmup[kind.ordinal()];
    }

    /** One stream's values, or null when that stream never had any. */
    public Histogram stream(LatencyKind kind, int stream) {
        return byStream[kind.ordinal()][stream];
    }

    /** The stream's histogram, created on first use. */
    Histogram streamForWriting(LatencyKind kind, int stream) {
        Histogram h = byStream[kind.ordinal()][stream];
        if (h == null) {
            h = LatencyRecorders.newHistogram();
            byStream[kind.ordinal()][stream] = h;
        }
        return h;
    }

    /** Adds each stream into the measured or warm-up sum and stamps every histogram with the interval. */
    void finish(long startMillis, long endMillis) {
        for (LatencyKind kind : LatencyKind.values()) {
            int k = kind.ordinal();
            Histograms.clear(measured[k]);
            Histograms.clear(warmup[k]);
            for (int s = 0; s < streams; s++) {
                Histogram h = byStream[k][s];
                if (h != null) {
                    Histograms.addIfAny(LatencyStreams.isWarmup(s) ? warmup[k] : measured[k], h);
                    stamp(h, startMillis, endMillis);
                }
            }
            stamp(measured[k], startMillis, endMillis);
            stamp(warmup[k], startMillis, endMillis);
        }
    }

    void resetStreams() {
        for (Histogram[] perKind : byStream) {
            for (Histogram h : perKind) {
                if (h != null) {
                    Histograms.clear(h);
                }
            }
        }
    }

    private static void stamp(Histogram h, long startMillis, long endMillis) {
        h.setStartTimeStamp(startMillis);
        h.setEndTimeStamp(endMillis);
    }
}
