package dev.kpcload.slo;

import dev.kpcload.metrics.LatencyKind;

import java.util.Locale;

/**
 * One service level objective, parsed: {@code p99(status{kind=dcx-json}) < 250ms for 30s abort}.
 *
 * @param text           the expression as written
 * @param where          where it was written: {@code --slo} or {@code FILE:LINE:COLUMN}
 * @param metric         a latency or a ratio
 * @param latency        the latency judged; null for a ratio
 * @param messageKind    the message kind it is narrowed to ({@code dcx-json}); null for all
 * @param statistic      for a latency: percentile, max or mean; null for a ratio
 * @param percentile     for {@link Statistic#PERCENTILE}: 0 to 100 exclusive
 * @param comparison     how the measured value must compare with the threshold
 * @param threshold      nanoseconds for a latency, a fraction (0 to 1) for a ratio
 * @param sustainedNanos 0: judged over the whole run (warm-up left out); else judged per report interval and
 *                       broken when it fails in every interval over at least this long
 * @param abort          stop the run early once broken
 */
public record Slo(String text, String where, SloMetric metric, LatencyKind latency, String messageKind,
                  Statistic statistic, double percentile, Comparison comparison, double threshold,
                  long sustainedNanos, boolean abort) {

    public boolean sustained() {
        return sustainedNanos > 0;
    }

    /** Whether a measured value (nanoseconds or fraction, as the threshold) meets the objective. */
    public boolean holds(double measured) {
        return comparison.holds(measured, threshold);
    }

    /** What it measures, without the threshold: {@code p99(status{kind=dcx-json})}, {@code error_ratio}. */
    public String measureName() {
        String kind = messageKind == null ? "" : "{kind=" + messageKind + "}";
        if (metric.isRatio()) {
            return metric.ratioName() + kind;
        }
        String stat = switch (statistic) {
            case MAX -> "max";
            case MEAN -> "mean";
            case PERCENTILE -> "p" + trim(percentile);
        };
        return stat + "(" + latency.tag() + kind + ")";
    }

    /** A measured value (or the threshold) in the unit people read: {@code 231.4ms}, {@code 0.012%}. */
    public String format(double value) {
        if (metric.isRatio()) {
            return trim(roundTo(value * 100, 4)) + "%";
        }
        double ms = value / 1e6;
        return (ms >= 100 ? String.format(Locale.ROOT, "%.0f", ms) : trim(roundTo(ms, 3))) + "ms";
    }

    /** The unit {@link #displayValue} is in: {@code ms} or {@code ratio}. */
    public String displayUnit() {
        return metric.isRatio() ? "ratio" : "ms";
    }

    /** A value in the JSON's unit: milliseconds for a latency, the fraction for a ratio. */
    public double displayValue(double value) {
        return metric.isRatio() ? value : value / 1e6;
    }

    /** By how much a measured value misses (or beats) the threshold, relative: {@code +38%}. */
    public String margin(double measured) {
        if (threshold == 0) {
            return measured == 0 ? "at the threshold" : (comparison.upperBound() ? "above 0" : "below 0");
        }
        double relative = (measured - threshold) / Math.abs(threshold) * 100;
        return String.format(Locale.ROOT, "%+.1f%%", relative);
    }

    static String trim(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        String text = String.format(Locale.ROOT, "%.6f", value);
        return text.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static double roundTo(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
