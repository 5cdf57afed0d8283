package dev.kpcload.slo;

import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.LatencyRecorders;
import dev.kpcload.metrics.LatencyStats;
import dev.kpcload.result.RunOutcome;
import dev.kpcload.result.RunSummary;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A whole run's measurement read from its summary and histograms, as {@code run} and {@code report merge} judge. */
class SummaryMeasurementTest {

    static RunSummary.Messages messages(long scheduled, long sent, long confirmed, long failed, long timedOut,
                                        long dropped) {
        return new RunSummary.Messages(scheduled, sent, confirmed, failed, Map.of("error_reply", failed), timedOut,
            dropped, Map.of("backlog_full", dropped), scheduled - confirmed - failed - timedOut - dropped, Map.of());
    }

    static LatencyStats stats(long count) {
        return new LatencyStats(count, 1, 1, 1, 1, 1, 1);
    }

    /**
     * 100 devices: 98 connected at the first attempt, 2 failed; 11 reconnects after lost connections, of which 5
     * failed and 6 came back (5 in measured stages, 1 in warm-up). So 111 attempts, 104 reached CONNACK.
     */
    static RunSummary summary(Object mix) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("ratePerSecond", 10.0);
        config.put("mix", mix);
        Map<String, LatencyStats> latencies = new LinkedHashMap<>();
        for (LatencyKind kind : LatencyKind.values()) {
            latencies.put(kind.tag(), stats(kind == LatencyKind.RECONNECT ? 5 : 1000));
        }
        Map<String, LatencyStats> warmupLatencies = new LinkedHashMap<>();
        for (LatencyKind kind : LatencyKind.values()) {
            warmupLatencies.put(kind.tag(), stats(kind == LatencyKind.RECONNECT ? 1 : 100));
        }
        Map<String, RunSummary.Part> byKind = new LinkedHashMap<>();
        byKind.put("epmx-get", new RunSummary.Part(messages(250, 250, 250, 0, 0, 0), Map.of()));
        byKind.put("dcx-json", new RunSummary.Part(messages(750, 740, 700, 20, 15, 10), Map.of()));
        return new RunSummary(RunOutcome.COMPLETED, config,
            new RunSummary.Devices(100, 98, 7, Map.of("refused", 7L), Map.of("closed_by_server", 11L), 11),
            messages(1000, 990, 950, 20, 15, 10),
            new RunSummary.Rates(10, 10, 9.9, 9.5, 100),
            new RunSummary.Reports(98, 98, Map.of()), latencies, new RunSummary.Other(0, 0, 0, 0, 0, "nio", 110),
            byKind, new RunSummary.Part(messages(100, 100, 100, 0, 0, 0), warmupLatencies), List.of());
    }

    static Histogram millis(int fromMs, int toMs) {
        Histogram h = LatencyRecorders.newHistogram();
        for (int ms = fromMs; ms <= toMs; ms++) {
            h.recordValue(ms * 1_000_000L);
        }
        return h;
    }

    static double value(String slo, Measurement m) {
        return SloValue.of(SloParser.parse(slo, "--slo"), m).orElseThrow();
    }

    @Test
    void theHeadlineBooksPerKindBooksAndThePlan() {
        Measurement m = SummaryMeasurement.of(summary(List.of("epmx-get:1", "dcx-json:3")), Map.of());
        assertEquals(new MessageCounts(1000, 990, 950, 20, 15, 10), m.messages(null));
        assertEquals(new MessageCounts(750, 740, 700, 20, 15, 10), m.messages("dcx-json"));
        assertEquals(new MessageCounts(250, 250, 250, 0, 0, 0), m.messages("epmx-get"));
        assertEquals(1000.0, m.plannedMessages(null), "the target rate over the measured publish window");
        assertEquals(Map.of("epmx-get", 0.25, "dcx-json", 0.75), m.kindShares());
        assertEquals(750.0, m.plannedMessages("dcx-json"));
        assertEquals(250.0, m.plannedMessages("epmx-get"));
        assertEquals(20 / 995.0, value("error_ratio < 1%", m));
        assertEquals(20 / 745.0, value("error_ratio{kind=dcx-json} < 1%", m));
        assertEquals(0.99, value("achieved_ratio >= 99%", m));
        assertEquals(740 / 750.0, value("achieved_ratio{kind=dcx-json} >= 99%", m));
        assertEquals(1.0, value("achieved_ratio{kind=epmx-get} >= 99%", m));
    }

    @Test
    void connectSuccessCountsReconnectsThatCameBack() {
        Measurement m = SummaryMeasurement.of(summary(List.of("epmx-get:1")), Map.of());
        assertEquals(111, m.connectAttempts(), "98 + 2 first attempts, 11 reconnects");
        assertEquals(104, m.connectSucceeded(), "98 first attempts, 6 reconnects (one in warm-up)");
        assertEquals(104 / 111.0, value("connect_success_ratio >= 99%", m));
    }

    @Test
    void warmUpHistogramsAreLeftOut() {
        Histogram measured = millis(1, 100);
        Histogram measuredDcx = millis(50, 100);
        Map<String, Histogram> latencies = new LinkedHashMap<>();
        latencies.put("status", measured);
        latencies.put("status.dcx-json", measuredDcx);
        latencies.put("warmup.status", millis(5000, 6000));
        latencies.put("warmup.status.dcx-json", millis(5000, 6000));
        Measurement m = SummaryMeasurement.of(summary(List.of("epmx-get:1", "dcx-json:3")), latencies);
        assertEquals(Map.of("status", measured, "status.dcx-json", measuredDcx), m.latencies());
        assertEquals(measured.getMaxValue(), value("max(status) < 1s", m));
        assertEquals(measuredDcx.getValueAtPercentile(99), value("p99(status{kind=dcx-json}) < 1s", m));
    }

    @Test
    void oneKindsSummaryJudgesItsKindOnTheWhole() {
        RunSummary one = summary(List.of("dcx-json:1"));
        one = new RunSummary(one.outcome(), one.config(), one.devices(), one.messages(), one.rates(), one.reports(),
            one.latencies(), one.other(), Map.of(), one.warmup(), one.storms());
        Measurement m = SummaryMeasurement.of(one, Map.of("status", millis(1, 100)));
        assertEquals(millis(1, 100).getValueAtPercentile(99), value("p99(status{kind=dcx-json}) < 1s", m));
        assertEquals(20 / 995.0, value("error_ratio{kind=dcx-json} < 1%", m));
        assertTrue(SloValue.of(SloParser.parse("error_ratio{kind=epmx-get} < 1%", "--slo"), m).isEmpty());
    }

    @Test
    void kindSharesFromTheMixEntry() {
        assertEquals(Map.of("epmx", 0.25, "dcx-json", 0.75),
            SummaryMeasurement.kindShares(List.of("epmx:1", "dcx-json:3")));
        assertEquals(Map.of("epmx-get", 0.5, "dcx-json", 0.5),
            SummaryMeasurement.kindShares(List.of("epmx-get:1", "dcx-json:0.5", "dcx-json:0.5")), "a kind twice adds");
        assertEquals(List.of("dcx-json", "epmx-get"),
            List.copyOf(SummaryMeasurement.kindShares(List.of("dcx-json:2", "epmx-get:2")).keySet()), "mix order");
        assertEquals(Map.of("epmx-get", 1.0), SummaryMeasurement.kindShares(List.of("epmx-get:1", "broken", ":3",
            "dcx-json:x")), "entries that are not KIND:WEIGHT are left out");
        assertTrue(SummaryMeasurement.kindShares(null).isEmpty(), "no mix entry");
        assertTrue(SummaryMeasurement.kindShares("epmx-get:1").isEmpty(), "not a list");
        assertTrue(SummaryMeasurement.kindShares(List.of("epmx-get:0")).isEmpty(), "weights of 0");
        assertTrue(SummaryMeasurement.kindShares(Arrays.asList("epmx-get:1", null)).containsKey("epmx-get"));
    }

    @Test
    void aSummaryWithoutMixOrWarmUpStillJudgesTheWhole() {
        RunSummary bare = new RunSummary(RunOutcome.COMPLETED, Map.of(),
            new RunSummary.Devices(10, 10, 0, Map.of(), Map.of(), 0), messages(100, 100, 100, 0, 0, 0),
            new RunSummary.Rates(1, 1, 1, 1, 100), new RunSummary.Reports(0, 0, Map.of()), Map.of(),
            new RunSummary.Other(0, 0, 0, 0, 0, "nio", 100));
        Measurement m = SummaryMeasurement.of(bare, Map.of());
        assertTrue(m.kindShares().isEmpty());
        assertEquals(0.0, value("error_ratio < 1%", m));
        assertEquals(1.0, value("connect_success_ratio >= 99%", m));
        assertEquals(1.0, value("achieved_ratio >= 99%", m));
        assertFalse(SloValue.of(SloParser.parse("achieved_ratio{kind=dcx-json} >= 99%", "--slo"), m).isPresent());
    }
}
