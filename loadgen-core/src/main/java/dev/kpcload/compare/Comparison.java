package dev.kpcload.compare;

import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.LatencyStats;
import dev.kpcload.result.RunSummary;
import dev.kpcload.slo.Measurement;
import dev.kpcload.slo.Slo;
import dev.kpcload.slo.SloParser;
import dev.kpcload.slo.SloValue;
import dev.kpcload.slo.SummaryMeasurement;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;

/**
 * Two runs side by side: rates, books, devices and error breakdowns shown; the ratios and every latency's
 * percentiles judged with a {@link Tolerance}. Pure: built from what {@link RunOutputsReader} read, no I/O.
 *
 * @param warnings     what makes the two runs unlike (rate, fleet, mix, confirmation mode, an unfinished run) and
 *                     what makes a run's latencies doubtful (its generator fell behind); never a failure
 * @param notMeasured  latencies neither run has a value of (e.g. {@code reconnect} without reconnects)
 */
public record Comparison(Side base, Side next, Tolerance tolerance, boolean judgeMax, List<String> warnings,
                         List<Shown> shown, List<Judged> ratios, List<LatencyComparison> latencies,
                         List<String> notMeasured) {

    /** What one side is: its label, the interval log it was read with (or null), how its run ended. */
    public record Side(String label, String hlog, String outcome) {
        static Side of(ComparedRun run) {
            return new Side(run.label(), run.hlog() == null ? null : run.hlog().toString(),
                run.summary().outcome() == null ? null : run.summary().outcome().tag());
        }
    }

    public Comparison {
        warnings = List.copyOf(warnings);
        shown = List.copyOf(shown);
        ratios = List.copyOf(ratios);
        latencies = List.copyOf(latencies);
        notMeasured = List.copyOf(notMeasured);
    }

    public static Comparison of(ComparedRun base, ComparedRun next, Tolerance tolerance, boolean judgeMax) {
        RunSummary a = base.summary();
        RunSummary b = next.summary();
        List<String> warnings = new ArrayList<>(LikeForLike.warnings(a, b));
        List<LatencyComparison> latencies = new ArrayList<>();
        List<String> notMeasured = new ArrayList<>();
        boolean exact = base.hasHistograms() && next.hasHistograms();
        for (String tag : latencyTags(base, next, exact)) {
            LatencyStats sa = stats(base, tag, exact);
            LatencyStats sb = stats(next, tag, exact);
            if (sa.count() == 0 && sb.count() == 0) {
                notMeasured.add(tag);
                continue;
            }
            latencies.add(new LatencyComparison(tag, label(tag), exact ? LatencySource.INTERVAL_LOG
                : LatencySource.SUMMARY, sa, sb, judgeLatency(tag, sa, sb, tolerance, judgeMax)));
        }
        sendLagWarning(latencies).ifPresent(warnings::add);
        return new Comparison(Side.of(base), Side.of(next), tolerance, judgeMax, warnings, shown(a, b),
            ratios(a, b, tolerance), latencies, notMeasured);
    }

    /** Every judged item: the ratios, then each latency's points. */
    public List<Judged> judged() {
        List<Judged> all = new ArrayList<>(ratios);
        latencies.forEach(l -> all.addAll(l.items()));
        return all;
    }

    /** Whether NEW is worse than BASE on any counted item: the exit code's question. */
    public boolean regression() {
        return judged().stream().anyMatch(Judged::regression);
    }

    /** How many counted items got each verdict. */
    public Map<Verdict, Integer> tally() {
        Map<Verdict, Integer> tally = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            tally.put(v, 0);
        }
        judged().stream().filter(Judged::counted).forEach(j -> tally.merge(j.verdict(), 1, Integer::sum));
        return tally;
    }

    /** WORSE if any counted item is, else BETTER if any is, else SAME if any is, else NOT_COMPARABLE. */
    public Verdict overall() {
        Map<Verdict, Integer> tally = tally();
        for (Verdict v : new Verdict[] {Verdict.WORSE, Verdict.BETTER, Verdict.SAME}) {
            if (tally.get(v) > 0) {
                return v;
            }
        }
        return Verdict.NOT_COMPARABLE;
    }

    // ---- what is shown

    private static List<Shown> shown(RunSummary a, RunSummary b) {
        List<Shown> shown = new ArrayList<>();
        RunSummary.Rates ra = a.rates();
        RunSummary.Rates rb = b.rates();
        shown.add(new Shown("rates", "target", Unit.PER_SECOND, ra.target(), rb.target()));
        shown.add(new Shown("rates", "sent", Unit.PER_SECOND, ra.sent(), rb.sent()));
        shown.add(new Shown("rates", "confirmed", Unit.PER_SECOND, ra.confirmed(), rb.confirmed()));
        RunSummary.Messages ma = a.messages();
        RunSummary.Messages mb = b.messages();
        count(shown, "messages", "scheduled", ma.scheduled(), mb.scheduled());
        count(shown, "messages", "sent", ma.sent(), mb.sent());
        count(shown, "messages", "confirmed", ma.confirmed(), mb.confirmed());
        count(shown, "messages", "failed", ma.failed(), mb.failed());
        count(shown, "messages", "timed out", ma.timedOut(), mb.timedOut());
        count(shown, "messages", "dropped", ma.dropped(), mb.dropped());
        count(shown, "messages", "in flight", ma.inFlight(), mb.inFlight());
        RunSummary.Devices da = a.devices();
        RunSummary.Devices db = b.devices();
        count(shown, "devices", "targeted", da.targeted(), db.targeted());
        count(shown, "devices", "connected", da.connected(), db.connected());
        count(shown, "devices", "failed to connect", da.failed(), db.failed());
        count(shown, "devices", "reconnects", da.reconnects(), db.reconnects());
        breakdown(shown, "failed by kind", ma.failedByKind(), mb.failedByKind());
        breakdown(shown, "error replies by statusCode", ma.errorRepliesByStatus(), mb.errorRepliesByStatus());
        breakdown(shown, "dropped by reason", ma.droppedByKind(), mb.droppedByKind());
        breakdown(shown, "connect failures by reason", da.failuresByKind(), db.failuresByKind());
        breakdown(shown, "disconnects by reason", da.disconnectsByKind(), db.disconnectsByKind());
        return shown;
    }

    private static void count(List<Shown> shown, String section, String name, long a, long b) {
        shown.add(new Shown(section, name, Unit.COUNT, a, b));
    }

    /** The kinds either run has, with a count above zero (a reason present at 0 in both says nothing). */
    private static void breakdown(List<Shown> shown, String section, Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> ma = a == null ? Map.of() : a;
        Map<String, Long> mb = b == null ? Map.of() : b;
        Set<String> keys = new TreeSet<>(ma.keySet());
        keys.addAll(mb.keySet());
        for (String key : keys) {
            long va = ma.getOrDefault(key, 0L);
            long vb = mb.getOrDefault(key, 0L);
            if (va != 0 || vb != 0) {
                count(shown, section, key, va, vb);
            }
        }
    }

    // ---- the ratios

    /**
     * The ratios judged, by their SLO names and measured exactly as an SLO of that name measures them
     * ({@link SloValue}), so that a comparison and an SLO never disagree on what {@code error_ratio} is. The shares of
     * failure are lower-better; the shares of success are judged on their shortfall.
     */
    private enum Ratio {
        ERROR("error_ratio", false, "no settled message"),
        TIMEOUT("timeout_ratio", false, "no settled message"),
        DROP("drop_ratio", false, "no settled message"),
        CONFIRMED("confirmed_ratio", true, "no settled message"),
        ACHIEVED("achieved_ratio", true, "nothing planned"),
        CONNECT_SUCCESS("connect_success_ratio", true, "no connect attempt");

        final String name;
        final boolean success;
        final String missing;
        /** An SLO of this ratio, only to measure it: its threshold plays no part. */
        final Slo probe;

        Ratio(String name, boolean success, String missing) {
            this.name = name;
            this.success = success;
            this.missing = missing;
            this.probe = SloParser.parse(name + " >= 0%", "report compare");
        }
    }

    private static List<Judged> ratios(RunSummary a, RunSummary b, Tolerance tolerance) {
        // the ratios need the books only; the latencies are compared on their own
        Measurement ma = SummaryMeasurement.of(a, Map.of());
        Measurement mb = SummaryMeasurement.of(b, Map.of());
        List<Judged> ratios = new ArrayList<>();
        for (Ratio ratio : Ratio.values()) {
            OptionalDouble va = SloValue.of(ratio.probe, ma);
            OptionalDouble vb = SloValue.of(ratio.probe, mb);
            double x = va.isPresent() ? va.getAsDouble() : Double.NaN;
            double y = vb.isPresent() ? vb.getAsDouble() : Double.NaN;
            if (va.isEmpty() || vb.isEmpty()) {
                String side = va.isEmpty() && vb.isEmpty() ? "either run" : va.isEmpty() ? "BASE" : "NEW";
                ratios.add(new Judged(ratio.name, Unit.RATIO, x, y, Verdict.NOT_COMPARABLE, true,
                    ratio.missing + " in " + side));
            } else if (ratio.success) {
                // 99.9 % becoming 99.0 % is ten times the failures, which a tolerance on the ratio would not see
                ratios.add(new Judged(ratio.name, Unit.RATIO, x, y,
                    tolerance.judgeRatio(Math.max(0, 1 - x), Math.max(0, 1 - y)), true,
                    "judged on its shortfall, 1 - ratio"));
            } else {
                ratios.add(new Judged(ratio.name, Unit.RATIO, x, y, tolerance.judgeRatio(x, y), true, null));
            }
        }
        return ratios;
    }

    // ---- the latencies

    /**
     * The headline latencies in their fixed order, each followed by its per-message-kind tags
     * ({@code status.dcx-json}) in the order the runs have them.
     */
    static List<String> latencyTags(ComparedRun base, ComparedRun next, boolean exact) {
        Set<String> kinds = new LinkedHashSet<>();
        for (ComparedRun run : List.of(base, next)) {
            if (exact) {
                run.histograms().keySet().stream().filter(t -> t.indexOf('.') > 0)
                    .forEach(t -> kinds.add(t.substring(t.indexOf('.') + 1)));
            } else if (run.summary().byKind().size() > 1) {
                kinds.addAll(run.summary().byKind().keySet());
            }
        }
        List<String> tags = new ArrayList<>();
        for (LatencyKind kind : LatencyKind.values()) {
            tags.add(kind.tag());
            if (kind.ofMessage()) {
                kinds.forEach(k -> tags.add(kind.tag() + "." + k));
            }
        }
        return tags;
    }

    private static LatencyStats stats(ComparedRun run, String tag, boolean exact) {
        LatencyStats none = new LatencyStats(0, 0, 0, 0, 0, 0, 0);
        if (exact) {
            Histogram h = run.histograms().get(tag);
            return h == null ? none : LatencyStats.of(h);
        }
        int dot = tag.indexOf('.');
        Map<String, LatencyStats> latencies;
        String key = tag;
        if (dot > 0) {
            RunSummary.Part part = run.summary().byKind().get(tag.substring(dot + 1));
            latencies = part == null || part.latencies() == null ? Map.of() : part.latencies();
            key = tag.substring(0, dot);
        } else {
            latencies = run.summary().latencies();
        }
        LatencyStats stats = latencies.get(key);
        return stats == null ? none : stats;
    }

    private static String label(String tag) {
        int dot = tag.indexOf('.');
        String head = dot > 0 ? tag.substring(0, dot) : tag;
        for (LatencyKind kind : LatencyKind.values()) {
            if (kind.tag().equals(head)) {
                return dot > 0 ? kind.label() + ", " + tag.substring(dot + 1) + " only" : kind.label();
            }
        }
        return tag;
    }

    private static List<Judged> judgeLatency(String tag, LatencyStats a, LatencyStats b, Tolerance tolerance,
                                             boolean judgeMax) {
        List<Judged> items = new ArrayList<>();
        for (Percentile p : Percentile.values()) {
            String name = tag + " " + p.label();
            boolean counted = p.counted(judgeMax);
            String uncounted = counted ? null : p == Percentile.MAX ? "shown, not judged (--judge-max judges it)"
                : "shown, not judged";
            double va = a.count() > 0 ? p.value(a) : Double.NaN;
            double vb = b.count() > 0 ? p.value(b) : Double.NaN;
            String missing = a.count() == 0 ? "no values in BASE" : b.count() == 0 ? "no values in NEW" : null;
            long fewest = Math.min(a.count(), b.count());
            if (missing == null && fewest < p.minValues()) {
                missing = String.format(Locale.ROOT, "too few values for %s (%,d in %s; it needs %,d, %d beyond it)",
                    p.label(), fewest, a.count() <= b.count() ? "BASE" : "NEW", p.minValues(),
                    Percentile.MIN_VALUES_BEYOND);
            }
            if (missing != null) {
                items.add(new Judged(name, Unit.MILLIS, va, vb, Verdict.NOT_COMPARABLE, counted, missing));
            } else {
                items.add(new Judged(name, Unit.MILLIS, va, vb, tolerance.judgeLatency(va, vb), counted, uncounted));
            }
        }
        return items;
    }

    /**
     * When one run's own send lag was the higher, that run's generator fell behind its plan, and its other latencies
     * may be the generator's limit, not the server's: say which run (a cold JVM or a busy machine does this).
     */
    private static java.util.Optional<String> sendLagWarning(List<LatencyComparison> latencies) {
        return latencies.stream().filter(l -> l.tag().equals(LatencyKind.SEND_LAG.tag()))
            .flatMap(l -> l.items().stream())
            .filter(j -> j.name().endsWith(" " + Percentile.P99.label())
                && (j.verdict() == Verdict.WORSE || j.verdict() == Verdict.BETTER))
            .findFirst()
            .map(j -> {
                String run = j.verdict() == Verdict.WORSE ? "NEW" : "BASE";
                return String.format(Locale.ROOT, "%s's send lag was the higher (p99 %.3f ms in BASE, %.3f ms in NEW):"
                    + " its generator fell behind its plan, so its latencies may show the generator's limit, not the"
                    + " server's", run, j.base(), j.next());
            });
    }
}
