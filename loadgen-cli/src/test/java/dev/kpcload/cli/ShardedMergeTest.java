package dev.kpcload.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kpcload.metrics.HlogMerge;
import dev.kpcload.metrics.LatencyRecorders;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real sharded run, two processes with their own embedded simulator (shard 1's replies 5 ms late), then one
 * verdict for the fleet with {@code report merge --out}: its counts add up to the plan's, its p99 is that of the
 * union of the shards' histograms, and its exit code is the fleet's verdict.
 */
class ShardedMergeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TIGHT = "p99(status) < 1ms";
    private static final String SUSTAINED = "error_ratio < 1% for 2s";

    @TempDir
    static Path dir;
    private static Path[] shardDirs;

    @BeforeAll
    static void runTwoShards() throws Exception {
        Path tokens = dir.resolve("tokens.csv");
        assertEquals(0, CliHarness.run("tokens", "--count", "40", "--seed", "9", "--out", tokens.toString())
            .exitCode());
        shardDirs = new Path[] {dir.resolve("dir0"), dir.resolve("dir1")};
        List<Process> shards = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            List<String> args = new ArrayList<>(List.of("run", "--tokens", tokens.toString(), "--rate", "400/s",
                "--duration", "4s", "--shards", "2", "--shard-index", String.valueOf(i), "--run-id", "merge-it",
                "--out", shardDirs[i].toString(), "--report-interval", "1s", "--io-threads", "1", "--seed", "4",
                // a long grace (it ends as soon as nothing is in flight): on a busy machine every message still
                // gets its answer, so that the fleet's counts are the plan's
                "--grace", "30s",
                "--slo", TIGHT, "--slo", SUSTAINED));
            if (i == 1) {
                args.addAll(List.of("--sim-response-delay", "5ms"));
            }
            shards.add(JavaProcesses.start(dir.resolve("shard" + i + ".log"), args.toArray(String[]::new)));
        }
        for (int i = 0; i < shards.size(); i++) {
            assertTrue(shards.get(i).waitFor(120, TimeUnit.SECONDS), "shard " + i + " did not end");
            int code = shards.get(i).exitValue();
            // shard 1 breaks the tight SLO on its own; shard 0 may or may not, on a busy machine
            assertTrue(code == 0 || code == 99, "shard " + i + " exited " + code + ": "
                + Files.readString(dir.resolve("shard" + i + ".log")));
        }
        assertEquals(99, shards.get(1).exitValue());
    }

    private static Histogram unionOfTheShardsLogs(String tag) {
        Histogram union = LatencyRecorders.newHistogram();
        for (Path shard : shardDirs) {
            HlogMerge.read(shard.resolve("run.hlog")).stream().filter(h -> tag.equals(h.getTag())).forEach(union::add);
        }
        return union;
    }

    private static double shardP99(int shard) throws Exception {
        return JSON.readTree(shardDirs[shard].resolve("summary.json").toFile()).at("/latencies/status/p99").asDouble();
    }

    /** Loose enough for a machine as busy as a shared CI runner (its p99 went to 4.5 s there). */
    @Test
    void aLooseSloPassesOnTheMergedHistogramsAndSummedCounts() throws Exception {
        Path fleet = dir.resolve("loose");
        CliHarness result = CliHarness.run("report", "merge", "--out", fleet.toString(), "--slo", "p99(status) < 30s",
            "--slo", "p99(status) < 30s for 2s", "--slo", SUSTAINED, "--slo", "achieved_ratio >= 99%",
            shardDirs[0].toString(), shardDirs[1].toString());
        assertEquals(0, result.exitCode(), result.err() + result.out());
        assertTrue(result.out().contains("report merge: 2 shards of run merge-it"), result.out());
        assertTrue(result.out().contains("shard 0    " + shardDirs[0] + ": completed, 20/20 devices connected, 800"
            + " scheduled"), result.out());
        assertTrue(result.out().contains("every SLO met (4)"), result.out());

        JsonNode summary = JSON.readTree(fleet.resolve("summary.json").toFile());
        JsonNode m = summary.get("messages");
        assertEquals(1600, m.get("scheduled").asLong(), "400/s for 4 s, in two shards of 200/s");
        assertEquals(m.get("scheduled").asLong(), m.get("confirmed").asLong() + m.get("failed").asLong()
            + m.get("timedOut").asLong() + m.get("dropped").asLong() + m.get("inFlight").asLong());
        assertEquals(40, summary.at("/devices/targeted").asLong());
        assertEquals(400, summary.at("/rates/target").asDouble(), 1e-9);
        assertEquals("merge-it", summary.at("/config/runId").asText());
        assertEquals("[0,1]", summary.at("/config/mergedShards").toString());
        assertEquals("completed", summary.get("outcome").asText());

        Histogram union = unionOfTheShardsLogs("status");
        assertEquals(1600, union.getTotalCount());
        double p99 = summary.at("/latencies/status/p99").asDouble();
        assertEquals(union.getValueAtPercentile(99) / 1e6, p99, 0.0, "the p99 of the union of the shards' values");
        // shard 1's replies all came 5 ms late and are half of all: the fleet's p99 is among them, while the
        // mean of the shards' p99s is pulled down by shard 0's
        assertTrue(p99 >= 5.0, "fleet p99 " + p99);
        double mean = (shardP99(0) + shardP99(1)) / 2;
        if (shardP99(0) < 4.0) {
            assertTrue(p99 > mean, "fleet p99 " + p99 + " against the shards' mean " + mean);
        }
        assertTrue(summary.at("/slo/passed").asBoolean());
        String html = Files.readString(fleet.resolve("report.html"));
        assertTrue(html.contains("chart-rates"), "the fleet's timeline");
        assertTrue(Files.isRegularFile(fleet.resolve("run.hlog")));
    }

    @Test
    void theShardsTightSloFailsTheFleetAndGoesToJUnit() throws Exception {
        Path fleet = dir.resolve("tight");
        Path junit = dir.resolve("junit/fleet.xml");
        CliHarness result = CliHarness.run("report", "merge", "--out", fleet.toString(), "--junit", junit.toString(),
            shardDirs[0].toString(), shardDirs[1].toString());
        assertEquals(99, result.exitCode(), result.err() + result.out());
        assertTrue(result.out().contains("1 of 2 SLOs broken"), result.out());
        JsonNode slo = JSON.readTree(fleet.resolve("summary.json").toFile()).get("slo");
        assertFalse(slo.get("passed").asBoolean());
        assertEquals(TIGHT, slo.at("/results/0/slo").asText(), "the shards' own SLOs by default");
        assertEquals("fail", slo.at("/results/0/outcome").asText());
        assertEquals("pass", slo.at("/results/1/outcome").asText());
        String xml = Files.readString(junit);
        assertTrue(xml.contains("<testcase classname=\"slo\" name=\"p99(status) &lt; 1ms\""), xml);
        assertTrue(xml.contains("type=\"slo_broken\""), xml);
        assertTrue(xml.contains("tests=\"2\" failures=\"1\""), xml);
    }

    @Test
    void aMissingShardOrAMissingOutIsOneLineOfBadInput() {
        CliHarness missing = CliHarness.run("report", "merge", "--out", dir.resolve("part").toString(),
            shardDirs[0].toString());
        assertEquals(2, missing.exitCode(), missing.out());
        assertEquals(1, missing.errLines().size(), missing.err());
        assertTrue(missing.err().contains("shard 1 of 2 is missing"), missing.err());

        CliHarness noOut = CliHarness.run("report", "merge", dir.resolve("x").toString(), shardDirs[0].toString(),
            shardDirs[1].toString());
        assertEquals(2, noOut.exitCode());
        assertTrue(noOut.err().contains("need --out DIR"), noOut.err());

        CliHarness twice = CliHarness.run("report", "merge", "--out", dir.resolve("y").toString(),
            shardDirs[0].toString(), shardDirs[0].toString());
        assertEquals(2, twice.exitCode());
        assertTrue(twice.err().contains("are both shard 0"), twice.err());
    }
}
