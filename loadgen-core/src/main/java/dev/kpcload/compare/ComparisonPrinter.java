package dev.kpcload.compare;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The comparison as a console table: item, BASE, NEW, change, verdict; the result last. */
public final class ComparisonPrinter {

    private static final String ROW = "  %-36s %14s %14s %10s  %s%n";
    private static final String HEAD = "%-38s %14s %14s %10s  %s%n";

    private ComparisonPrinter() {
    }

    public static void print(Comparison c, PrintStream out) {
        out.println("== kpc-loadgen compare: BASE " + c.base().label() + " vs NEW " + c.next().label() + " ==");
        side(out, "BASE", c.base());
        side(out, "NEW", c.next());
        out.println("rule     " + ComparisonText.rule(c));
        c.warnings().forEach(w -> out.println("warning  " + w));

        out.printf(Locale.ROOT, HEAD, "", "BASE", "NEW", "change", "");
        String section = null;
        for (Shown s : c.shown()) {
            if (!s.section().equals(section)) {
                section = s.section();
                out.println(section + (s.unit() == Unit.PER_SECOND ? " (/s)" : ""));
            }
            out.printf(Locale.ROOT, ROW, s.name(), ComparisonText.value(s.unit(), s.base()),
                ComparisonText.value(s.unit(), s.next()), ComparisonText.change(s.change()), "");
        }
        out.printf(Locale.ROOT, HEAD, "ratios", "BASE", "NEW", "change", "verdict");
        judged(out, c.ratios());
        out.printf(Locale.ROOT, HEAD, "latency (ms)", "BASE", "NEW", "change", "verdict");
        for (LatencyComparison l : c.latencies()) {
            out.printf(Locale.ROOT, "  %s: %s, %,d vs %,d values, from the %s%n", l.tag(), l.label(), l.base().count(),
                l.next().count(), l.source() == LatencySource.INTERVAL_LOG ? "interval logs"
                    : "summaries (" + missingLog(c) + ")");
            judged(out, l.items());
        }
        if (!c.notMeasured().isEmpty()) {
            out.println("not measured in either run: " + String.join(", ", c.notMeasured()));
        }
        out.println("verdict  " + ComparisonText.result(c));
    }

    private static void side(PrintStream out, String role, Comparison.Side side) {
        out.printf(Locale.ROOT, "%-8s %s: %s, %s%n", role, side.label(), side.outcome() == null ? "outcome unknown"
            : side.outcome(), side.hlog() == null ? "no interval log" : "interval log " + side.hlog());
    }

    private static String missingLog(Comparison c) {
        boolean a = c.base().hlog() == null;
        boolean b = c.next().hlog() == null;
        return a && b ? "neither run has an interval log" : a ? "BASE has no interval log" : "NEW has no interval log";
    }

    private static void judged(PrintStream out, List<Judged> items) {
        for (Judged j : items) {
            String verdict = ComparisonText.verdict(j);
            if (j.verdict() == Verdict.NOT_COMPARABLE && j.note() != null) {
                verdict += ": " + j.note();
            }
            out.printf(Locale.ROOT, ROW, j.name(), ComparisonText.value(j.unit(), j.base()),
                ComparisonText.value(j.unit(), j.next()), ComparisonText.change(j.change()), verdict);
        }
    }
}
