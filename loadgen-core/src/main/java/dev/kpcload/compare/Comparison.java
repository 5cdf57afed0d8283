package dev.kpcload.compare;

import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.LatencyStats;
import dev.kpcload.result.RunSummary;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    private static List<Judged> ratios(RunSummary a, RunSummary b, Tolerance tolerance) {
        RunSummary.Messages ma = a.messages();
        RunSummary.Messages mb = b.messages();
        List<Judged> ratios = new ArrayList<>();
        ratios.add(share("error_ratio", ma.failed(), ma.scheduled(), mb.failed(), mb.scheduled(), tolerance,
            "no messages scheduled"));
        ratios.add(share("timeout_ratio", ma.timedOut(), ma.scheduled(), mb.timedOut(), mb.scheduled(), tolerance,
            "no messages scheduled"));
        ratios.add(share("drop_ratio", ma.dropped(), ma.scheduled(), mb.dropped(), mb.scheduled(), tolerance,
            "no messages scheduled"));
        RunSummary.Devices da = a.devices();
        RunSummary.Devices db = b.devices();
        ratios.add(success("connect_success_ratio", quotient(da.connected(), da.targeted()),
            quotient(db.connected(), db.targeted()), tolerance, "no devices targeted"));
        ratios.add(success("achieved_ratio", quotient(a.rates().confirmed(), a.rates().target()),
            quotient(b.rates().confirmed(), b.rates().target()), tolerance, "no target rate"));
        return ratios;
    }

    /** A share of something bad: lower is better. */
    private static Judged share(String name, long partA, long wholeA, long partB, long wholeB, Tolerance tolerance,
                                String missing) {
        double a = quotient(partA, wholeA);
        double b = quotient(partB, wholeB);
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return notComparable(name, a, b, missing);
        }
        return new Judged(name, Unit.RATIO, a, b, tolerance.judgeRatio(a, b), true, null);
    }

    /**
     * A share of success (higher is better), judged on its shortfall {@code 1 - ratio}: 99.9 % becoming 99.0 % is
     * ten times the failures, which a tolerance on the ratio itself (0.9 % less) would not see.
     */
    private static Judged success(String name, double a, double b, Tolerance tolerance, String missing) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return notComparable(name, a, b, missing);
        }
        Verdict verdict = tolerance.judgeRatio(Math.max(0, 1 - a), Math.max(0, 1 - b));
        return new Judged(name, Unit.RATIO, a, b, verdict, true, "judged on its shortfall, 1 - ratio");
    }

    /** @param missing what a side lacks, e.g. {@code no messages scheduled} */
    private static Judged notComparable(String name, double a, double b, String missing) {
        String side = Double.isNaN(a) && Double.isNaN(b) ? "either run" : Double.isNaN(a) ? "BASE" : "NEW";
        return new Judged(name, Unit.RATIO, a, b, Verdict.NOT_COMPARABLE, true, missing + " in " + side);
    }

    private static double quotient(double part, double whole) {
        return whole > 0 ? part / whole : Double.NaN;
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
