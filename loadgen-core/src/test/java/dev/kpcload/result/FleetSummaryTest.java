package dev.kpcload.result;

import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.LatencyRecorders;
import dev.kpcload.metrics.LatencyStats;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A sharded run's summary: counts summed, rates summed over one window, latencies from the merged histograms. */
class FleetSummaryTest {

    private static RunSummary.Messages messages(long scheduled, long confirmed, long failed, long dropped,
                                                long inFlight) {
        return new RunSummary.Messages(scheduled, scheduled - dropped, confirmed, failed,
            failed == 0 ? Map.of() : Map.of("error_reply", failed), 0, dropped,
            dropped == 0 ? Map.of() : Map.of("not_connected", dropped), inFlight,
            failed == 0 ? Map.of() : Map.of("500", failed));
    }

    private static RunSummary shard(int index, RunOutcome outcome, RunSummary.Messages m, double target,
                                    double publishSeconds, RunSummary.Part warmup) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("devices", 20);
        config.put("runId", "r1");
        config.put("shard", index);
        config.put("shards", 2);
        config.put("ratePerSecond", 200.0);
        config.put("servers", List.of("127.0.0.1:" + (1883 + index)));
        config.put("mix", List.of("epmx-get:1", "dcx-json:1"));
        var devices = new RunSummary.Devices(20, 19, 1, Map.of("refused", 1L), Map.of("closed_by_server", 2L), 3);
        var rates = new RunSummary.Rates(target, m.scheduled() / publishSeconds, m.sent() / publishSeconds,
            m.confirmed() / publishSeconds, publishSeconds);
        var other = new RunSummary.Other(1, 2, 3, 1000, 500, index == 0 ? "epoll" : "nio", publishSeconds + 2);
        Map<String, RunSummary.Part> byKind = new LinkedHashMap<>();
        byKind.put("epmx-get", new RunSummary.Part(messages(m.scheduled() / 2, m.confirmed() / 2, m.failed(), 0, 0),
            Map.of()));
        byKind.put("dcx-json", new RunSummary.Part(messages(m.scheduled() / 2, m.confirmed() / 2, 0, 0, 0), Map.of()));
        return new RunSummary(outcome, config, devices, m, rates, new RunSummary.Reports(20, 19, Map.of("timeout", 1L)),
            Map.of(), other, byKind, warmup, List.of(new RunSummary.Storm(2.0, 5, 5, 0.5 + index)), null);
    }

    private static Histogram values(long count, long nanos) {
        Histogram h = LatencyRecorders.newHistogram();
        h.recordValueWithCount(nanos, count);
        return h;
    }

    @Test
    void countsAndRatesAddUpAndLatenciesComeFromTheMergedHistograms() {
        RunSummary a = shard(0, RunOutcome.COMPLETED, messages(800, 796, 4, 0, 0), 200, 4.0,
            new RunSummary.Part(messages(100, 100, 0, 0, 0), Map.of()));
        RunSummary b = shard(1, RunOutcome.COMPLETED, messages(800, 790, 0, 8, 2), 200, 3.9, null);
        // shard a: 1,000 values of 1 ms; shard b: 1,000 of 10 ms: the p99 of the whole is 10 ms, the mean of the
        // shards' p99s 5.5 ms
        Histogram status = values(1000, 1_000_000);
        status.add(values(1000, 10_000_000));
        Map<String, Histogram> merged = new LinkedHashMap<>();
        merged.put("status", status);
        merged.put("status.dcx-json", values(1000, 10_000_000));
        merged.put("warmup.status", values(100, 2_000_000));
        RunSummary fleet = FleetSummary.of(List.of(a, b), merged, FleetSummary.config(List.of(a, b),
            List.of("dir0", "dir1")));

        assertEquals(RunOutcome.COMPLETED, fleet.outcome());
        var m = fleet.messages();
        assertEquals(1600, m.scheduled());
        assertEquals(1592, m.sent());
        assertEquals(1586, m.confirmed());
        assertEquals(4, m.failed());
        assertEquals(Map.of("error_reply", 4L), m.failedByKind());
        assertEquals(Map.of("500", 4L), m.errorRepliesByStatus());
        assertEquals(8, m.dropped());
        assertEquals(Map.of("not_connected", 8L), m.droppedByKind());
        assertEquals(2, m.inFlight());
        assertEquals(true, m.balanced());
        assertEquals(40, fleet.devices().targeted());
        assertEquals(38, fleet.devices().connected());
        assertEquals(Map.of("refused", 2L), fleet.devices().failuresByKind());
        assertEquals(Map.of("closed_by_server", 4L), fleet.devices().disconnectsByKind());
        assertEquals(6, fleet.devices().reconnects());
        assertEquals(40, fleet.reports().sent());
        assertEquals(Map.of("timeout", 2L), fleet.reports().failedByKind());
        assertEquals(2000, fleet.other().bytesSent());
        assertEquals(1000, fleet.other().bytesReceived());
        assertEquals(6, fleet.other().pings());
        assertEquals("epoll,nio", fleet.other().transport());
        assertEquals(6.0, fleet.other().elapsedSeconds());

        // parallel shards over one window: rates add, the window is the longest
        assertEquals(400, fleet.rates().target(), 1e-9);
        assertEquals(800 / 4.0 + 800 / 3.9, fleet.rates().scheduled(), 1e-9);
        assertEquals(796 / 4.0 + 790 / 3.9, fleet.rates().confirmed(), 1e-9);
        assertEquals(4.0, fleet.rates().publishSeconds());

        LatencyStats p = fleet.latencies().get("status");
        assertEquals(2000, p.count());
        assertEquals(status.getValueAtPercentile(99) / 1e6, p.p99());
        assertNotEquals((1.0 + 10.0) / 2, p.p99(), 0.5, "not the mean of the shards' p99s");
        assertEquals(10.0, p.p99(), 0.01);
        assertEquals(0, fleet.latencies().get("connect").count());

        assertEquals(List.of("epmx-get", "dcx-json"), List.copyOf(fleet.byKind().keySet()));
        assertEquals(800, fleet.byKind().get("dcx-json").messages().scheduled());
        assertEquals(4, fleet.byKind().get("epmx-get").messages().failed());
        assertEquals(1000, fleet.byKind().get("dcx-json").latencies().get("status").count());
        assertEquals(0, fleet.byKind().get("epmx-get").latencies().get("status").count());
        assertEquals(100, fleet.warmup().messages().scheduled(), "one shard's warm-up");
        assertEquals(100, fleet.warmup().latencies().get(LatencyKind.STATUS.tag()).count());

        assertEquals(1, fleet.storms().size());
        assertEquals(10, fleet.storms().get(0).dropped());
        assertEquals(1.5, fleet.storms().get(0).fleetBackSeconds(), "the slowest shard's");

        assertEquals(40L, fleet.config().get("devices"));
        assertEquals(400.0, fleet.config().get("ratePerSecond"));
        assertEquals("r1", fleet.config().get("runId"));
        assertNull(fleet.config().get("shard"));
        assertEquals(List.of(0, 1), fleet.config().get("mergedShards"));
        assertEquals(List.of("dir0", "dir1"), fleet.config().get("mergedFrom"));
        assertEquals(List.of("127.0.0.1:1883", "127.0.0.1:1884"), fleet.config().get("servers"));
    }

    @Test
    void aSingleKindRunsKindLatenciesAreTheHeadline() {
        RunSummary a = shard(0, RunOutcome.COMPLETED, messages(10, 10, 0, 0, 0), 5, 2, null);
        RunSummary one = new RunSummary(a.outcome(), a.config(), a.devices(), a.messages(), a.rates(), a.reports(),
            a.latencies(), a.other(), Map.of("epmx-get", new RunSummary.Part(a.messages(), Map.of())), null,
            List.of(), null);
        RunSummary fleet = FleetSummary.of(List.of(one), Map.of("status", values(10, 1_000_000)),
            FleetSummary.config(List.of(one), List.of("d")));
        assertEquals(10, fleet.byKind().get("epmx-get").latencies().get("status").count());
        assertNull(fleet.warmup());
    }

    @Test
    void theFleetsOutcomeIsTheMostTellingShards() {
        assertEquals(RunOutcome.COMPLETED, FleetSummary.outcome(List.of(RunOutcome.COMPLETED, RunOutcome.COMPLETED)));
        assertEquals(RunOutcome.STOPPED, FleetSummary.outcome(List.of(RunOutcome.COMPLETED, RunOutcome.STOPPED)));
        assertEquals(RunOutcome.INCOMPLETE, FleetSummary.outcome(List.of(RunOutcome.STOPPED, RunOutcome.INCOMPLETE)));
        assertEquals(RunOutcome.ABORTED, FleetSummary.outcome(List.of(RunOutcome.INCOMPLETE, RunOutcome.ABORTED)));
        assertEquals(RunOutcome.NO_DEVICE_CONNECTED,
            FleetSummary.outcome(List.of(RunOutcome.ABORTED, RunOutcome.NO_DEVICE_CONNECTED)));
    }
}
