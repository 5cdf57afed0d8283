package dev.kpcload.run;

import dev.kpcload.result.SummaryJson;
import dev.kpcload.result.RunSummary;
import dev.kpcload.InvalidInputException;
import dev.kpcload.IoReason;
import dev.kpcload.metrics.IntervalLog;
import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.PercentileFiles;
import dev.kpcload.metrics.PrometheusExport;
import dev.kpcload.metrics.RunMeters;
import dev.kpcload.report.HtmlReport;
import dev.kpcload.report.ReportData;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a run's numbers go besides the console: {@code /metrics} for Prometheus, the HdrHistogram interval log,
 * and the {@code --out} directory ({@code summary.json}, {@code run.hlog}, one {@code .hgrm} per latency,
 * {@code report.html}). Everything here is checked before the run starts, so a typo in a path fails at once
 * instead of after an hour of measuring.
 *
 * @param metricsPort  null for no {@code /metrics}
 * @param hlog         the interval log; defaults to {@code run.hlog} in {@code outDir}
 * @param outDir       null for no result directory
 * @param sources      where each path and the port came from, for messages
 */
public record RunOutputs(String runId, String shard, Integer metricsPort, String metricsBind, Path hlog,
                         Path outDir, Path jsonOut, Sources sources) {

    /** Where the outputs' settings came from (a flag or a profile's place). */
    public record Sources(String outDir, String hlog, String jsonOut, String metricsPort) {
        public static final Sources KEYS = new Sources(Setting.OUT.key(), Setting.HLOG.key(),
            Setting.JSON_OUT.key(), Setting.METRICS_PORT.key());
    }

    public RunOutputs(String runId, String shard, Integer metricsPort, String metricsBind, Path hlog, Path outDir,
                      Path jsonOut) {
        this(runId, shard, metricsPort, metricsBind, hlog, outDir, jsonOut, Sources.KEYS);
    }

    public static final String SUMMARY_FILE = "summary.json";
    public static final String HLOG_FILE = "run.hlog";
    public static final String REPORT_FILE = "report.html";
    /** One JSON line per report interval: what a killed run leaves behind. */
    public static final String JOURNAL_FILE = "intervals.jsonl";

    public Path effectiveHlog() {
        return hlog != null ? hlog : outDir == null ? null : outDir.resolve(HLOG_FILE);
    }

    /** Fails now, naming where the path came from, when a result cannot be written. */
    public void check() {
        if (outDir != null) {
            try {
                Files.createDirectories(outDir);
            } catch (IOException e) {
                throw new InvalidInputException(sources.outDir() + " " + outDir + ": cannot create the directory: " + e.getMessage());
            }
            if (!Files.isDirectory(outDir)) {
                throw new InvalidInputException(sources.outDir() + " " + outDir + ": not a writable directory");
            }
            checkWritable(outDir.resolve(SUMMARY_FILE), sources.outDir());
        }
        checkWritable(hlog, sources.hlog());
        checkWritable(jsonOut, sources.jsonOut());
    }

    /**
     * Opens the file for writing, as the run will at its end, and removes it again if it was not there: permission
     * bits and {@code isWritable} say yes to places such as {@code /proc} that refuse every new file.
     */
    static void checkWritable(Path file, String where) {
        if (file == null) {
            return;
        }
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(where + " " + file + ": cannot write there: it is a directory");
        }
        boolean existed = Files.exists(file);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.newOutputStream(file, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)
                .close();
            if (!existed) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new InvalidInputException(where + " " + file + ": cannot write there: " + IoReason.of(e));
        } catch (SecurityException e) {
            throw new InvalidInputException(where + " " + file + ": cannot write there: " + e.getMessage());
        }
    }

    /** Attaches the outputs that watch a run while it goes; close what this returns after the run. */
    public Attached attach(LoadRun run) {
        List<AutoCloseable> open = new ArrayList<>();
        PrometheusExport export = null;
        int boundPort = -1;
        try {
            if (metricsPort != null) {
                export = new PrometheusExport(runId, shard);
                open.add(export);
                // fed by each report interval, the run's last (partial) one included, before any linger
                run.onInterval(RunMeters.register(export.registry(), run.counters(), run.gauges(), run.kindTags()));
                boundPort = export.serve(metricsBind, metricsPort, sources.metricsPort());
            }
            if (outDir != null) {
                IntervalJournal journal = new IntervalJournal(outDir.resolve(JOURNAL_FILE), run::snapshot);
                open.add(journal);
                run.onInterval(journal);
            }
            Path log = effectiveHlog();
            if (log != null) {
                IntervalLog intervalLog = new IntervalLog(log, System.currentTimeMillis(),
                    "kpc-loadgen run " + runId + " shard " + shard, run.kindTags());
                open.add(intervalLog);
                run.onInterval(intervalLog);
            }
        } catch (RuntimeException e) {
            closeAll(open);
            throw e;
        }
        return new Attached(export, boundPort, open);
    }

    /**
     * Writes the result files of a finished run, each on its own: a file that cannot be written (a disk filled
     * meanwhile) is named in the returned list, and the others are still written.
     */
    public List<String> writeResults(LoadRun run, RunSummary summary) {
        List<String> failures = new ArrayList<>();
        if (jsonOut != null) {
            attempt(failures, () -> SummaryJson.write(summary, jsonOut));
        }
        if (outDir == null) {
            return failures;
        }
        attempt(failures, () -> SummaryJson.write(summary, outDir.resolve(SUMMARY_FILE)));
        Map<String, Histogram> totals = new LinkedHashMap<>();
        for (LatencyKind kind : LatencyKind.values()) {
            Histogram total = run.total(kind);
            totals.put(kind.tag(), total);
            if (total.getTotalCount() > 0) {
                attempt(failures, () -> PercentileFiles.write(total, outDir.resolve(kind.tag() + ".hgrm")));
            }
        }
        attempt(failures, () -> HtmlReport.write(new ReportData(summary, run.timeline(), totals),
            outDir.resolve(REPORT_FILE)));
        return failures;
    }

    private static void attempt(List<String> failures, Runnable write) {
        try {
            write.run();
        } catch (InvalidInputException e) {
            failures.add(e.getMessage());
        }
    }

    private static void closeAll(List<AutoCloseable> open) {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing after a failure: the first failure is the one to report
            }
        }
    }

    /** The outputs attached to a running run. */
    public static final class Attached implements AutoCloseable {
        private final PrometheusExport export;
        private final int metricsPort;
        private final List<AutoCloseable> open;

        Attached(PrometheusExport export, int metricsPort, List<AutoCloseable> open) {
            this.export = export;
            this.metricsPort = metricsPort;
            this.open = open;
        }

        /** The export, or null without {@code --metrics-port}. */
        public PrometheusExport export() {
            return export;
        }

        /** The port {@code /metrics} is served on, or -1. */
        public int metricsPort() {
            return metricsPort;
        }

        @Override
        public void close() {
            closeAll(open);
        }
    }
}
