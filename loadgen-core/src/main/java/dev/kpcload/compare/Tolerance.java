package dev.kpcload.compare;

import dev.kpcload.InvalidInputException;
import dev.kpcload.plan.DurationParser;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The regression rule: NEW is worse than BASE on an item when it is worse by more than {@code relative} of BASE's
 * value <em>and</em> by more than an absolute floor. The floor keeps noise from being called a regression: a
 * latency of 0.1 ms that becomes 0.3 ms is three times worse and means nothing (a context switch, a GC pause of
 * either JVM), and an error ratio that goes from 0 to 1 in 100,000 is infinitely worse and means little.
 * Better is the mirror image.
 *
 * @param relative       the tolerance as a share of BASE's value (0.10 for 10 %)
 * @param latencyFloorMs the smallest latency difference that can be a change, in milliseconds
 * @param ratioFloor     the smallest ratio difference that can be a change (0.0001 for 0.01 percentage points)
 */
public record Tolerance(double relative, double latencyFloorMs, double ratioFloor) {

    public static final Tolerance DEFAULT = new Tolerance(0.10, 1.0, 0.0001);

    /** Guards the edge ({@code 10 * 1.1} is 11.000000000000002): exactly at the tolerance is still the same. */
    private static final double EDGE = 1e-9;
    private static final Pattern SHARE = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)\\s*(%?)");

    public Tolerance {
        if (!(relative >= 0) || !(latencyFloorMs >= 0) || !(ratioFloor >= 0) || Double.isInfinite(relative)
            || Double.isInfinite(latencyFloorMs) || Double.isInfinite(ratioFloor)) {
            throw new IllegalArgumentException("tolerance and floors must be finite and not negative");
        }
    }

    /** From the flags' texts: {@code --tolerance 10%}, {@code --min-latency-change 1ms}, {@code --min-ratio-change 0.01%}. */
    public static Tolerance parse(String relative, String latencyFloor, String ratioFloor) {
        return new Tolerance(share(relative, "--tolerance"),
            DurationParser.parse(latencyFloor, "--min-latency-change", true).toNanos() / 1e6,
            share(ratioFloor, "--min-ratio-change"));
    }

    /** A share: {@code 10%} or a fraction such as {@code 0.1} (a bare number above 1 is refused as ambiguous). */
    static double share(String text, String flag) {
        Matcher m = SHARE.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new InvalidInputException(flag + ": expected a percentage such as 10% (or a fraction such as 0.1),"
                + " got '" + text + "'");
        }
        double value = Double.parseDouble(m.group(1));
        if (m.group(2).isEmpty()) {
            if (value > 1) {
                throw new InvalidInputException(flag + ": a bare number is a fraction and must be at most 1; write "
                    + text.strip() + "% for a percentage");
            }
            return value;
        }
        return value / 100;
    }

    /** Lower is better (latencies, error shares): NEW against BASE with this floor. */
    public Verdict judge(double base, double next, double floor) {
        if (!finite(base) || !finite(next)) {
            return Verdict.NOT_COMPARABLE;
        }
        double diff = next - base;
        double allowed = Math.abs(base) * relative * (1 + EDGE);
        if (diff > allowed && diff > floor) {
            return Verdict.WORSE;
        }
        if (-diff > allowed && -diff > floor) {
            return Verdict.BETTER;
        }
        return Verdict.SAME;
    }

    public Verdict judgeLatency(double baseMs, double nextMs) {
        return judge(baseMs, nextMs, latencyFloorMs);
    }

    public Verdict judgeRatio(double base, double next) {
        return judge(base, next, ratioFloor);
    }

    private static boolean finite(double v) {
        return !Double.isNaN(v) && !Double.isInfinite(v);
    }
}
