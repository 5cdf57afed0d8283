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
}
