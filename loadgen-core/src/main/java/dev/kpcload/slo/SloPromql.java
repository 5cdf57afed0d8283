package dev.kpcload.slo;

import dev.kpcload.metrics.LatencyKind;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * An SLO as PromQL over the metrics a run exports (see {@code RunMeters}: {@code loadgen_} histograms in seconds with
 * fixed buckets, counters ending in {@code _total}, every series labelled {@code run_id} and {@code shard}, message
 * series also {@code kind}), for dashboards and alerts. Every expression is filtered by the run's {@code run_id}
 * matcher and sums over all shards, so it speaks of the whole fleet, as the merged verdict does.
 *
 * <p><b>The verdict is judged on HdrHistogram and the run's own counts, not on this.</b> The PromQL is an
 * approximation for dashboards: a percentile from the exported buckets is only as fine as one bucket (12.2 % wide,
 * 100 µs to 60 s, interpolated within it); the exported counters and histograms hold the warm-up stages as well
 * (the verdict leaves them out); {@code rate} and {@code increase} extrapolate to the range's edges; and a sustained
 * SLO ({@code for 30s}) is judged per report interval, while here it is the value over a range of its window.
 *
 * <p>Values are in the unit of the verdict's {@link SloResult#value()}: milliseconds for a latency, a fraction
 * (0 to 1) for a ratio, so that a value here and a value in the summary JSON can be put side by side.
 */
public final class SloPromql {

    /** The Grafana variable of the run, as the dashboards name it. */
    public static final String GRAFANA_RUN_ID = "run_id=\"$run_id\"";
    /** Grafana's whole time range of the dashboard. */
    public static final String GRAFANA_RANGE = "$__range";

    private final String runIdMatcher;
    private final String range;

    /**
     * @param runIdMatcher the label matcher that picks the run, e.g. {@code run_id="$run_id"} or
     *                     {@code run_id="20261202-0400"}
     * @param range        the range of a whole-run SLO: a Prometheus duration ({@code 1h}) or a Grafana variable
     *                     ({@code $__range}); a sustained SLO always takes its own window
     */
    public SloPromql(String runIdMatcher, String range) {
        if (runIdMatcher == null || runIdMatcher.isBlank() || range == null || range.isBlank()) {
            throw new IllegalArgumentException("a run_id matcher and a range are needed");
        }
        this.runIdMatcher = runIdMatcher;
        this.range = range;
    }

    /** For a Grafana dashboard: {@code run_id="$run_id"}, whole-run SLOs over {@code $__range}. */
    public static SloPromql grafana() {
        return new SloPromql(GRAFANA_RUN_ID, GRAFANA_RANGE);
    }

    /** For one run by its id (quoted as PromQL wants), whole-run SLOs over {@code range}. */
    public static SloPromql forRun(String runId, Duration range) {
        return new SloPromql("run_id=\"" + escape(runId) + "\"", duration(range.toNanos()));
    }

    /** The SLO's measured value: milliseconds for a latency, a fraction for a ratio. */
    public String value(Slo slo) {
        String r = range(slo);
        if (slo.metric() == SloMetric.LATENCY) {
            return latency(slo, r);
        }
        String m = matchers(slo);
        return switch (slo.metric()) {
            case ERROR_RATIO -> ofSettled("loadgen_messages_failed_total", m, r);
            case TIMEOUT_RATIO -> ofSettled("loadgen_messages_timed_out_total", m, r);
            case DROP_RATIO -> ofSettled("loadgen_messages_dropped_total", m, r);
            case CONFIRMED_RATIO -> ofSettled("loadgen_messages_confirmed_total", m, r);
            // per kind, the plan's count of the kind is what it made due: the target rate has no kind label
            case ACHIEVED_RATIO -> slo.messageKind() == null
                ? sum("rate", "loadgen_messages_sent_total", m, r) + " / sum(avg_over_time("
                    + "loadgen_target_messages_per_second{" + m + "}[" + r + "]))"
                : sum("increase", "loadgen_messages_sent_total", m, r) + " / "
                    + sum("increase", "loadgen_messages_scheduled_total", m, r);
            // attempts still under way count as not failed
            case CONNECT_SUCCESS_RATIO -> "1 - " + sum("increase", "loadgen_connect_failures_total", m, r) + " / "
                + sum("increase", "loadgen_connect_attempts_total", m, r);
            case LATENCY -> throw new IllegalStateException("a latency");
        };
    }

    /**
     * The value where the SLO is broken: {@link #value} compared with the threshold the other way round
     * ({@code p99(status) < 250ms} gives {@code ... >= 250}), so that it has a result only while the SLO fails; an
     * alert's {@code expr}.
     */
    public String broken(Slo slo) {
        String opposite = switch (slo.comparison()) {
            case LESS -> ">=";
            case LESS_OR_EQUAL -> ">";
            case GREATER -> "<=";
            case GREATER_OR_EQUAL -> "<";
        };
        return "(" + value(slo) + ") " + opposite + " " + threshold(slo);
    }

    /** The threshold in the unit of {@link #value}, as PromQL reads it: {@code 250}, {@code 0.001}. */
    public static String threshold(Slo slo) {
        return number(slo.displayValue(slo.threshold()));
    }

    /** The range the SLO's value is taken over: its window when sustained, else this one's. */
    public String range(Slo slo) {
        return slo.sustained() ? duration(slo.sustainedNanos()) : range;
    }

    /** How this PromQL differs from the verdict, in a sentence or two (a panel's description). */
    public String note(Slo slo) {
        StringBuilder note = new StringBuilder("The verdict is judged on HdrHistogram and the run's own counts,"
            + " warm-up left out; this PromQL over the exported metrics (warm-up included) approximates it.");
        if (slo.metric() == SloMetric.LATENCY) {
            note.append(switch (slo.statistic()) {
                case PERCENTILE -> " A percentile from the fixed buckets (100 µs to 60 s, 12.2 % apart) is"
                    + " interpolated within one bucket.";
                case MAX -> " The exported max is Micrometer's, over its last 2 minutes at each scrape.";
                case MEAN -> " The mean is the histogram's sum over its count.";
            });
        } else if (slo.metric() == SloMetric.ACHIEVED_RATIO) {
            note.append(slo.messageKind() == null ? " Planned: the target rate gauge, averaged."
                : " Planned: the messages of the kind the plan made due (the target rate has no kind).");
        }
        if (slo.sustained()) {
            note.append(" Sustained: judged per report interval, broken once every interval with data fails for ")
                .append(duration(slo.sustainedNanos())).append("; here the value over the last ")
                .append(duration(slo.sustainedNanos())).append(", whose worst over the time range approximates it.");
        }
        return note.toString();
    }

    private String latency(Slo slo, String r) {
        String metric = metric(slo.latency());
        String m = matchers(slo);
        // seconds exported, milliseconds shown (the verdict's unit)
        return switch (slo.statistic()) {
            case PERCENTILE -> "1000 * histogram_quantile(" + quantile(slo.percentile()) + ", sum by (le) (rate("
                + metric + "_bucket{" + m + "}[" + r + "])))";
            case MAX -> "1000 * max(max_over_time(" + metric + "_max{" + m + "}[" + r + "]))";
            case MEAN -> "1000 * " + sum("rate", metric + "_sum", m, r) + " / " + sum("rate", metric + "_count", m, r);
        };
    }

    /** A count's share of the settled messages: confirmed + failed + timed out + dropped. */
    private static String ofSettled(String part, String m, String r) {
        return sum("increase", part, m, r) + " / (" + sum("increase", "loadgen_messages_confirmed_total", m, r)
            + " + " + sum("increase", "loadgen_messages_failed_total", m, r)
            + " + " + sum("increase", "loadgen_messages_timed_out_total", m, r)
            + " + " + sum("increase", "loadgen_messages_dropped_total", m, r) + ")";
    }

    private static String sum(String function, String metric, String m, String r) {
        return "sum(" + function + "(" + metric + "{" + m + "}[" + r + "]))";
    }

    private String matchers(Slo slo) {
        return slo.messageKind() == null ? runIdMatcher
            : runIdMatcher + ", kind=\"" + escape(slo.messageKind()) + "\"";
    }

    /** The exported histogram of a latency, without its suffix (as {@code RunMeters} names it). */
    static String metric(LatencyKind kind) {
        return switch (kind) {
            case CONNECT -> "loadgen_connect_latency_seconds";
            case TCP_CONNECT -> "loadgen_tcp_connect_seconds";
            case TLS_HANDSHAKE -> "loadgen_tls_handshake_seconds";
            case PUBACK -> "loadgen_puback_latency_seconds";
            case STATUS -> "loadgen_status_latency_seconds";
            case SERVICE -> "loadgen_service_time_seconds";
            case SEND_LAG -> "loadgen_send_lag_seconds";
            case RECONNECT -> "loadgen_reconnect_latency_seconds";
        };
    }

    /**
     * A Prometheus duration: whole units only ({@code 30s}, {@code 1m30s}, {@code 1s500ms}, {@code 2h}), at least
     * {@code 1ms}, rounded up to the millisecond.
     */
    public static String duration(long nanos) {
        long ms = Math.max(1, (nanos + 999_999) / 1_000_000);
        StringBuilder text = new StringBuilder();
        long[] units = {3_600_000, 60_000, 1_000, 1};
        String[] names = {"h", "m", "s", "ms"};
        for (int i = 0; i < units.length; i++) {
            if (ms >= units[i]) {
                text.append(ms / units[i]).append(names[i]);
                ms %= units[i];
            }
        }
        return text.toString();
    }

    /** A percentile as a quantile, in decimal: 99.9 is 0.999 (not 0.9990000000000001). */
    static String quantile(double percentile) {
        return new BigDecimal(Double.toString(percentile)).movePointLeft(2).stripTrailingZeros().toPlainString();
    }

    /** A plain decimal, never in exponent form: {@code 250}, {@code 0.999}, {@code 0.0000001}. */
    static String number(double value) {
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    private static String escape(String labelValue) {
        return labelValue.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
