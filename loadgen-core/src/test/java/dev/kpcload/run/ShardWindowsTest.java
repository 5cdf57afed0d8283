package dev.kpcload.run;

import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.LatencyRecorders;
import dev.kpcload.metrics.PackedHistogram;
import dev.kpcload.metrics.RunPhase;
import dev.kpcload.metrics.TimelinePoint;
import dev.kpcload.result.JournalLine;
import dev.kpcload.result.RunOutcome;
import dev.kpcload.result.RunSummary;
import dev.kpcload.slo.Measurement;
import dev.kpcload.testing.ShardFixture;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A shard's report intervals rebuilt from its journal and interval log, as the live measurer makes them. */
class ShardWindowsTest {

    @TempDir
    Path dir;

    @Test
    void eachWindowHasItsIntervalsCountsLatenciesAndPlan() {
        ShardFixture fixture = new ShardFixture(0, 1, "w").interval(0, 100, 200, 300).interval(2, 1000, 2000)
            .interval(0, 5000);
        ShardOutput shard = ShardOutput.fromDir(fixture.writeTo(dir.resolve("s")));
        List<ShardWindows.Window> windows = ShardWindows.of(shard);
        assertEquals(3, windows.size());

        Measurement first = windows.get(0).measurement();
        assertEquals(3, first.messages(null).scheduled());
        assertEquals(3, first.messages(null).confirmed());
        // publishing began at 0.5 s: the plan's rate over the half second spent publishing
        assertEquals(3, first.plannedMessages(null), 1e-9);
        assertEquals(3, first.latency(LatencyKind.STATUS, null).getTotalCount());
        assertEquals(fixture.status(0, 1).getMaxValue(), first.latency(LatencyKind.STATUS, null).getMaxValue());
        assertNull(first.latency(LatencyKind.CONNECT, null), "empty histograms are left out");
        assertEquals(0, windows.get(0).startSeconds());
        assertEquals(1, windows.get(0).endSeconds());

        Measurement second = windows.get(1).measurement();
        assertEquals(4, second.messages(null).scheduled());
        assertEquals(2, second.messages(null).confirmed());
        assertEquals(2, second.messages(null).failed());
        assertEquals(4, second.plannedMessages(null), 1e-9);
        assertEquals(2, second.latency(LatencyKind.STATUS, null).getTotalCount());
        assertEquals(1, windows.get(1).startSeconds());

        Measurement third = windows.get(2).measurement();
        assertEquals(1, third.latency(LatencyKind.STATUS, null).getTotalCount());
        assertEquals(fixture.status(2, 3).getMaxValue(), third.latency(LatencyKind.STATUS, null).getMaxValue());
        assertEquals(Map.of("epmx-update-keys", 1.0), third.kindShares());
    }

    @Test
    void theLogIsAnchoredAtItsFirstIntervalNotItsHeader() {
        // the fixture's header is 40 ms before the first interval, as a real log's is written before the run starts
        ShardOutput shard = ShardOutput.fromDir(new ShardFixture(0, 1, "w").startingAt(1_800_000_000_123L)
            .intervals(4, 10, 700).writeTo(dir.resolve("s")));
        assertEquals(1_800_000_000_123L, shard.startMillis());
        for (ShardWindows.Window w : ShardWindows.of(shard)) {
            assertEquals(10, w.measurement().latency(LatencyKind.STATUS, null).getTotalCount());
        }
    }

    @Test
    void aLogIntervalFallsInTheJournalIntervalThatHoldsItsMiddle() {
        double[] ends = {1.0, 2.0, 3.0};
        assertEquals(0, ShardWindows.windowAt(ends, 0.0));
        assertEquals(0, ShardWindows.windowAt(ends, 0.5));
        assertEquals(0, ShardWindows.windowAt(ends, 1.0));
        assertEquals(1, ShardWindows.windowAt(ends, 1.001));
        assertEquals(2, ShardWindows.windowAt(ends, 2.5));
        assertEquals(-1, ShardWindows.windowAt(ends, 3.2), "after the journal's last line");
        assertEquals(-1, ShardWindows.windowAt(new double[0], 1));
    }

    private static RunSummary books(long scheduled, long sent, long confirmed, Map<String, Long> dropped,
                                    double elapsed, double publishSeconds) {
        long drops = dropped.values().stream().mapToLong(Long::longValue).sum();
        var m = new RunSummary.Messages(scheduled, sent, confirmed, 0, Map.of(), 0, drops, dropped,
            sent - confirmed, Map.of());
        return new RunSummary(RunOutcome.INCOMPLETE, Map.of(), new RunSummary.Devices(1, 1, 0, Map.of(), Map.of(), 0),
            m, new RunSummary.Rates(100, 0, 0, 0, publishSeconds), new RunSummary.Reports(0, 0, Map.of()), Map.of(),
            new RunSummary.Other(0, 0, 0, 0, 0, "nio", elapsed), Map.of(), null, List.of(), null);
    }

    private static TimelinePoint point(double end, double target) {
        return new TimelinePoint(end, target > 0 ? RunPhase.PUBLISH : RunPhase.GRACE, 1, target, 0, 0, 0, 0, 0,
            Map.of());
    }

    @Test
    void theWindowsPlannedMessagesAddUpToTheRunsWhenTheBooksAreReadLate() {
        // a busy reporter reads the books 0.3 to 0.9 s after each interval's end; the measured stages run from
        // 0.5 s (line 1: 0.8 s measured at 1.3 s) for 2.3 s, so the plan ends in the last interval, reported in the
        // grace phase at target 0
        List<JournalLine> lines = List.of(
            new JournalLine(point(1, 100), books(80, 80, 80, Map.of(), 1.3, 0.8)),
            new JournalLine(point(2, 100), books(210, 210, 210, Map.of(), 2.6, 2.1)),
            new JournalLine(point(3, 0), books(230, 230, 230, Map.of(), 3.2, 2.7)));
        RunSummary closed = books(230, 230, 230, Map.of(), 3.5, 2.3);
        ShardOutput shard = new ShardOutput("s", closed, true, lines,
            List.of(PackedHistogram.of(LatencyRecorders.newHistogram())), 0);
        List<ShardWindows.Window> windows = ShardWindows.of(shard);
        assertEquals(80, windows.get(0).measurement().plannedMessages(null), 1e-9);
        assertEquals(130, windows.get(1).measurement().plannedMessages(null), 1e-9);
        assertEquals(20, windows.get(2).measurement().plannedMessages(null), 1e-9);
        double planned = windows.stream().mapToDouble(w -> w.measurement().plannedMessages(null)).sum();
        assertEquals(100 * 2.3, planned, 1e-9);
        assertEquals(2, windows.get(1).endSeconds(), "judged at the intervals' ends, as live");
    }

    @Test
    void messagesStillQueuedAtALineAreNotDroppedInItsWindow() {
        // line 1: 5 due but still queued (a snapshot counts them dropped unsent_at_stop); line 2 (closed books): 3
        // of them sent, 2 really left unsent at the stop
        List<JournalLine> lines = List.of(
            new JournalLine(point(1, 100), books(100, 95, 95, Map.of("unsent_at_stop", 5L), 1, 0.8)),
            new JournalLine(point(2, 100), books(200, 198, 198, Map.of("unsent_at_stop", 2L), 2, 1.8)));
        Histogram empty = LatencyRecorders.newHistogram();
        ShardOutput shard = new ShardOutput("s", lines.get(1).summary(), false, lines,
            List.of(PackedHistogram.of(empty)), 0);
        List<ShardWindows.Window> windows = ShardWindows.of(shard);
        assertEquals(0, windows.get(0).measurement().messages(null).dropped());
        assertEquals(95, windows.get(0).measurement().messages(null).sent());
        assertEquals(2, windows.get(1).measurement().messages(null).dropped());
        assertEquals(103, windows.get(1).measurement().messages(null).sent());
        // the measured stages began at 1 - 0.8 = 0.2 s
        assertEquals(80, windows.get(0).measurement().plannedMessages(null), 1e-9);
        assertEquals(100, windows.get(1).measurement().plannedMessages(null), 1e-9);
        assertEquals(0.2, ShardWindows.measuredStartSeconds(lines), 1e-12);
    }
}
