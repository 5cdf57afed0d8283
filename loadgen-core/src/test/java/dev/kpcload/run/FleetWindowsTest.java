package dev.kpcload.run;

import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.RunPhase;
import dev.kpcload.testing.ShardFixture;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fleet's intervals: every shard's interval i added up. */
class FleetWindowsTest {

    @TempDir
    Path dir;

    @Test
    void shardsIntervalsAreSummedByIndexWhateverTheirWallClocks() {
        ShardFixture a = new ShardFixture(0, 2, "f").interval(0, 1000, 1000).interval(1, 1000).interval(0, 1000);
        // shard b started 7.3 s later (no --start-at) and ran one interval less
        ShardFixture b = new ShardFixture(1, 2, "f").startingAt(1_795_000_007_300L).interval(0, 9000, 9000, 9000)
            .interval(0, 9000);
        List<List<ShardWindows.Window>> shards = List.of(
            ShardWindows.of(ShardOutput.fromDir(a.writeTo(dir.resolve("a")))),
            ShardWindows.of(ShardOutput.fromDir(b.writeTo(dir.resolve("b")))));
        List<FleetWindows.Window> fleet = new ArrayList<>();
        FleetWindows.forEach(shards, fleet::add);

        assertEquals(3, fleet.size());
        FleetWindows.Window first = fleet.get(0);
        assertEquals(5, first.measurement().messages(null).scheduled());
        Histogram status = first.measurement().latency(LatencyKind.STATUS, null);
        Histogram union = a.status(0, 1);
        union.add(b.status(0, 1));
        assertEquals(union, status);
        assertEquals(union.getValueAtPercentile(50) / 1e6, first.point().latencies().get("status").p50());
        assertEquals(20, first.point().devicesConnected());
        assertEquals(2 * 2 + 3 * 2, first.point().targetRate(), 1e-9, "each shard's rate over its half second");
        assertEquals(RunPhase.PUBLISH, first.point().phase());
        assertEquals(0, first.startSeconds());
        assertEquals(1, first.endSeconds());

        FleetWindows.Window second = fleet.get(1);
        assertEquals(3, second.measurement().messages(null).scheduled());
        assertEquals(1, second.measurement().messages(null).failed());
        assertEquals(1, second.point().failed());
        assertEquals(1, second.startSeconds());

        FleetWindows.Window third = fleet.get(2);
        assertEquals(1, third.measurement().messages(null).scheduled(), "shard b has ended");
        assertEquals(1, third.measurement().latency(LatencyKind.STATUS, null).getTotalCount());
        assertEquals(1, third.point().failed(), "failures so far, of every shard");
        assertEquals(10, third.point().devicesConnected());
    }

    /**
     * Two shards anchored to one start time, the second ready 2 s after it (its intervals on the same 1 s grid, so
     * its first is the grid's third): the fleet's interval i is each shard's interval of grid index i, and the late
     * shard is in none before its own first.
     */
    @Test
    void anchoredShardsAreLinedUpOnTheirGridAndALateOneSkipsTheIndicesItMissed() {
        long startAt = 1_795_000_000_000L;
        ShardFixture a = new ShardFixture(0, 2, "g").anchoredAt(startAt).startingAt(startAt).interval(0, 1000)
            .interval(0, 1000).interval(0, 1000).interval(0, 1000);
        ShardFixture b = new ShardFixture(1, 2, "g").anchoredAt(startAt).startingAt(startAt + 2_000)
            .interval(0, 9000, 9000).interval(0, 9000, 9000);
        List<String> warnings = new ArrayList<>();
        List<List<ShardWindows.Window>> lined = ShardMerge.linedUp(List.of(
            ShardOutput.fromDir(a.writeTo(dir.resolve("a"))), ShardOutput.fromDir(b.writeTo(dir.resolve("b")))),
            warnings);
        List<FleetWindows.Window> fleet = new ArrayList<>();
        FleetWindows.forEach(lined, fleet::add);

        assertEquals(List.of(), warnings);
        assertEquals(4, fleet.size());
        assertEquals(List.of(1L, 1L, 3L, 3L), fleet.stream()
            .map(w -> w.measurement().messages(null).scheduled()).toList());
        Histogram third = a.status(2, 3);
        third.add(b.status(0, 1));
        assertEquals(third, fleet.get(2).measurement().latency(LatencyKind.STATUS, null));
        assertEquals(a.status(0, 1), fleet.get(0).measurement().latency(LatencyKind.STATUS, null));
    }

    @Test
    void shardsOnDifferentGridsAreSummedByTheirOwnIndexWithOneWarning() {
        ShardFixture a = new ShardFixture(0, 2, "h").anchoredAt(1_795_000_000_000L).interval(0, 1000);
        ShardFixture b = new ShardFixture(1, 2, "h").anchoredAt(1_795_000_060_000L).interval(0, 9000);
        List<String> warnings = new ArrayList<>();
        List<List<ShardWindows.Window>> lined = ShardMerge.linedUp(List.of(
            ShardOutput.fromDir(a.writeTo(dir.resolve("a"))), ShardOutput.fromDir(b.writeTo(dir.resolve("b")))),
            warnings);

        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("the shards' report intervals are not on one grid: "), warnings.get(0));
        for (long at : new long[] {1_795_000_000_000L, 1_795_000_060_000L}) {
            assertTrue(warnings.get(0).contains(java.time.Instant.ofEpochMilli(at).toString()), warnings.get(0));
        }
        assertEquals(List.of(1, 1), lined.stream().map(List::size).toList());
    }
}
