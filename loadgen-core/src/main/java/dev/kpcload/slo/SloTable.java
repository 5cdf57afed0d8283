package dev.kpcload.slo;

import java.io.PrintStream;
import java.util.Locale;

/** The verdict for people: one line per SLO, then the overall line. */
public final class SloTable {

    private SloTable() {
    }

    public static void print(SloVerdict verdict, PrintStream out) {
        if (verdict == null || verdict.results().isEmpty()) {
            return;
        }
        int width = Math.max(20, verdict.results().stream().mapToInt(r -> r.slo().length()).max().orElse(20));
        out.printf(Locale.ROOT, "slo        %-" + width + "s %-7s %12s %10s  %s%n", "objective", "verdict", "measured",
            "margin", "first broken");
        for (SloResult r : verdict.results()) {
            out.printf(Locale.ROOT, "           %-" + width + "s %-7s %12s %10s  %s%s%n", r.slo(),
                r.outcome().tag().toUpperCase(Locale.ROOT), r.measured(),
                r.outcome() == SloOutcome.NO_DATA ? "" : r.margin(),
                r.firstBrokenAtSeconds() == null ? "-" : String.format(Locale.ROOT, "at %.1f s", r.firstBrokenAtSeconds()),
                r.outcome() == SloOutcome.NO_DATA ? " (" + r.margin() + ")" : r.aborted() ? " (aborted the run)" : "");
        }
        long failed = verdict.failures().size();
        out.println("           " + (verdict.passed() ? "every SLO met (" + verdict.results().size() + ")"
            : failed + " of " + verdict.results().size() + " SLOs broken"
                + (verdict.aborted() ? "; the run was aborted by '" + verdict.abortedBy() + "'" : "")));
    }
}
