package dev.kpcload.metrics;

import dev.kpcload.InvalidInputException;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes each report interval's latency histograms to an HdrHistogram interval log ({@code .hlog}), one tagged
 * line per latency kind ({@code connect}, {@code puback}, {@code status}, {@code service}, {@code send_lag},
 * {@code tcp_connect}, {@code reconnect}: the headline, warm-up left out), values in nanoseconds. With more than one
 * message kind, each message latency also per kind ({@code status.dcx-json}); warm-up values, in intervals that
 * have them, under {@code warmup.status} and so on. HdrHistogram's own {@code HistogramLogProcessor} reads it
 * ({@code -tag status}); its default unit ratio of 1e6 prints milliseconds.
 */
public final class IntervalLog implements IntervalListener, AutoCloseable {

    private final HistogramLogWriter writer;
    /** The log's stream, flushed after every interval: a killed run keeps each whole interval it measured. */
    private final java.io.PrintStream stream;
    private final List<String> kindTags;

    public IntervalLog(Path file, long startEpochMillis, String comment) {
        this(file, startEpochMillis, comment, List.of());
    }

    /** @param kindTags the tags of the mix's kinds in its order; per-kind lines are written when there are two or more */
    public IntervalLog(Path file, long startEpochMillis, String comment, List<String> kindTags) {
        this.kindTags = List.copyOf(kindTags);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            stream = new java.io.PrintStream(new java.io.FileOutputStream(file.toFile()), false,
                java.nio.charset.StandardCharsets.US_ASCII);
            writer = new HistogramLogWriter(stream);
        } catch (java.io.IOException e) {
            throw new InvalidInputException(file + ": cannot write: " + e.getMessage());
        }
        writer.outputLogFormatVersion();
        writer.outputComment(comment);
        writer.outputComment("values in nanoseconds; tags: connect tcp_connect puback status service send_lag"
            + " reconnect" + (this.kindTags.size() > 1 ? "; per kind: status." + this.kindTags.get(0) + " ..." : "")
            + "; warm-up: warmup.status ...");
        writer.outputStartTime(startEpochMillis);
        writer.setBaseTime(startEpochMillis);
        writer.outputBaseTime(startEpochMillis);
        writer.outputLegend();
    }

    @Override
    public void onInterval(LatencySample interval, TimelinePoint point) {
        for (LatencyKind kind : LatencyKind.values()) {
            write(kind.tag(), interval.get(kind));
            if (kind.ofMessage() && kindTags.size() > 1) {
                for (int k = 0; k < kindTags.size(); k++) {
                    Histogram h = interval.stream(kind, LatencyStreams.of(k, false));
                    if (h != null) {
                        write(kind.tag() + "." + kindTags.get(k), h);
                    }
                }
            }
            Histogram warmup = interval.warmup(kind);
            if (warmup.getTotalCount() > 0) {
                write("warmup." + kind.tag(), warmup);
            }
        }
        stream.flush();
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
