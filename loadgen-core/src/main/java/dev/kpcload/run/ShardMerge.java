package dev.kpcload.run;

import dev.kpcload.InvalidInputException;
import dev.kpcload.IoReason;
import dev.kpcload.metrics.IntervalLog;
import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.LatencyRecorders;
import dev.kpcload.metrics.PackedHistogram;
import dev.kpcload.metrics.PercentileFiles;
import dev.kpcload.metrics.TimelinePoint;
import dev.kpcload.report.HtmlReport;
import dev.kpcload.report.ReportData;
import dev.kpcload.result.FleetSummary;
import dev.kpcload.result.RunSummary;
import dev.kpcload.result.SummaryJson;
import dev.kpcload.slo.JUnitReport;
import dev.kpcload.slo.Slo;
import dev.kpcload.slo.SloJudge;
import dev.kpcload.slo.SloParser;
import dev.kpcload.slo.SloResult;
import dev.kpcload.slo.SloVerdict;
import dev.kpcload.slo.SummaryMeasurement;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code loadgen report merge --out DIR SHARD...}: one summary and one SLO verdict for a sharded run, computed on
 * the merged histograms and the summed counters of its shards (never on their percentiles). Writes the fleet's
 * {@code summary.json}, {@code run.hlog} (every shard's intervals), one {@code .hgrm} per latency,
 * {@code report.html}, and with {@code --junit} the verdict as JUnit XML.
 *
 * <p>Whole-run SLOs are judged on the fleet's totals; sustained ones ({@code for 30s}) on the fleet's report
 * intervals ({@link FleetWindows}), which need every shard's journal. The fleet was aborted when a shard was: its
 * verdict names the SLO that stopped that shard (the merge itself stops nothing, so an {@code abort} SLO the fleet
 * broke but no shard did is broken, not aborting).
 */
public final class ShardMerge {

    /**
     * @param slos  the SLOs to judge the fleet on; empty for the shards' own (which must agree)
     * @param junit where the verdict goes as JUnit XML, or null
     */
    public record Options(Path outDir, List<Slo> slos, Path junit) {
        public Options {
            slos = List.copyOf(slos);
        }
    }

    /**
     * What was merged.
     *
     * @param shards   the shards, in index order
     * @param written  the files written
     * @param warnings what could not be checked or judged, one line each
     */
    public record Result(RunSummary fleet, List<ShardOutput> shards, List<Path> written, List<String> warnings,
                         int intervals) {
    }

    private ShardMerge() {
    }

    public static Result merge(List<ShardOutput> given, Options options) {
        List<String> warnings = new ArrayList<>();
        List<ShardOutput> shards = ShardChecks.check(given, warnings);
        List<Slo> slos = options.slos().isEmpty() ? shardSlos(shards) : options.slos();
        Path dir = options.outDir();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InvalidInputException("--out " + dir + ": cannot create the directory: " + IoReason.of(e));
        }
        List<Path> written = new ArrayList<>();
        Path hlog = dir.resolve(RunOutputs.HLOG_FILE);
        Map<String, Histogram> totals = mergeLogs(shards, hlog);
        written.add(hlog);

        List<RunSummary> summaries = shards.stream().map(ShardOutput::summary).toList();
        RunSummary fleet = FleetSummary.of(summaries, totals,
            FleetSummary.config(summaries, shards.stream().map(ShardOutput::label).toList()));

        boolean journals = shards.stream().allMatch(s -> !s.journal().isEmpty());
        if (!journals) {
            String without = shards.stream().filter(s -> s.journal().isEmpty()).map(ShardOutput::label)
                .collect(Collectors.joining(", "));
            warnings.add(without + ": no journal (" + RunOutputs.JOURNAL_FILE + "): the fleet has no report intervals"
                + (slos.stream().anyMatch(Slo::sustained) ? ", so its sustained SLOs cannot be judged" : "")
                + " (give the shards' --out folders)");
        }
        SloJudge judge = new SloJudge(slos);
        BoundedTimeline timeline = new BoundedTimeline();
        int[] intervals = {0};
        if (journals) {
            List<List<ShardWindows.Window>> windows = linedUp(shards, warnings);
            FleetWindows.forEach(windows, w -> {
                if (!judge.isEmpty()) {
                    judge.window(w.startSeconds(), w.endSeconds(), w.measurement());
                }
                timeline.add(w.point());
                intervals[0]++;
            });
        }
        if (!slos.isEmpty()) {
            SloVerdict judged = judge.verdict(SummaryMeasurement.of(fleet, totals));
            fleet = fleet.withSlo(abortedAsTheShards(judged, shardAbort(shards)));
        }

        Path summaryFile = dir.resolve(RunOutputs.SUMMARY_FILE);
        SummaryJson.write(fleet, summaryFile);
        written.add(summaryFile);
        Map<String, Histogram> headline = new LinkedHashMap<>();
        for (LatencyKind kind : LatencyKind.values()) {
            Histogram total = totals.getOrDefault(kind.tag(), LatencyRecorders.newHistogram());
            headline.put(kind.tag(), total);
            if (total.getTotalCount() > 0) {
                Path hgrm = dir.resolve(kind.tag() + ".hgrm");
                PercentileFiles.write(total, hgrm);
                written.add(hgrm);
            }
        }
        List<TimelinePoint> points = timeline.points();
        Path report = dir.resolve(RunOutputs.REPORT_FILE);
        HtmlReport.write(new ReportData(fleet, points, headline), report);
        written.add(report);
        if (options.junit() != null) {
            JUnitReport.write(fleet.slo() != null ? fleet.slo() : SloVerdict.of(List.of(), null),
                "kpc-loadgen fleet " + fleet.config().get("runId") + " (" + shards.size() + " shards)",
                fleet.other().elapsedSeconds(), options.junit());
            written.add(options.junit());
        }
        return new Result(fleet, shards, written, warnings, intervals[0]);
    }

    /**
     * Every shard's windows, lined up for {@link FleetWindows}: on their common grid when they were anchored to one
     * {@code --start-at} (a shard that started late has nulls for the indices it missed), else by their own index.
     */
    static List<List<ShardWindows.Window>> linedUp(List<ShardOutput> shards, List<String> warnings) {
        ShardGrid grid = ShardGrid.common(shards, warnings);
        List<List<ShardWindows.Window>> windows = new ArrayList<>();
        for (ShardOutput shard : shards) {
            List<ShardWindows.Window> own = ShardWindows.of(shard);
            if (grid != null && !own.isEmpty()) {
                List<ShardWindows.Window> lined = new ArrayList<>(
                    java.util.Collections.nCopies(grid.firstIndex(shard, own.get(0).endSeconds()), null));
                lined.addAll(own);
                own = lined;
            }
            windows.add(own);
        }
        return windows;
    }

    /**
     * Every shard's intervals in time order into one log, and the sum of them per tag: exact, nothing resampled.
     * One interval decoded at a time.
     */
    static Map<String, Histogram> mergeLogs(List<ShardOutput> shards, Path output) {
        List<PackedHistogram> all = new ArrayList<>();
        shards.forEach(s -> all.addAll(s.intervals()));
        if (all.isEmpty()) {
            throw new InvalidInputException("merge: the shards' interval logs hold no interval histograms");
        }
        all.sort(Comparator.comparingLong(PackedHistogram::startMillis)); // stable: one interval's tags stay together
        Map<String, Histogram> totals = new TreeMap<>();
        String sources = shards.stream().map(ShardOutput::label).collect(Collectors.joining(" "));
        try (IntervalLog log = new IntervalLog(output, all.get(0).startMillis(), "kpc-loadgen fleet merged from "
            + sources)) {
            for (PackedHistogram packed : all) {
                Histogram h = packed.decode();
                totals.computeIfAbsent(packed.tag(), t -> LatencyRecorders.newHistogram()).add(h);
                log.write(packed.tag(), h);
            }
        }
        return totals;
    }

    /**
     * The SLOs the shards were judged on, which must be the same for all of them (in any order): else the fleet has
     * no one list to be judged on, and {@code --slo} must give it.
     */
    static List<Slo> shardSlos(List<ShardOutput> shards) {
        Map<String, String> first = sloTexts(shards.get(0));
        for (ShardOutput shard : shards.subList(1, shards.size())) {
            Map<String, String> own = sloTexts(shard);
            if (!own.keySet().equals(first.keySet())) {
                Set<String> extra = new LinkedHashSet<>(own.keySet());
                extra.removeAll(first.keySet());
                Set<String> lacking = new LinkedHashSet<>(first.keySet());
                lacking.removeAll(own.keySet());
                throw new InvalidInputException("merge: the shards were judged on different SLOs: "
                    + shard.label() + (extra.isEmpty() ? "" : " has " + quoted(extra))
                    + (extra.isEmpty() || lacking.isEmpty() ? "" : " and")
                    + (lacking.isEmpty() ? "" : " lacks " + quoted(lacking)) + " of " + shards.get(0).label()
                    + "; give the fleet's with --slo");
            }
        }
        List<Slo> slos = new ArrayList<>();
        first.forEach((text, where) -> slos.add(SloParser.parse(text, where)));
        return slos;
    }

    /** A shard's SLO texts and where each was written, in its order. */
    private static Map<String, String> sloTexts(ShardOutput shard) {
        Map<String, String> texts = new LinkedHashMap<>();
        SloVerdict verdict = shard.summary().slo();
        if (verdict != null) {
            for (SloResult r : verdict.results()) {
                texts.put(r.slo(), r.where() == null ? shard.label() : r.where());
            }
        }
        return texts;
    }

    private static String quoted(Set<String> texts) {
        return texts.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", "));
    }

    /** The SLO that aborted a shard (the first shard's, in index order), or null. */
    static String shardAbort(List<ShardOutput> shards) {
        for (ShardOutput shard : shards) {
            SloVerdict verdict = shard.summary().slo();
            if (verdict != null && verdict.abortedBy() != null) {
                return verdict.abortedBy();
            }
        }
        return null;
    }

    /** The fleet's verdict with what the shards' aborts did (and nothing the judge would have aborted). */
    static SloVerdict abortedAsTheShards(SloVerdict judged, String abortedBy) {
        List<SloResult> results = judged.results().stream().map(r -> new SloResult(r.slo(), r.where(), r.outcome(),
            r.value(), r.threshold(), r.unit(), r.measured(), r.margin(), r.firstBrokenAtSeconds(),
            r.sustainedSeconds(), r.abort(), r.abort() && r.slo().equals(abortedBy))).toList();
        return SloVerdict.of(results, abortedBy);
    }
}
