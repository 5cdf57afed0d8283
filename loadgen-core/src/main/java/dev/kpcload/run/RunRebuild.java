package dev.kpcload.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kpcload.InvalidInputException;
import dev.kpcload.IoReason;
import dev.kpcload.metrics.HlogMerge;
import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.LatencyRecorders;
import dev.kpcload.metrics.TimelinePoint;
import dev.kpcload.report.HtmlReport;
import dev.kpcload.report.ReportData;
import dev.kpcload.result.JournalLine;
import dev.kpcload.result.RunOutcome;
import dev.kpcload.result.RunSummary;
import dev.kpcload.result.SummaryJson;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code loadgen report html DIR}: the report of an {@code --out} folder, rebuilt from what is on disk. A run that
 * finished left its summary; one that was killed left its journal ({@code intervals.jsonl}) and interval log, and its
 * summary is rebuilt from the last whole interval, marked {@code incomplete}.
 */
public final class RunRebuild {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What was rebuilt. */
    public record Result(RunSummary summary, int intervals, boolean fromJournal) {
    }

    private RunRebuild() {
    }

    public static Result rebuild(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(dir + ": not a directory (expected a run's --out folder)");
        }
        Path journal = dir.resolve(RunOutputs.JOURNAL_FILE);
        Path summaryFile = dir.resolve(RunOutputs.SUMMARY_FILE);
        List<JournalLine> lines = Files.isRegularFile(journal) ? readJournal(journal) : List.of();
        RunSummary summary;
        boolean fromJournal;
        if (Files.isRegularFile(summaryFile)) {
            summary = readSummary(summaryFile);
            fromJournal = false;
        } else if (!lines.isEmpty()) {
            summary = lines.get(lines.size() - 1).summary();
            fromJournal = true;
            SummaryJson.write(summary, summaryFile);
        } else {
            throw new InvalidInputException(dir + ": neither " + RunOutputs.SUMMARY_FILE + " nor a journal ("
                + RunOutputs.JOURNAL_FILE + ") with a whole interval: nothing to rebuild from");
        }
        List<TimelinePoint> timeline = lines.stream().map(JournalLine::point).toList();
        HtmlReport.write(new ReportData(summary, timeline, totals(dir.resolve(RunOutputs.HLOG_FILE))),
            dir.resolve(RunOutputs.REPORT_FILE));
        return new Result(summary, lines.size(), fromJournal);
    }

    /** Every whole line of the journal; a torn last line (the process died writing it) is left out. */
    static List<JournalLine> readJournal(Path journal) {
        List<JournalLine> lines = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    lines.add(JSON.readValue(line, JournalLine.class));
                } catch (IOException torn) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException(journal + ": cannot read: " + IoReason.of(e));
        }
        return lines;
    }

    private static RunSummary readSummary(Path file) {
        try {
            return SummaryJson.read(file);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": not a run summary: " + IoReason.of(e));
        }
    }

    /** The whole run's histograms per headline latency, from the interval log's whole intervals. */
    private static Map<String, Histogram> totals(Path hlog) {
        Map<String, Histogram> totals = new LinkedHashMap<>();
        if (!Files.isRegularFile(hlog)) {
            return totals;
        }
        List<Histogram> intervals = HlogMerge.readWhole(hlog);
        for (LatencyKind kind : LatencyKind.values()) {
            Histogram total = LatencyRecorders.newHistogram();
            intervals.stream().filter(h -> kind.tag().equals(h.getTag())).forEach(total::add);
            totals.put(kind.tag(), total);
        }
        return totals;
    }

    /** Whether a summary is of a run that finished. */
    public static boolean finished(RunSummary summary) {
        return summary.outcome() != RunOutcome.INCOMPLETE;
    }
}
