package dev.kpcload.metrics;

import dev.kpcload.InvalidInputException;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes each report interval's latency histograms to an HdrHistogram interval log ({@code .hlog}), one tagged
 * line per latency kind ({@code connect}, {@code puback}, {@code status}, {@code service}, {@code send_lag},
 * {@code tcp_connect}), values in nanoseconds. HdrHistogram's own {@code HistogramLogProcessor} reads it
 * ({@code -tag status}); its default unit ratio of 1e6 prints milliseconds.
 */
public final class IntervalLog implements IntervalListener, AutoCloseable {

    private final HistogramLogWriter writer;

    public IntervalLog(Path file, long startEpochMillis, String comment) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            writer = new HistogramLogWriter(file.toFile());
        } catch (java.io.IOException e) {
            throw new InvalidInputException(file + ": cannot write: " + e.getMessage());
        }
        writer.outputLogFormatVersion();
        writer.outputComment(comment);
        writer.outputComment("values in nanoseconds; tags: connect tcp_connect puback status service send_lag");
        writer.outputStartTime(startEpochMillis);
        writer.setBaseTime(startEpochMillis);
        writer.outputBaseTime(startEpochMillis);
        writer.outputLegend();
    }

    @Override
    public void onInterval(LatencySample interval, TimelinePoint point) {
        for (LatencyKind kind : LatencyKind.values()) {
            write(kind.tag(), interval.get(kind));
        }
    }

    /** Writes one tagged interval; its start and end are the histogram's own timestamps (epoch ms). */
    public void write(String tag, Histogram histogram) {
        histogram.setTag(tag);
        writer.outputIntervalHistogram(histogram);
    }

    @Override
    public void close() {
        writer.close();
    }
}
