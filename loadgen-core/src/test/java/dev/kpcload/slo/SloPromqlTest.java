package dev.kpcload.slo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.LatencyStreams;
import dev.kpcload.metrics.PrometheusExport;
import dev.kpcload.metrics.RunCounters;
import dev.kpcload.metrics.RunGauges;
import dev.kpcload.metrics.RunMeters;
import dev.kpcload.testing.ExternalPrograms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each SLO form as PromQL; every expression checked against a real scrape and by promtool. */
class SloPromqlTest {

    private static final SloPromql GRAFANA = SloPromql.grafana();
    private static final String RUN = "run_id=\"$run_id\"";

    /** One SLO of every form. */
    static final List<String> EVERY_FORM = List.of(
        "p50(status) < 250ms", "median(status) < 250ms", "p99(status) < 250ms", "p99.9(status{kind=dcx-json}) < 1s",
        "p99.99(puback) <= 2.005ms", "p99(service{kind=epmx-get}) < 100ms", "p99(send_lag) < 2ms for 30s abort",
        "max(connect) < 10s", "max(tcp_connect) < 1s", "max(reconnect) < 1m",
        "mean(status) < 50ms", "avg(puback{kind=\"dcx-json\"}) < 50ms",
        "error_ratio < 0.1%", "error_ratio{kind=dcx-json} < 1% for 1m30s", "timeout_ratio < 0.01%",
        "drop_ratio <= 0", "confirmed_ratio >= 99.9%", "confirmed_ratio{kind=epmx-get} > 0.99",
        "achieved_ratio >= 99%", "achieved_ratio{kind=dcx-json} >= 99% for 1.5s",
        "connect_success_ratio >= 99.9%", "error_ratio < 0.00001%");

    static Slo slo(String text) {
        return SloParser.parse(text, "--slo");
    }

    // ---- each form

    @Test
    void aPercentileIsAQuantileOfTheSummedBucketsInMilliseconds() {
        assertEquals("1000 * histogram_quantile(0.99, sum by (le) (rate(loadgen_status_latency_seconds_bucket{" + RUN
            + "}[$__range])))", GRAFANA.value(slo("p99(status) < 250ms")));
        assertEquals("1000 * histogram_quantile(0.5, sum by (le) (rate(loadgen_status_latency_seconds_bucket{" + RUN
            + "}[$__range])))", GRAFANA.value(slo("median(status) < 250ms")));
        assertEquals("1000 * histogram_quantile(0.999, sum by (le) (rate(loadgen_status_latency_seconds_bucket{" + RUN
            + ", kind=\"dcx-json\"}[$__range])))", GRAFANA.value(slo("p99.9(status{kind=dcx-json}) < 1s")));
        assertEquals("1000 * histogram_quantile(0.9999, sum by (le) (rate(loadgen_puback_latency_seconds_bucket{" + RUN
            + "}[$__range])))", GRAFANA.value(slo("p99.99(puback) < 1s")));
    }

    @ParameterizedTest
    @CsvSource({"50, 0.5", "90, 0.9", "99, 0.99", "99.9, 0.999", "99.99, 0.9999", "99.999, 0.99999", "0.1, 0.001",
        "12.345, 0.12345"})
    void quantilesInDecimal(double percentile, String quantile) {
        assertEquals(quantile, SloPromql.quantile(percentile));
    }

    @Test
    void maxFromTheTimersMaxGaugeAndMeanFromSumOverCount() {
        assertEquals("1000 * max(max_over_time(loadgen_connect_latency_seconds_max{" + RUN + "}[$__range]))",
            GRAFANA.value(slo("max(connect) < 10s")));
        assertEquals("1000 * sum(rate(loadgen_puback_latency_seconds_sum{" + RUN + ", kind=\"dcx-json\"}[$__range]))"
                + " / sum(rate(loadgen_puback_latency_seconds_count{" + RUN + ", kind=\"dcx-json\"}[$__range]))",
            GRAFANA.value(slo("mean(puback{kind=dcx-json}) < 10ms")));
    }

    @ParameterizedTest
    @EnumSource(LatencyKind.class)
    void everyLatencyHasItsHistogram(LatencyKind kind) {
        String expr = GRAFANA.value(slo("p99(" + kind.tag() + ") < 1s"));
        assertTrue(expr.contains("(rate(" + SloPromql.metric(kind) + "_bucket{" + RUN + "}[$__range])"), expr);
    }

    @Test
    void messageRatiosAreOverSettledMessages() {
        String settled = "(sum(increase(loadgen_messages_confirmed_total{M}[R])) + sum(increase("
            + "loadgen_messages_failed_total{M}[R])) + sum(increase(loadgen_messages_timed_out_total{M}[R])) + sum("
            + "increase(loadgen_messages_dropped_total{M}[R])))";
        Map<String, String> parts = Map.of("error_ratio", "failed", "timeout_ratio", "timed_out", "drop_ratio",
            "dropped", "confirmed_ratio", "confirmed");
        parts.forEach((ratio, counter) -> {
            String expected = ("sum(increase(loadgen_messages_" + counter + "_total{M}[R])) / " + settled)
                .replace("{M}", "{" + RUN + "}").replace("[R]", "[$__range]");
            assertEquals(expected, GRAFANA.value(slo(ratio + " < 1%")), ratio);
        });
        assertEquals(("sum(increase(loadgen_messages_failed_total{M}[R])) / " + settled)
                .replace("{M}", "{" + RUN + ", kind=\"dcx-json\"}").replace("[R]", "[1m]"),
            GRAFANA.value(slo("error_ratio{kind=dcx-json} < 1% for 1m")));
    }

    @Test
    void achievedIsSentOverThePlan() {
        assertEquals("sum(rate(loadgen_messages_sent_total{" + RUN + "}[$__range])) / sum(avg_over_time("
            + "loadgen_target_messages_per_second{" + RUN + "}[$__range]))", GRAFANA.value(slo("achieved_ratio >= 99%")));
        // the target rate has no kind: one kind's plan is what the plan made due of it
        assertEquals("sum(increase(loadgen_messages_sent_total{" + RUN + ", kind=\"epmx-get\"}[$__range])) / "
                + "sum(increase(loadgen_messages_scheduled_total{" + RUN + ", kind=\"epmx-get\"}[$__range]))",
            GRAFANA.value(slo("achieved_ratio{kind=epmx-get} >= 99%")));
    }

    @Test
    void connectSuccessIsOneLessFailuresOverAttempts() {
        assertEquals("1 - sum(increase(loadgen_connect_failures_total{" + RUN + "}[$__range])) / sum(increase("
            + "loadgen_connect_attempts_total{" + RUN + "}[$__range]))", GRAFANA.value(slo("connect_success_ratio >= 99%")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "p99(status) < 250ms | >= 250", "p99(status) <= 250ms | > 250", "p99(status) > 1.5s | <= 1500",
        "p99(status) >= 1.001us | < 0.001001", "error_ratio < 0.1% | >= 0.001", "achieved_ratio >= 99% | < 0.99",
        "error_ratio <= 0 | > 0", "error_ratio < 0.00001% | >= 0.0000001", "max(connect) < 2m | >= 120000"})
    void brokenIsTheValueComparedTheOtherWay(String text, String tail) {
        Slo slo = slo(text);
        assertEquals("(" + GRAFANA.value(slo) + ") " + tail, GRAFANA.broken(slo));
        assertEquals(tail.substring(tail.indexOf(' ') + 1), SloPromql.threshold(slo));
    }

    @Test
    void aSustainedSloIsOverItsWindowWithANote() {
        Slo slo = slo("p99(status{kind=dcx-json}) < 250ms for 30s abort");
        assertEquals("30s", GRAFANA.range(slo));
        assertTrue(GRAFANA.value(slo).contains("{" + RUN + ", kind=\"dcx-json\"}[30s]"), GRAFANA.value(slo));
        assertFalse(GRAFANA.value(slo).contains("$__range"));
        String note = GRAFANA.note(slo);
        assertTrue(note.contains("judged on HdrHistogram"), note);
        assertTrue(note.contains("Sustained: judged per report interval"), note);
        assertTrue(note.contains("value over the last 30s"), note);
        assertEquals("$__range", GRAFANA.range(slo("p99(status) < 250ms")));
        assertFalse(GRAFANA.note(slo("p99(status) < 250ms")).contains("Sustained"));
    }

    @ParameterizedTest
    @CsvSource({"30000000000, 30s", "90000000000, 1m30s", "1500000000, 1s500ms", "7200000000000, 2h",
        "5400000000000, 1h30m", "1, 1ms", "0, 1ms", "999999, 1ms", "1000001, 2ms", "3600000000001, 1h1ms",
        "60000000000, 1m", "86400000000000, 24h"})
    void prometheusDurations(long nanos, String text) {
        assertEquals(text, SloPromql.duration(nanos));
    }

    @Test
    void forOneRunByItsIdAndRange() {
        SloPromql run = SloPromql.forRun("20261202-0400", Duration.ofHours(1));
        assertEquals("1000 * histogram_quantile(0.99, sum by (le) (rate(loadgen_status_latency_seconds_bucket{"
            + "run_id=\"20261202-0400\"}[1h])))", run.value(slo("p99(status) < 1s")));
        assertTrue(SloPromql.forRun("a\"b\\c", Duration.ofMinutes(5)).value(slo("error_ratio < 1%"))
            .contains("{run_id=\"a\\\"b\\\\c\"}[5m]"), "quotes and backslashes escaped");
        SloPromql custom = new SloPromql("run_id=~\"soak-.*\"", "$__rate_interval");
        assertTrue(custom.value(slo("max(status) < 1s")).contains("{run_id=~\"soak-.*\"}[$__rate_interval]"));
        assertThrows(IllegalArgumentException.class, () -> new SloPromql("", "5m"));
        assertThrows(IllegalArgumentException.class, () -> new SloPromql(RUN, " "));
    }

    @Test
    void everyNoteSaysItIsAnApproximation() {
        for (String text : EVERY_FORM) {
            assertTrue(GRAFANA.note(slo(text)).startsWith("The verdict is judged on HdrHistogram"), text);
        }
    }

    // ---- the names are what a run exports

    private static final Pattern METRIC = Pattern.compile("\\b(loadgen_[a-z_]+)\\{([^}]*)}");

    @Test
    void everyMetricAndLabelIsInARealScrape() {
        Map<String, Set<String>> labelsByMetric = new HashMap<>();
        try (PrometheusExport export = new PrometheusExport("r-1", "0")) {
            RunCounters counters = new RunCounters(LatencyStreams.count(2));
            RunMeters.register(export.registry(), counters, new RunGauges(), List.of("epmx-get", "dcx-json"));
            for (String line : export.scrape().split("\n")) {
                Matcher m = Pattern.compile("^([a-z_]+)\\{([^}]*)}").matcher(line);
                if (m.find()) {
                    Set<String> labels = labelsByMetric.computeIfAbsent(m.group(1), k -> new HashSet<>());
                    for (String pair : m.group(2).split(",")) {
                        labels.add(pair.substring(0, pair.indexOf('=')));
                    }
                }
            }
        }
        int checked = 0;
        for (String text : EVERY_FORM) {
            Slo slo = slo(text);
            Matcher m = METRIC.matcher(GRAFANA.broken(slo));
            while (m.find()) {
                String metric = m.group(1);
                Set<String> exported = labelsByMetric.get(metric);
                assertTrue(exported != null, text + ": " + metric + " is not exported; exported: "
                    + labelsByMetric.keySet());
                assertTrue(exported.contains("run_id"), metric);
                for (String matcher : m.group(2).split(",")) {
                    String label = matcher.strip().split("=~?")[0];
                    assertTrue(exported.contains(label), text + ": " + metric + " has no label " + label);
                }
                checked++;
            }
        }
        assertTrue(checked > 50, "checked " + checked);
    }

    // ---- promtool: every expression parses, and computes what the verdict does

    @Test
    void everyExpressionParsesWithPromtool(@TempDir Path dir) throws Exception {
        Path promtool = ExternalPrograms.require("promtool");
        ObjectMapper json = new ObjectMapper();
        StringBuilder rules = new StringBuilder("groups:\n  - name: slo\n    rules:\n");
        int count = 0;
        List<SloPromql> flavours = List.of(SloPromql.forRun("r-1", Duration.ofMinutes(10)), GRAFANA);
        for (SloPromql promql : flavours) {
            for (String text : EVERY_FORM) {
                Slo slo = slo(text);
                for (String expr : List.of(promql.value(slo), promql.broken(slo))) {
                    // Grafana fills its variables in before Prometheus sees the query
                    String filled = expr.replace("$run_id", "r-1").replace("$__range", "1h");
                    rules.append("      - record: slo:expr_").append(count++).append("\n        expr: ")
                        .append(json.writeValueAsString(filled)).append('\n');
                }
            }
        }
        Path file = dir.resolve("slo-rules.yml");
        Files.writeString(file, rules);
        String out = run(promtool, "check", "rules", file.toString());
        assertTrue(out.contains("SUCCESS: " + count + " rules found"), out);
    }

    @Test
    void prometheusComputesWhatTheVerdictDoes(@TempDir Path dir) throws Exception {
        Path promtool = ExternalPrograms.require("promtool");
        SloPromql run = SloPromql.forRun("r-1", Duration.ofMinutes(5));
        // two shards of run r-1 and one series of another run and of another kind, each to be left out.
        // Per minute and shard: dcx-json 100 settled (96 confirmed, 2 failed, 1 timed out, 1 dropped), 100 sent of
        // 100 planned at 100/min; epmx-get 200 settled, all confirmed; 50 connect attempts, 1 refused, 1 timed out.
        StringBuilder series = new StringBuilder();
        for (String shard : List.of("0", "1")) {
            String dcx = "run_id=\"r-1\",shard=\"" + shard + "\",kind=\"dcx-json\"";
            String get = "run_id=\"r-1\",shard=\"" + shard + "\",kind=\"epmx-get\"";
            String device = "run_id=\"r-1\",shard=\"" + shard + "\"";
            input(series, "loadgen_messages_confirmed_total{" + dcx + "}", "0+96x10");
            input(series, "loadgen_messages_failed_total{" + dcx + ",reason=\"error_reply\"}", "0+2x10");
            input(series, "loadgen_messages_failed_total{" + dcx + ",reason=\"connection_lost\"}", "0+0x10");
            input(series, "loadgen_messages_timed_out_total{" + dcx + "}", "0+1x10");
            input(series, "loadgen_messages_dropped_total{" + dcx + ",reason=\"backlog_full\"}", "0+1x10");
            input(series, "loadgen_messages_sent_total{" + dcx + "}", "0+99x10");
            input(series, "loadgen_messages_scheduled_total{" + dcx + "}", "0+100x10");
            input(series, "loadgen_messages_confirmed_total{" + get + "}", "0+200x10");
            input(series, "loadgen_messages_failed_total{" + get + ",reason=\"error_reply\"}", "0+0x10");
            input(series, "loadgen_messages_timed_out_total{" + get + "}", "0+0x10");
            input(series, "loadgen_messages_dropped_total{" + get + ",reason=\"backlog_full\"}", "0+0x10");
            input(series, "loadgen_messages_sent_total{" + get + "}", "0+201x10");
            input(series, "loadgen_messages_scheduled_total{" + get + "}", "0+200x10");
            // the plan: 300 messages a minute per shard is 5/s
            input(series, "loadgen_target_messages_per_second{" + device + "}", "5x10");
            input(series, "loadgen_connect_attempts_total{" + device + "}", "0+50x10");
            input(series, "loadgen_connect_failures_total{" + device + ",reason=\"refused\"}", "0+1x10");
            input(series, "loadgen_connect_failures_total{" + device + ",reason=\"timeout\"}", "0+1x10");
            // reply latency of dcx-json: per minute 50 values up to 100 ms and 50 from 100 to 200 ms, mean 75 ms
            for (String[] bucket : new String[][] {{"0.1", "0+50x10"}, {"0.2", "0+100x10"}, {"+Inf", "0+100x10"}}) {
                input(series, "loadgen_status_latency_seconds_bucket{" + dcx + ",le=\"" + bucket[0] + "\"}", bucket[1]);
            }
            input(series, "loadgen_status_latency_seconds_sum{" + dcx + "}", "0+7.5x10");
            input(series, "loadgen_status_latency_seconds_count{" + dcx + "}", "0+100x10");
            input(series, "loadgen_status_latency_seconds_max{" + dcx + "}", shard.equals("0") ? "0.19x10" : "0.25x10");
        }
        // another run's and another kind's latencies, far slower: filtered out
        for (String other : List.of("run_id=\"r-2\",shard=\"0\",kind=\"dcx-json\"",
            "run_id=\"r-1\",shard=\"0\",kind=\"epmx-get\"")) {
            for (String le : List.of("0.1", "0.2", "+Inf")) {
                input(series, "loadgen_status_latency_seconds_bucket{" + other + ",le=\"" + le + "\"}",
                    le.equals("+Inf") ? "0+1000x10" : "0+0x10");
            }
            input(series, "loadgen_status_latency_seconds_max{" + other + "}", "30x10");
        }
        input(series, "loadgen_messages_failed_total{run_id=\"r-2\",shard=\"0\",kind=\"dcx-json\",reason=\"error_reply\"}",
            "0+1000x10");

        Map<String, Double> expected = new java.util.LinkedHashMap<>();
        expected.put("error_ratio{kind=dcx-json} < 1%", 0.02);
        expected.put("timeout_ratio{kind=dcx-json} < 2%", 0.01);
        expected.put("drop_ratio{kind=dcx-json} < 0.5%", 0.01);
        expected.put("confirmed_ratio{kind=dcx-json} >= 99%", 0.96);
        expected.put("error_ratio < 1%", 4 / 600.0);
        expected.put("confirmed_ratio >= 99%", 592 / 600.0);
        expected.put("achieved_ratio >= 99%", 1.0);
        expected.put("achieved_ratio{kind=dcx-json} >= 98%", 0.99);
        expected.put("connect_success_ratio >= 99%", 0.96);
        expected.put("p50(status{kind=dcx-json}) < 1s", 100.0);
        expected.put("p99(status{kind=dcx-json}) < 150ms", 198.0);
        expected.put("mean(status{kind=dcx-json}) < 1s", 75.0);
        expected.put("max(status{kind=dcx-json}) < 200ms", 250.0);

        StringBuilder test = new StringBuilder("evaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:\n")
            .append(series).append("    promql_expr_test:\n");
        ObjectMapper json = new ObjectMapper();
        expected.forEach((text, value) -> {
            Slo slo = slo(text);
            expr(test, json, run.value(slo), value);
            // broken only where the value is on the wrong side of the threshold
            expr(test, json, run.broken(slo), slo.holds(slo.metric().isRatio() ? value : value * 1e6) ? null : value);
        });
        Path file = dir.resolve("slo-test.yml");
        Files.writeString(file, test);
        String out = run(promtool, "test", "rules", file.toString());
        assertTrue(out.contains("SUCCESS"), out);
    }

    private static void input(StringBuilder series, String name, String values) {
        series.append("      - series: '").append(name).append("'\n        values: '").append(values).append("'\n");
    }

    private static void expr(StringBuilder test, ObjectMapper json, String expr, Double value) {
        try {
            test.append("      - expr: ").append(json.writeValueAsString(expr)).append("\n        eval_time: 10m\n");
            if (value == null) {
                test.append("        exp_samples: []\n");
            } else {
                test.append("        exp_samples:\n          - labels: '{}'\n            value: ")
                    .append(SloPromql.number(value)).append('\n');
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String run(Path program, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(program.toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        String out = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + out);
        return out;
    }
}
