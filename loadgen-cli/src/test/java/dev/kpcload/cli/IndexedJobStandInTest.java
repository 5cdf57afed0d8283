package dev.kpcload.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kpcload.run.LoadSpec;
import dev.kpcload.testing.Mosquitto;
import dev.kpcload.testing.PrometheusServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stand-in for the Kubernetes Indexed Job on one machine: four {@code loadgen run} processes told their shard by
 * {@code JOB_COMPLETION_INDEX=0..3} (as the Job controller does), one {@code --start-at}, one {@code loadgen sim}
 * process, one real Prometheus scraping the four. Their summed counters are one run's plan exactly, their first
 * intended sends agree within a millisecond, and their merged report is that of one run.
 */
class IndexedJobStandInTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHARDS = 4;
    private static final String RUN_ID = "standin";

    @TempDir
    Path dir;

    @Test
    void fourShardsStartedByIndexRunInPhaseAndAddUpToOneRun() throws Exception {
        Path tokens = dir.resolve("tokens.csv");
        assertEquals(0, CliHarness.run("tokens", "--count", "40", "--seed", "9", "--out", tokens.toString())
            .exitCode());
        // the whole run's plan: 400/s for 4 s, each shard 100/s
        long planned = LoadSpec.constant(400, Duration.ofSeconds(4), 1000).publish().anchor(0, 1).plannedCount();
        assertEquals(1600, planned);
        int[] ports = new int[SHARDS];
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < SHARDS; i++) {
            ports[i] = Mosquitto.freePort();
            targets.add("127.0.0.1:" + ports[i]);
        }
        // far enough ahead for four JVMs to start on a busy machine; a shard that is late anyway still keeps the
        // intended times (its lateness goes into its latencies), so the assertions below hold either way
        String startAt = Instant.now().plusSeconds(6).truncatedTo(ChronoUnit.SECONDS).toString();
        try (SimProcess sim = SimProcess.start(dir.resolve("sim.log"), List.of(), "--io-threads", "1");
             PrometheusServer prometheus = PrometheusServer.start(dir, targets)) {
            List<Process> shards = new ArrayList<>();
            try {
                for (int i = 0; i < SHARDS; i++) {
                    ProcessBuilder shard = JavaProcesses.loadgen("run", "--tokens", tokens.toString(), "--server",
                        sim.server(), "--rate", "400/s", "--duration", "4s", "--shards", String.valueOf(SHARDS),
                        "--run-id", RUN_ID, "--start-at", startAt, "--start-grace", "60s", "--metrics-port",
                        String.valueOf(ports[i]), "--metrics-linger", "60s", "--out", shardDir(i).toString(),
                        "--report-interval", "1s", "--io-threads", "1", "--seed", "4", "--grace", "30s");
                    shard.environment().put("JOB_COMPLETION_INDEX", String.valueOf(i));
                    shards.add(shard.redirectOutput(log(i).toFile()).start());
                }
                for (int i = 0; i < SHARDS; i++) {
                    SimProcess.awaitLine(log(i), shards.get(i), l -> l.startsWith("metrics: serving for"), 90);
                    String header = Files.readString(log(i));
                    assertTrue(header.contains("(shard " + i + " of 4)"), "the shard from JOB_COMPLETION_INDEX: " + header);
                }
                // the shards linger with their final figures: wait for Prometheus to have scraped every one
                double scheduled = awaitValue(prometheus,
                    "sum(loadgen_messages_scheduled_total{run_id=\"" + RUN_ID + "\"})", planned);
                assertEquals(planned, scheduled, "the shards' scheduled add up to one run's plan");
                double confirmed = awaitValue(prometheus,
                    "sum(loadgen_messages_confirmed_total{run_id=\"" + RUN_ID + "\"})", planned);
                assertEquals(planned, confirmed, "every message confirmed");
                assertEquals(SHARDS, value(prometheus,
                    "count(loadgen_first_intended_send_timestamp_seconds{run_id=\"" + RUN_ID + "\"})"));
                double spread = value(prometheus, "max(loadgen_first_intended_send_timestamp_seconds{run_id=\""
                    + RUN_ID + "\"}) - min(loadgen_first_intended_send_timestamp_seconds{run_id=\"" + RUN_ID + "\"})");
                assertTrue(spread < 0.001, "first intended sends " + spread + " s apart");
                double first = value(prometheus,
                    "min(loadgen_first_intended_send_timestamp_seconds{run_id=\"" + RUN_ID + "\"})");
                Instant start = Instant.parse(startAt);
                // after the whole run's connect plan (40 devices at 1000/s: the last at 39 ms) and the 1 s settle
                assertEquals(start.getEpochSecond() + 1.039, first, 0.001);
                for (Process shard : shards) {
                    shard.destroy(); // SIGTERM ends the linger
                }
                for (int i = 0; i < SHARDS; i++) {
                    assertTrue(shards.get(i).waitFor(30, TimeUnit.SECONDS), "shard " + i + " did not end");
                    assertEquals(0, shards.get(i).exitValue(), Files.readString(log(i)));
                }
            } finally {
                for (Process shard : shards) {
                    if (shard.isAlive()) {
                        shard.destroyForcibly();
                    }
                }
            }
        }

        List<String> merge = new ArrayList<>(List.of("report", "merge", "--out", dir.resolve("fleet").toString()));
        for (int i = 0; i < SHARDS; i++) {
            merge.add(shardDir(i).toString());
        }
        CliHarness merged = CliHarness.run(merge.toArray(String[]::new));
        assertEquals(0, merged.exitCode(), merged.err() + merged.out());
        assertTrue(!merged.out().contains("warning:"), merged.out());
        // every shard cut its report intervals at start-at + k s (each interval but the last, checked in its log):
        // interval k is one span of the wall clock on all four, whenever each was ready
        for (int i = 0; i < SHARDS; i++) {
            StaggeredShardsTest.intervalsOnGrid(shardDir(i), Instant.parse(startAt));
        }
        JsonNode fleet = JSON.readTree(dir.resolve("fleet/summary.json").toFile());
        assertEquals(planned, fleet.at("/messages/scheduled").asLong(), "one run's plan");
        assertEquals(planned, fleet.at("/messages/confirmed").asLong());
        assertEquals(40, fleet.at("/devices/targeted").asLong());
        assertEquals(40, fleet.at("/devices/connected").asLong());
        assertEquals(400, fleet.at("/rates/target").asDouble(), 1e-9);
        assertEquals(planned, fleet.at("/latencies/status/count").asLong());
        assertEquals("[0,1,2,3]", fleet.at("/config/mergedShards").toString());
        assertEquals(Instant.parse(startAt).toString(), fleet.at("/config/startAt").asText());
        assertTrue(fleet.at("/config/firstIntendedSendSpreadSeconds").asDouble() < 0.001, fleet.get("config")
            .toString());
    }

    private Path shardDir(int i) {
        return dir.resolve("shard-" + i);
    }

    private Path log(int i) {
        return dir.resolve("shard" + i + ".log");
    }

    private static double value(PrometheusServer prometheus, String promql) throws Exception {
        JsonNode result = prometheus.query(promql, System.currentTimeMillis() / 1000.0).path("data").path("result");
        return result.size() == 1 ? Double.parseDouble(result.get(0).path("value").get(1).asText()) : Double.NaN;
    }

    /** The query's value once it reaches {@code expected} (scrapes are each second), or its last value after 30 s. */
    private static double awaitValue(PrometheusServer prometheus, String promql, double expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        double last = Double.NaN;
        while (System.nanoTime() < deadline) {
            last = value(prometheus, promql);
            if (last == expected) {
                return last;
            }
            Thread.sleep(250);
        }
        return last;
    }
}
