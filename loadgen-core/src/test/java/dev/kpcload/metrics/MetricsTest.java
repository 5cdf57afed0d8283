package dev.kpcload.metrics;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.*;

class MetricsTest {

    @Test
    void recordersClampNegativeAndHugeValuesInsteadOfLosingThem() {
        LatencyRecorders r = new LatencyRecorders();
        r.record(LatencyKind.SEND_LAG, -5);
        r.record(LatencyKind.SEND_LAG, 2 * LatencyRecorders.HIGHEST_TRACKABLE_NANOS);
        Histogram h = r.takeInterval().get(LatencyKind.SEND_LAG);
        assertEquals(2, h.getTotalCount());
        assertEquals(0, h.getMinValue());
        assertTrue(h.valuesAreEquivalent(LatencyRecorders.HIGHEST_TRACKABLE_NANOS, h.getMaxValue()));
    }

    @Test
    void kindsAreKeptApart() {
        LatencyRecorders r = new LatencyRecorders();
        r.record(LatencyKind.PUBACK, 1_000);
        r.record(LatencyKind.STATUS, 2_000);
        r.record(LatencyKind.STATUS, 3_000);
        LatencySample interval = r.takeInterval();
        assertEquals(1, interval.get(LatencyKind.PUBACK).getTotalCount());
        assertEquals(2, interval.get(LatencyKind.STATUS).getTotalCount());
        assertEquals(0, interval.get(LatencyKind.SERVICE).getTotalCount());
    }

    @Test
    void totalsHoldEveryValueExactlyOnceAcrossIntervals() {
        LatencyRecorders r = new LatencyRecorders();
        LatencyTotals totals = new LatencyTotals(r);
        r.record(LatencyKind.CONNECT, 100);
        r.record(LatencyKind.CONNECT, 200);
        assertEquals(2, totals.sampleInterval().get(LatencyKind.CONNECT).getTotalCount());
        r.record(LatencyKind.CONNECT, 300);
        assertEquals(1, totals.sampleInterval().get(LatencyKind.CONNECT).getTotalCount(), "only the new one");
        assertEquals(0, totals.sampleInterval().get(LatencyKind.CONNECT).getTotalCount());
        Histogram total = totals.total(LatencyKind.CONNECT);
        assertEquals(3, total.getTotalCount());
        assertEquals(100, total.getMinValue());
        assertEquals(300, total.getMaxValue());
    }

    @Test
    void statsAreInMilliseconds() {
        assertEquals(new LatencyStats(0, 0, 0, 0, 0, 0, 0), LatencyStats.of(LatencyRecorders.newHistogram()));
        Histogram h = LatencyRecorders.newHistogram();
        for (int i = 1; i <= 100; i++) {
            h.recordValue(i * 1_000_000L);
        }
        LatencyStats s = LatencyStats.of(h);
        assertEquals(100, s.count());
        assertEquals(50.5, s.mean(), 0.1);
        assertEquals(50, s.p50(), 0.1);
        assertEquals(90, s.p90(), 0.1);
        assertEquals(99, s.p99(), 0.1);
        assertEquals(100, s.p999(), 0.1);
        assertEquals(100, s.max(), 0.1);
    }

    @Test
    void tallyCountsByKindAndShowsTags() {
        Tally<DropReason> t = new Tally<>(DropReason.class);
        assertEquals(0, t.total());
        assertEquals(Map.of(), t.snapshot(), "zero counts are not in the snapshot");
        t.increment(DropReason.WINDOW_FULL);
        t.add(DropReason.BACKLOG_FULL, 3);
        t.add(DropReason.NOT_CONNECTED, 0);
        t.increment("window_full");
        assertEquals(5, t.total());
        assertEquals(2, t.get(DropReason.WINDOW_FULL));
        assertEquals(2, t.get("window_full"));
        assertEquals(0, t.get("no_such_tag"));
        assertEquals(Map.of("backlog_full", 3L, "window_full", 2L), t.snapshot());
        assertEquals("backlog_full", t.snapshot().keySet().iterator().next(), "sorted by tag");
        assertEquals(List.of(DropReason.values()), t.kinds());
        assertSame(t.adder(DropReason.WINDOW_FULL), t.adder(DropReason.WINDOW_FULL));
        assertThrows(IllegalArgumentException.class, () -> t.increment("status_400"));
    }

    @Test
    void everyKindHasItsOwnTag() {
        for (Class<? extends Enum<?>> type : List.of(ConnectFailure.class, DisconnectReason.class,
            MessageFailure.class, DropReason.class, LatencyKind.class)) {
            java.util.Set<String> tags = new java.util.HashSet<>();
            for (Enum<?> kind : type.getEnumConstants()) {
                String tag = ((Tagged) kind).tag();
                assertTrue(tag.matches("[a-z0-9_]+"), tag);
                assertTrue(tags.add(tag), type.getSimpleName() + " " + tag);
            }
        }
        // a loss before CONNACK is a connect failure of the same name, but for a plain close (which the storm's
        // drop is, and it drops connected devices only)
        for (DisconnectReason reason : DisconnectReason.values()) {
            String expected = reason == DisconnectReason.CLOSED_BY_SERVER
                || reason == DisconnectReason.DROPPED_BY_GENERATOR ? "closed_before_connack" : reason.tag();
            assertEquals(expected, reason.beforeConnack().tag());
        }
    }

    @Test
    void openTallyCountsByName() {
        OpenTally t = new OpenTally();
        assertEquals(0, t.total());
        assertEquals(0, t.get("x"));
        t.increment("b");
        t.add("a", 3);
        t.add("zero", 0);
        t.increment("b");
        assertEquals(5, t.total());
        assertEquals(2, t.get("b"));
        assertEquals(Map.of("a", 3L, "b", 2L), t.snapshot());
        assertEquals("a", t.snapshot().keySet().iterator().next(), "sorted");
    }

    @Test
    void counterEstimates() {
        RunCounters c = new RunCounters();
        c.scheduled.add(10);
        c.sent.add(7);
        c.dropped.add(DropReason.WINDOW_FULL, 1);
        c.confirmed.add(3);
        c.failed.add(MessageFailure.ERROR_REPLY, 1);
        c.timedOut.add(1);
        assertEquals(2, c.inFlightEstimate());
        assertEquals(2, c.queuedEstimate());
    }

    @Test
    void streamsKeepKindsAndWarmupApartAndTheHeadlineLeavesWarmupOut() {
        LatencyRecorders r = new LatencyRecorders(LatencyStreams.count(3));
        LatencyTotals totals = new LatencyTotals(r);
        LatencyWriter lane = r.newWriter();
        lane.record(LatencyKind.STATUS, LatencyStreams.of(0, false), 1_000);
        lane.record(LatencyKind.STATUS, LatencyStreams.of(2, false), 2_000);
        lane.record(LatencyKind.STATUS, LatencyStreams.of(2, false), 2_000);
        lane.record(LatencyKind.STATUS, LatencyStreams.of(1, true), 9_000_000);
        LatencySample interval = totals.sampleInterval();
        assertEquals(3, interval.get(LatencyKind.STATUS).getTotalCount(), "measured: every kind, no warm-up");
        assertEquals(1, interval.warmup(LatencyKind.STATUS).getTotalCount());
        assertEquals(2, interval.stream(LatencyKind.STATUS, LatencyStreams.of(2, false)).getTotalCount());
        assertNull(interval.stream(LatencyKind.PUBACK, LatencyStreams.of(2, false)), "no recorder where no value");
        lane.record(LatencyKind.STATUS, LatencyStreams.of(2, false), 3_000);
        totals.sampleInterval();
        assertEquals(4, totals.total(LatencyKind.STATUS).getTotalCount());
        assertEquals(9_000_000, totals.warmupTotal(LatencyKind.STATUS).getMaxValue(), 9_000_000 / 1000.0);
        assertEquals(3, totals.stream(LatencyKind.STATUS, LatencyStreams.of(2, false)).getTotalCount());
        assertEquals(0, totals.stream(LatencyKind.STATUS, LatencyStreams.of(1, false)).getTotalCount());
    }
}
