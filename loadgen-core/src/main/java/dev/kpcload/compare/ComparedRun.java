package dev.kpcload.compare;

import dev.kpcload.result.RunSummary;
import org.HdrHistogram.Histogram;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One side of a comparison, as read from disk.
 *
 * @param label      how it is named in the output (the path as given)
 * @param hlog       the interval log it was read with, or null when there is none
 * @param histograms whole-run histograms of nanoseconds per interval-log tag ({@code status},
 *                   {@code status.dcx-json}; warm-up tags left out, as the summary leaves warm-up out); empty
 *                   without an interval log
 */
public record ComparedRun(String label, RunSummary summary, Path hlog, Map<String, Histogram> histograms) {

    public ComparedRun {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(summary, "summary");
        histograms = histograms == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(histograms));
    }

    /** A run known by its summary alone. */
    public static ComparedRun ofSummary(String label, RunSummary summary) {
        return new ComparedRun(label, summary, null, Map.of());
    }

    public boolean hasHistograms() {
        return hlog != null && !histograms.isEmpty();
    }
}
