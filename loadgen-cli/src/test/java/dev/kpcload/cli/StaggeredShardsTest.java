package dev.kpcload.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kpcload.metrics.PackedHistogram;
import dev.kpcload.run.ShardOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two shards of one {@code --start-at}, the second started only once the first has reported two intervals (seconds
 * late, as a pod scheduled late would be): both cut their report intervals at {@code start-at + k x 1 s} on the
 * wall clock, read from their interval logs, so interval k is the same span on both; the late one skips the indices
 * it missed, and the merge lines them up on the grid without a warning.
 */
class StaggeredShardsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * How far a shard's cuts are from their boundaries: its earliest within {@link #TYPICAL_MILLIS}, none early (but
     * for the logs' 1 ms stamps) and none later than {@link #LATEST_MILLIS} (a timer held up on a busy 2-core
     * machine: 44 and 50 ms were seen with four shards, a simulator, Prometheus and other builds on it, at a load
     * average of 7). Cuts every interval from each shard's own start would all be off by one and the same amount,
     * anywhere in the interval.
     */
    private static final long TYPICAL_MILLIS = 50;
    private static final long EARLIEST_MILLIS = -5;
    private static final long LATEST_MILLIS = 250;
    private static final Pattern SECOND_PUBLISH_LINE = Pattern.compile("^\\[ *\\d+\\.\\ds\\] publish .*");

    @TempDir
    Path dir;

    @Test
    void aShardStartedSecondsLateCutsItsIntervalsOnTheSameGrid() throws Exception {
        Path tokens = dir.resolve("tokens.csv");
        assertEquals(0, CliHarness.run("tokens", "--count", "20", "--seed", "2", "--out", tokens.toString())
            .exitCode());
        Instant startAt = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
        try (SimProcess sim = SimProcess.start(dir.resolve("sim.log"), List.of(), "--io-threads", "1")) {
            List<Process> shards = new ArrayList<>();
            try {
                shards.add(shard(0, tokens, sim, startAt));
                // the event that makes the second visibly late: the first's second interval with messages
                SimProcess.awaitLine(log(0), shards.get(0), l -> SECOND_PUBLISH_LINE.matcher(l).matches()
                    && !l.startsWith("[    1."), 60);
                shards.add(shard(1, tokens, sim, startAt));
                for (int i = 0; i < shards.size(); i++) {
                    assertTrue(shards.get(i).waitFor(90, TimeUnit.SECONDS), "shard " + i + " did not end");
                    assertEquals(0, shards.get(i).exitValue(), Files.readString(log(i)));
                }
            } finally {
                shards.forEach(p -> {
                    if (p.isAlive()) {
                        p.destroyForcibly();
                    }
                });
            }
        }

        JsonNode late = JSON.readTree(dir.resolve("shard-1/summary.json").toFile()).get("config");
        assertTrue(late.get("startLateSeconds").asDouble() >= 2, "shard 1 started visibly late: " + late);
        assertEquals(1.0, late.get("reportIntervalSeconds").asDouble());
        TreeMap<Long, long[]> first = intervalsOnGrid(dir.resolve("shard-0"), startAt);
        TreeMap<Long, long[]> second = intervalsOnGrid(dir.resolve("shard-1"), startAt);
        assertEquals(0, first.firstKey(), "the early shard's first interval ends at start + 1 s");
        assertTrue(second.firstKey() >= 2, "the late shard skipped the indices it missed: " + second.keySet());
        // interval k starts at the same moment on both (the late one's first is partial: it starts at its start)
        for (long k = second.firstKey() + 1; k <= Math.min(first.lastKey(), second.lastKey()); k++) {
            assertTrue(Math.abs(first.get(k)[0] - second.get(k)[0]) <= LATEST_MILLIS - EARLIEST_MILLIS,
                "interval " + k + " starts at " + first.get(k)[0] + " and " + second.get(k)[0]);
        }

        CliHarness merged = CliHarness.run("report", "merge", "--out", dir.resolve("fleet").toString(),
            dir.resolve("shard-0").toString(), dir.resolve("shard-1").toString());
        assertEquals(0, merged.exitCode(), merged.err() + merged.out());
        assertFalse(merged.out().contains("warning:"), merged.out());
        long fleetIntervals = Math.max(first.lastKey(), second.lastKey()) + 1;
        assertTrue(merged.out().contains("fleet of 2 shards, " + fleetIntervals + " report intervals"),
            "lined up on the grid, not by each shard's own count: " + merged.out());
        JsonNode fleet = JSON.readTree(dir.resolve("fleet/summary.json").toFile());
        assertEquals(400, fleet.at("/messages/scheduled").asLong(), "100/s for 4 s");
    }

    private Process shard(int index, Path tokens, SimProcess sim, Instant startAt) throws Exception {
        ProcessBuilder shard = JavaProcesses.loadgen("run", "--tokens", tokens.toString(), "--server", sim.server(),
            "--rate", "100/s", "--duration", "4s", "--shards", "2", "--shard-index", String.valueOf(index),
            "--run-id", "staggered", "--start-at", startAt.toString(), "--start-grace", "60s", "--out",
            dir.resolve("shard-" + index).toString(), "--report-interval", "1s", "--io-threads", "1", "--seed", "4",
            "--grace", "30s");
        return shard.redirectOutput(log(index).toFile()).start();
    }

    /**
     * A shard's report intervals (1 s) from its interval log, by the grid index each ends at ({start, end} epoch ms): every
     * one but the last (the partial one the stop takes) ends at {@code startAt + (k + 1) s}, within the bounds above.
     */
    static TreeMap<Long, long[]> intervalsOnGrid(Path shard, Instant startAt) {
        TreeMap<Long, long[]> byIndex = new TreeMap<>();
        List<long[]> spans = new ArrayList<>();
        for (PackedHistogram h : ShardOutput.fromDir(shard).intervals()) {
            if (spans.isEmpty() || spans.get(spans.size() - 1)[1] != h.endMillis()) {
                spans.add(new long[] {h.startMillis(), h.endMillis()});
            }
        }
        // one cut at least (a shard ready late on a busy machine may have only its partial first and its last)
        assertTrue(spans.size() >= 2, shard + ": " + spans.size() + " intervals");
        long origin = startAt.toEpochMilli();
        List<Long> offsets = new ArrayList<>();
        for (int i = 0; i < spans.size(); i++) {
            long[] span = spans.get(i);
            long k = Math.round((span[1] - origin) / 1000.0);
            if (i < spans.size() - 1) {
                long off = span[1] - (origin + k * 1000);
                assertTrue(off >= EARLIEST_MILLIS && off <= LATEST_MILLIS, shard + ": interval " + i + " ends " + off
                    + " ms from the grid (start " + startAt + ", every 1 s)");
                offsets.add(off);
            } else {
                k = Math.max(k, byIndex.isEmpty() ? 1 : byIndex.lastKey() + 2); // the stop's partial interval
            }
            byIndex.put(k - 1, span);
        }
        List<Long> sorted = offsets.stream().sorted().toList();
        assertTrue(sorted.get(0) <= TYPICAL_MILLIS, shard + ": its cuts are " + sorted + " ms from the grid");
        return byIndex;
    }

    private Path log(int i) {
        return dir.resolve("shard" + i + ".log");
    }
}
