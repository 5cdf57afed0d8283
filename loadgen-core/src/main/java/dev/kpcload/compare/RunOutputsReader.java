package dev.kpcload.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kpcload.InvalidInputException;
import dev.kpcload.IoReason;
import dev.kpcload.metrics.HlogMerge;
import dev.kpcload.metrics.LatencyRecorders;
import dev.kpcload.result.RunSummary;
import dev.kpcload.result.SummaryJson;
import dev.kpcload.run.RunOutputs;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one side of a comparison: a run's {@code --out} folder ({@code summary.json}, and {@code run.hlog} when it
 * is there) or a summary JSON file (with an interval log given, or {@code run.hlog} beside it, or none). Every
 * problem is one line naming the path and what was expected.
 */
public final class RunOutputsReader {

    private static final String WARMUP_PREFIX = "warmup.";

    private RunOutputsReader() {
    }

    /**
     * @param path     the folder or summary file as given
     * @param hlog     an interval log given by flag (null: {@code run.hlog} beside the summary, if there)
     * @param role     {@code BASE} or {@code NEW}, for messages
     * @param hlogFlag the flag {@code hlog} came from, for messages
     */
    public static ComparedRun read(Path path, Path hlog, String role, String hlogFlag) {
        Path summaryFile;
        if (Files.isDirectory(path)) {
            summaryFile = path.resolve(RunOutputs.SUMMARY_FILE);
            if (!Files.isRegularFile(summaryFile)) {
                throw new InvalidInputException(role + " " + path + ": no " + RunOutputs.SUMMARY_FILE + " in this folder"
                    + " (expected a run's --out folder; a killed run's summary is rebuilt by 'loadgen report html "
                    + path + "')");
            }
        } else if (Files.isRegularFile(path)) {
            summaryFile = path;
        } else {
            throw new InvalidInputException(role + " " + path + ": no such file or directory (expected a run's --out"
                + " folder or its summary JSON)");
        }
        RunSummary summary = summary(summaryFile, role);
        Path log = hlog;
        if (log == null) {
            Path beside = summaryFile.toAbsolutePath().getParent().resolve(RunOutputs.HLOG_FILE);
            log = Files.isRegularFile(beside) ? beside : null;
        } else if (!Files.isRegularFile(log)) {
            throw new InvalidInputException(hlogFlag + " " + log + ": no such file (expected a run's interval log,"
                + " such as the " + RunOutputs.HLOG_FILE + " of its --out folder)");
        }
        Map<String, Histogram> histograms = log == null ? Map.of() : totals(log);
        if (histograms.isEmpty() && hlog != null) {
            throw new InvalidInputException(hlogFlag + " " + hlog + ": holds no interval histograms (expected an"
                + " HdrHistogram interval log, such as a run's " + RunOutputs.HLOG_FILE + ")");
        }
        // a run.hlog beside it without a whole interval (a run killed in its first seconds) is as good as none
        return new ComparedRun(path.toString(), summary, histograms.isEmpty() ? null : log, histograms);
    }

    private static RunSummary summary(Path file, String role) {
        RunSummary summary;
        try {
            summary = SummaryJson.read(file);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(role + " " + file + ": not a run summary JSON ("
                + oneLine(e.getOriginalMessage()) + ")");
        } catch (IOException e) {
            throw new InvalidInputException(role + " " + file + ": cannot read: " + IoReason.of(e));
        }
        String missing = summary == null ? "anything" : summary.messages() == null ? "'messages'"
            : summary.rates() == null ? "'rates'" : summary.devices() == null ? "'devices'"
            : summary.latencies() == null ? "'latencies'" : null;
        if (missing != null) {
            throw new InvalidInputException(role + " " + file + ": not a run summary JSON (it has no " + missing
                + "; expected the summary.json of a run's --out folder or its --json-out file)");
        }
        return summary;
    }

    /** Per tag, every whole interval of the log added up; warm-up tags left out, as the summary leaves them out. */
    static Map<String, Histogram> totals(Path log) {
        List<Histogram> intervals = HlogMerge.readWhole(log);
        Map<String, Histogram> totals = new LinkedHashMap<>();
        for (Histogram interval : intervals) {
            String tag = interval.getTag();
            if (tag == null || tag.startsWith(WARMUP_PREFIX)) {
                continue;
            }
            // auto-resizing: a log written by another tool may hold values beyond the recorders' hour
            totals.computeIfAbsent(tag, t -> new Histogram(LatencyRecorders.SIGNIFICANT_DIGITS)).add(interval);
        }
        return totals;
    }

    /** Jackson's messages span lines; one line is what a user reads. */
    private static String oneLine(String message) {
        return message == null ? "malformed" : message.replaceAll("\\s+", " ").strip();
    }
}
