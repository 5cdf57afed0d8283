package dev.kpcload.compare;

import java.util.Locale;
import java.util.StringJoiner;

/** How the comparison's numbers read, the same in the console, the HTML page and nowhere else. */
public final class ComparisonText {

    private ComparisonText() {
    }

    /** A value in its unit: {@code 1,234}, {@code 200.0}, {@code 0.105} (ms), {@code 0.170 %}; a dash for none. */
    public static String value(Unit unit, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "-";
        }
        return switch (unit) {
            case COUNT -> String.format(Locale.ROOT, "%,d", Math.round(v));
            case PER_SECOND -> String.format(Locale.ROOT, "%,.1f", v);
            case MILLIS -> String.format(Locale.ROOT, "%,.3f", v);
            case RATIO -> String.format(Locale.ROOT, "%.3f %%", 100 * v);
        };
    }

    /** A relative change: {@code +12.3 %}, {@code -5.0 %}, {@code 0.0 %}, {@code new} (BASE was 0), a dash for none. */
    public static String change(double change) {
        if (Double.isNaN(change)) {
            return "-";
        }
        if (Double.isInfinite(change)) {
            return change > 0 ? "new" : "-inf";
        }
        if (Math.abs(change) < 0.0005) {
            return "0.0 %";
        }
        return String.format(Locale.ROOT, Math.abs(change) >= 10 ? "%+,.0f %%" : "%+.1f %%", 100 * change);
    }

    /** The verdict as shown: in parentheses when it does not count toward the result. */
    public static String verdict(Judged j) {
        return j.counted() ? j.verdict().name() : "(" + j.verdict().name() + ")";
    }

    /** The rule in one sentence, with this comparison's numbers. */
    public static String rule(Comparison c) {
        Tolerance t = c.tolerance();
        return String.format(Locale.ROOT, "WORSE when NEW is worse than BASE by more than %s and by more than %s ms"
            + " (latencies) or %s percentage points (ratios); p50, p99, p99.9%s judged; in parentheses: shown, not"
            + " judged", percent(t.relative()), plain(t.latencyFloorMs()), plain(100 * t.ratioFloor()),
            c.judgeMax() ? " and max" : "");
    }

    /** The result in one line: {@code WORSE: 2 worse (status p50, status p99), 0 better, 14 same, 3 not comparable}. */
    public static String result(Comparison c) {
        var tally = c.tally();
        StringJoiner worse = new StringJoiner(", ", " (", ")");
        worse.setEmptyValue("");
        c.judged().stream().filter(Judged::regression).limit(8).forEach(j -> worse.add(j.name()));
        int more = tally.get(Verdict.WORSE) - 8;
        if (more > 0) {
            worse.add("and " + more + " more");
        }
        return String.format(Locale.ROOT, "%s: %d worse%s, %d better, %d same, %d not comparable",
            c.overall().name(), tally.get(Verdict.WORSE), worse, tally.get(Verdict.BETTER), tally.get(Verdict.SAME),
            tally.get(Verdict.NOT_COMPARABLE));
    }

    static String percent(double share) {
        return plain(100 * share) + " %";
    }

    /** A number without trailing zeros: 10, 0.5, 0.01. */
    static String plain(double v) {
        java.math.BigDecimal d = new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros();
        return d.scale() <= 0 ? d.toBigInteger().toString() : d.toPlainString();
    }
}
