package dev.kpcload.capacity;

import dev.kpcload.metrics.LatencyStats;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints a capacity search for people: one line per step as it finishes ({@link #stepLine}), then a table of
 * every step and the result ({@link #print}).
 */
public final class CapacityPrinter {

    private CapacityPrinter() {
    }

    /**
     * One finished step, e.g. {@code [step  4] probe    337.5/s | pass | sent 337.4/s, confirmed 337.4/s | status
     * p50 0.21 p99 0.88 p99.9 2.10 max 5.31 ms | errors 0.00 %, timeouts 0.00 % | 10,125 measured | 40.0-90.0 s}.
     *
     * @param latency the latency to show (the judged one), or null for the first the step has
     */
    public static String stepLine(CapacityStep s, String latency) {
        StringBuilder b = new StringBuilder(200);
        b.append(String.format(Locale.ROOT, "[step %2d] %-7s %12s | %-12s | sent %s, confirmed %s", s.index(),
            s.purpose(), Text.rate(s.offeredRate()), verdict(s.verdict()), Text.rate(s.achievedRate()),
            Text.rate(s.confirmedRate())));
        String name = latency != null ? latency : s.latencies().keySet().stream().findFirst().orElse(null);
        LatencyStats l = name == null ? null : s.latency(name);
        if (l != null) {
            b.append(String.format(Locale.ROOT, " | %s p50 %s p99 %s p99.9 %s max %s ms", name, ms(l.p50()),
                ms(l.p99()), ms(l.p999()), ms(l.max())));
        } else if (name != null) {
            b.append(" | no ").append(name).append(" latency measured");
        }
        b.append(" | errors ").append(Text.percent(s.errorRatio())).append(", timeouts ")
            .append(Text.percent(s.timeoutRatio()));
        b.append(String.format(Locale.ROOT, " | %,d measured%s", s.messagesMeasured(),
            s.percentileStable() ? "" : " (too few for a stable percentile)"));
        b.append(String.format(Locale.ROOT, " | %.1f-%.1f s", s.measureStartSeconds(), s.endSeconds()));
        for (CapacityStep.SloMiss miss : s.failedSlos()) {
            b.append(" | broke ").append(miss(miss));
        }
        if (s.note() != null && !s.note().isBlank()) {
            b.append(" | ").append(s.note());
        }
        return b.toString();
    }

    public static void printStep(CapacityStep s, String latency, PrintStream out) {
        out.println(stepLine(s, latency));
    }

    /** The closing table of every step and the result lines. */
    public static void print(CapacityResult r, PrintStream out) {
        out.println();
        out.println("== kpc-loadgen capacity: " + r.outcome() + " ==");
        String name = r.latency();
        out.printf(Locale.ROOT, "%4s %-8s %12s %12s %-12s %9s %9s %9s %9s %8s %8s %10s%n", "step", "purpose",
            "offered", "sent", "verdict", p(name, "p50"), "p99", "p99.9", "max (ms)", "errors", "timeouts",
            "measured");
        for (CapacityStep s : r.steps()) {
            LatencyStats l = name == null ? null : s.latency(name);
            out.printf(Locale.ROOT, "%4d %-8s %12s %12s %-12s %9s %9s %9s %9s %8s %8s %,10d%s%n", s.index(),
                s.purpose(), Text.rate(s.offeredRate()), Text.rate(s.achievedRate()), verdict(s.verdict()),
                l == null ? "-" : ms(l.p50()), l == null ? "-" : ms(l.p99()), l == null ? "-" : ms(l.p999()),
                l == null ? "-" : ms(l.max()), Text.percent(s.errorRatio()), Text.percent(s.timeoutRatio()),
                s.messagesMeasured(), s.percentileStable() ? "" : " unstable");
        }
        if (r.steps().isEmpty()) {
            out.println("     (no step finished)");
        }
        out.println("result     " + headline(r));
        Bracket b = r.bracket();
        if (b != null && (b.lastPass() != null || b.firstFail() != null)) {
            out.println("bracket    last pass " + (b.lastPass() == null ? "none" : Text.rate(b.lastPass()))
                + ", first failure " + (b.firstFail() == null ? "none" : Text.rate(b.firstFail()))
                + (b.width() == null ? "" : " (" + Text.percent(b.width()) + " apart)"));
        }
        if (r.knee() != null) {
            out.println("knee       " + Text.rate(r.knee().rate()) + ": " + r.knee().latency() + " "
                + r.knee().statistic() + " " + ms(r.knee().latencyMs()) + " ms (Kneedle, latency against offered "
                + "rate)");
        } else {
            out.println("knee       none: latency against offered rate shows no clear bend over these steps");
        }
        for (String slo : r.slos()) {
            out.println("slo        " + slo);
        }
        out.println("why        " + r.explanation());
        if (r.remedy() != null) {
            out.println("remedy     " + r.remedy());
        }
    }

    /** The one-line answer: the rate, or why there is none. */
    static String headline(CapacityResult r) {
        if (r.maxSustainableRate() == null) {
            return "no sustainable rate confirmed (" + r.outcome() + ")";
        }
        return (r.outcome() == SearchOutcome.MAX_RATE_REACHED ? "max sustainable rate at least " : "max sustainable rate ")
            + Text.rate(r.maxSustainableRate());
    }

    /** {@code p99(status) < 250ms: 312 ms against 250 ms (+62 ms, +25 %)}. */
    static String miss(CapacityStep.SloMiss m) {
        String unit = m.unit() == null || m.unit().isEmpty() ? "" : " " + m.unit();
        return m.slo() + ": " + Text.plain(m.measured()) + unit + " against " + Text.plain(m.threshold()) + unit
            + (m.by() == null || m.by().isBlank() ? "" : " (" + m.by() + ")");
    }

    private static String verdict(StepOutcome v) {
        return v == StepOutcome.PASS ? "pass" : v.tag().toUpperCase(Locale.ROOT);
    }

    private static String p(String latency, String stat) {
        return latency == null ? stat : latency + " " + stat;
    }

    /** Milliseconds with three significant digits, like the run summary's table. */
    private static String ms(double v) {
        if (!Double.isFinite(v)) {
            return "-";
        }
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a == 0) {
            return "0";
        }
        int decimals = Math.min(6, Math.max(0, 2 - (int) Math.floor(Math.log10(a))));
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
