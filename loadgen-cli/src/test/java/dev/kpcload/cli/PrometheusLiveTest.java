package dev.kpcload.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kpcload.dashboards.DashboardQueries;
import dev.kpcload.fleet.TokenEntry;
import dev.kpcload.fleet.TokenFile;
import dev.kpcload.metrics.HlogMerge;
import dev.kpcload.metrics.LatencyBuckets;
import dev.kpcload.sim.KpcSimulator;
import dev.kpcload.sim.SimConfig;
import dev.kpcload.testing.Mosquitto;
import dev.kpcload.testing.PrometheusServer;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two load generator processes (two shards of one run) share one simulator; a real Prometheus scrapes both. Every
 * query of the dashboard must be valid and return data, and the fleet-wide p99 that Prometheus computes from the
 * summed buckets must agree with the p99 of the merged HdrHistogram interval logs within one bucket.
 */
class PrometheusLiveTest {

    private static final Path DASHBOARD = Path.of("../dashboards/loadgen.json");

    @TempDir
    Path dir;

    @Test
    void dashboardQueriesReturnDataAndFleetP99AgreesWithTheMergedHlog() throws Exception {
        Path tokens = dir.resolve("tokens.csv");
        assertEquals(0, CliHarness.run("tokens", "--count", "200", "--seed", "11", "--out", tokens.toString())
            .exitCode());
        // the simulator does not know two tokens: their meters get 401s, so the error panels have data
        List<TokenEntry> entries = TokenFile.load(tokens);
        Set<String> known = entries.stream().skip(2).map(TokenEntry::token).collect(Collectors.toSet());
        int[] ports = {Mosquitto.freePort(), Mosquitto.freePort()};
        List<String> targets = List.of("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1]);
        try (KpcSimulator sim = KpcSimulator.start(SimConfig.loopback(0).withKnownTokens(known).withIoThreads(1));
             PrometheusServer prometheus = PrometheusServer.start(dir, targets)) {
            List<Process> shards = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                shards.add(JavaProcesses.start(dir.resolve("shard" + i + ".log"), "run", "--tokens",
                    tokens.toString(), "--server", "127.0.0.1:" + sim.address().getPort(), "--rate", "600/s",
                    "--duration", "12s", "--shards", "2", "--shard-index", String.valueOf(i), "--run-id", "live",
                    "--metrics-port", String.valueOf(ports[i]), "--metrics-linger", "8s", "--report-interval", "1s",
                    "--hlog", dir.resolve("shard" + i + ".hlog").toString(), "--io-threads", "1"));
            }
            // mid-run for rates and quantiles of the publish phase: once both shards have published for 7 of
            // their 12 s (progress lines each second), the 5 s rate window before now lies inside the phase
            for (int i = 0; i < shards.size(); i++) {
                awaitLines(dir.resolve("shard" + i + ".log"), "] publish", 7, shards.get(i));
            }
            double midPublish = System.currentTimeMillis() / 1000.0;
            // while the runs linger after their end, Prometheus holds every final count
            for (int i = 0; i < shards.size(); i++) {
                awaitLine(dir.resolve("shard" + i + ".log"), "metrics: serving for", shards.get(i));
            }
            Thread.sleep(3000);
            double end = System.currentTimeMillis() / 1000.0;

            for (DashboardQueries.Query q : DashboardQueries.queries(DASHBOARD)) {
                String promql = DashboardQueries.substitute(q.expr(), "live", ".*", ".*", "5s");
                JsonNode answer = prometheus.query(promql, midPublish);
                assertEquals("success", answer.path("status").asText(), q + " -> " + answer);
                assertFalse(answer.path("data").path("result").isEmpty(), "no data: " + q + " = " + promql);
            }

            Map<String, Histogram> merged = HlogMerge.merge(
                List.of(dir.resolve("shard0.hlog"), dir.resolve("shard1.hlog")), dir.resolve("merged.hlog"));
            Histogram status = merged.get("status");
            long confirmedCount = (long) value(prometheus.query(
                "sum(loadgen_status_latency_seconds_count{run_id=\"live\"})", end));
            assertEquals(status.getTotalCount(), confirmedCount, "Prometheus counts what the hlogs hold");
            assertEquals(7200 - 2 * 36, confirmedCount, "every message to a known token confirmed");
            double errors = value(prometheus.query(
                "sum(loadgen_error_replies_total{run_id=\"live\", status_code=\"401\"})", end));
            assertEquals(72, errors, 0.0);

            double promP99 = value(prometheus.query("histogram_quantile(0.99, sum by (le) "
                + "(loadgen_status_latency_seconds_bucket{run_id=\"live\"}))", end));
            double hdrP99 = status.getValueAtPercentile(99) / 1e9;
            double[] bucket = bucketAround(hdrP99);
            assertTrue(promP99 >= bucket[0] * 0.999 && promP99 <= bucket[1] * 1.001,
                "Prometheus p99 " + promP99 + " s, merged hlog p99 " + hdrP99 + " s, bucket " + bucket[0] + ".."
                    + bucket[1]);

            for (Process p : shards) {
                assertTrue(p.waitFor(60, TimeUnit.SECONDS));
                assertEquals(0, p.exitValue());
            }
        }
    }

    private static double value(JsonNode answer) {
        JsonNode result = answer.path("data").path("result");
        assertEquals(1, result.size(), answer.toString());
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    /** The exported bucket (lower, upper] that holds a value in seconds. */
    private static double[] bucketAround(double seconds) {
        double lower = 0;
        for (Duration bound : LatencyBuckets.bounds()) {
            double upper = bound.toNanos() / 1e9;
            if (seconds <= upper) {
                return new double[] {lower, upper};
            }
            lower = upper;
        }
        return new double[] {lower, Double.POSITIVE_INFINITY};
    }

    private static void awaitLine(Path log, String text, Process process) throws Exception {
        awaitLines(log, text, 1, process);
    }

    /** Waits until {@code text} stands in at least {@code count} lines of the log. */
    private static void awaitLines(Path log, String text, int count, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readAllLines(log).stream().filter(l -> l.contains(text)).count() >= count) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("shard exited early: " + Files.readString(log));
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no '" + text + "' in " + log + ": " + Files.readString(log));
    }
}
