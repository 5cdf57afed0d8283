package dev.kpcload.run;

import dev.kpcload.InvalidInputException;
import dev.kpcload.IoReason;
import dev.kpcload.metrics.IntervalLogScan;
import dev.kpcload.metrics.PackedHistogram;
import dev.kpcload.result.JournalLine;
import dev.kpcload.result.RunSummary;
import dev.kpcload.result.SummaryJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one shard of a run left behind, read back for {@code report merge}: its summary, its journal and its interval
 * log's histograms (packed).
 *
 * @param label       the shard as the user named it (a folder, or a summary file), for messages
 * @param summary     its summary: {@code summary.json}, or for a run that was killed its journal's last whole line
 * @param finished    whether the run wrote its summary (its books were closed)
 * @param journal     every whole line of {@code intervals.jsonl}; empty when there is none (a summary file given)
 * @param intervals   every interval histogram of its interval log
 * @param startMillis when the run's clock started, epoch ms: the start of its log's first interval (the run takes
 *                    its first, empty, sample as its clock starts; the log's {@code StartTime} header is written a
 *                    little earlier, when the log is opened), the header when the log has no interval
 */
public record ShardOutput(String label, RunSummary summary, boolean finished, List<JournalLine> journal,
                          List<PackedHistogram> intervals, long startMillis) {

    public ShardOutput {
        journal = List.copyOf(journal);
        intervals = List.copyOf(intervals);
    }

    /** A shard's {@code --out} folder: {@code summary.json} (or its journal), {@code run.hlog}, the journal. */
    public static ShardOutput fromDir(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(dir + ": not a directory (expected a shard's --out folder)");
        }
        Path summaryFile = dir.resolve(RunOutputs.SUMMARY_FILE);
        Path journalFile = dir.resolve(RunOutputs.JOURNAL_FILE);
        Path hlog = dir.resolve(RunOutputs.HLOG_FILE);
        List<JournalLine> journal = Files.isRegularFile(journalFile) ? RunRebuild.readJournal(journalFile) : List.of();
        boolean finished = Files.isRegularFile(summaryFile);
        RunSummary summary;
        if (finished) {
            summary = readSummary(summaryFile);
        } else if (!journal.isEmpty()) {
            summary = journal.get(journal.size() - 1).summary();
        } else {
            throw new InvalidInputException(dir + ": neither " + RunOutputs.SUMMARY_FILE + " nor a journal ("
                + RunOutputs.JOURNAL_FILE + ") with a whole interval: not a shard's --out folder");
        }
        if (!Files.isRegularFile(hlog)) {
            throw new InvalidInputException(dir + ": no " + RunOutputs.HLOG_FILE + ": the fleet's percentiles are"
                + " computed from every shard's interval log");
        }
        return withLog(dir.toString(), summary, finished, journal, hlog);
    }

    /** A summary written by {@code --json-out} and the interval log written by {@code --hlog}; no journal. */
    public static ShardOutput fromFiles(Path summaryFile, Path hlog) {
        return withLog(summaryFile.toString(), readSummary(summaryFile), true, List.of(), hlog);
    }

    private static ShardOutput withLog(String label, RunSummary summary, boolean finished, List<JournalLine> journal,
                                       Path hlog) {
        List<PackedHistogram> intervals = new ArrayList<>();
        // a killed run's log may end in a torn line; a finished run's must be whole
        IntervalLogScan.Result log = IntervalLogScan.scan(hlog, !finished, h -> intervals.add(PackedHistogram.of(h)));
        long start = intervals.stream().mapToLong(PackedHistogram::startMillis).min().orElse(log.startMillis());
        return new ShardOutput(label, summary, finished, journal, intervals, start);
    }

    private static RunSummary readSummary(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": no such file");
        }
        try {
            return SummaryJson.read(file);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": not a run summary: " + IoReason.of(e));
        }
    }

    /** The shard's index in its run ({@code config.shard}), or null when the summary does not say. */
    public Integer shardIndex() {
        return integer("shard");
    }

    /** How many shards its run had ({@code config.shards}), or null. */
    public Integer shardCount() {
        return integer("shards");
    }

    /** Its run's id ({@code config.runId}), or null. */
    public String runId() {
        Object id = summary.config() == null ? null : summary.config().get("runId");
        return id == null ? null : id.toString();
    }

    private Integer integer(String key) {
        Object value = summary.config() == null ? null : summary.config().get(key);
        return value instanceof Number n ? n.intValue() : null;
    }
}
