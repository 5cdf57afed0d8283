package dev.kpcload.metrics;

import org.HdrHistogram.Histogram;

/**
 * Adding and clearing latency histograms without passes over empty ones: HdrHistogram's {@code add} and
 * {@code reset} walk the whole counts array (270 KB at our range and precision) even when it holds nothing.
 */
final class Histograms {

    private Histograms() {
    }

    /** Adds {@code source} to {@code target} unless {@code source} is empty. */
    static void addIfAny(Histogram target, Histogram source) {
        if (source.getTotalCount() > 0) {
            target.add(source);
        }
    }

    /**
     * Empties {@code h}: a full reset when it holds values; when it holds none its counts are all zero already, and
     * only its tag is cleared (its timestamps are stamped anew by whoever fills it).
     */
    static void clear(Histogram h) {
        if (h.getTotalCount() > 0) {
            h.reset();
        } else {
            h.setTag(null);
        }
    }
}
