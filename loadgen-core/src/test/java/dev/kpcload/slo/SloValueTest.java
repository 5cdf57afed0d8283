package dev.kpcload.slo;

import dev.kpcload.metrics.LatencyRecorders;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The values SLOs measure, on hand-made HdrHistograms and counts, and how measurements add up. */
class SloValueTest {

    static Slo slo(String text) {
        return SloParser.parse(text, "--slo");
    }

    /** Values {@code fromMs} to {@code toMs}, each once, in whole milliseconds. */
    static Histogram millis(int fromMs, int toMs) {
        Histogram h = LatencyRecorders.newHistogram();
        for (int ms = fromMs; ms <= toMs; ms++) {
            h.recordValue(ms * 1_000_000L);
        }
        return h;
    }

    static double value(String slo, Measurement m) {
        OptionalDouble v = SloValue.of(slo(slo), m);
        assertTrue(v.isPresent(), slo + " has a value");
        return v.getAsDouble();
    }

    static boolean noData(String slo, Measurement m) {
        return SloValue.of(slo(slo), m).isEmpty();
    }

    // ---- latencies

    @Test
    void percentilesAreHdrHistogramsOwnAndNeverBelowTheTrueValue() {
        Histogram h = millis(1, 1000);
        Measurement m = Measurement.builder().addLatency("status", h).build();
        // 1000 values of 1..1000 ms: the p-th percentile is the ceil(p * 10)-th value, reported as the highest value
        // equivalent to it at 3 significant digits (so never below it, and less than 0.1 % above)
        double[][] cases = {{50, 500}, {90, 900}, {99, 990}, {99.9, 999}, {99.99, 1000}};
        for (double[] c : cases) {
            String stat = "p" + Slo.trim(c[0]);
            double v = value(stat + "(status) < 1s", m);
            long trueNanos = (long) c[1] * 1_000_000L;
            assertEquals(h.highestEquivalentValue(trueNanos), v, stat);
            assertTrue(v >= trueNanos && v < trueNanos * 1.001, stat + ": " + v);
        }
        assertEquals(value("p50(status) < 1s", m), value("median(status) < 1s", m));
    }

    @Test
    void maxAndMean() {
        Histogram h = millis(1, 1000);
        Measurement m = Measurement.builder().addLatency("status", h).build();
        double max = value("max(status) < 1s", m);
        assertEquals(h.highestEquivalentValue(1_000_000_000L), max);
        assertTrue(max >= 1e9 && max < 1.001e9, "max " + max);
        double mean = value("mean(status) < 1s", m);
        assertEquals(h.getMean(), mean);
        assertEquals(500.5e6, mean, 500.5e6 * 0.001);
        assertEquals(mean, value("avg(status) < 1s", m));
    }

    @Test
    void smallValuesAreExact() {
        // below 2048 ns a 3-digit histogram keeps every nanosecond
        Histogram h = LatencyRecorders.newHistogram();
        h.recordValueWithCount(1000, 99);
        h.recordValue(1500);
        Measurement m = Measurement.builder().addLatency("send_lag", h).build();
        assertEquals(1000, value("p99(send_lag) < 1s", m));
        assertEquals(1500, value("max(send_lag) < 1s", m));
        assertEquals(1005, value("mean(send_lag) < 1s", m));
        assertTrue(slo("max(send_lag) <= 1.5us").holds(value("max(send_lag) <= 1.5us", m)));
        assertFalse(slo("max(send_lag) < 1.5us").holds(value("max(send_lag) < 1.5us", m)));
    }

    @Test
    void eachLatencyIsItsOwnHistogram() {
        Measurement m = Measurement.builder().addLatency("status", millis(100, 200))
            .addLatency("puback", millis(1, 10)).addLatency("connect", millis(1000, 3000)).build();
        assertEquals(millis(100, 200).getMaxValue(), value("max(status) < 1s", m));
        assertEquals(millis(1, 10).getMaxValue(), value("max(puback) < 1s", m));
        assertEquals(millis(1000, 3000).getMaxValue(), value("max(connect) < 1s", m));
        assertTrue(noData("max(service) < 1s", m), "no service time recorded");
        assertTrue(noData("p99(reconnect) < 1s", m), "nothing reconnected");
    }

    @Test
    void oneKindsLatencyFromItsOwnTag() {
        Measurement m = Measurement.builder().addLatency("status", millis(1, 1000))
            .addLatency("status.dcx-json", millis(501, 1000)).addLatency("status.epmx-get", millis(1, 500))
            .kindShares(Map.of("epmx-get", 0.5, "dcx-json", 0.5)).build();
        assertEquals(millis(501, 1000).getValueAtPercentile(99), value("p99(status{kind=dcx-json}) < 1s", m));
        assertEquals(millis(1, 500).getValueAtPercentile(99), value("p99(status{kind=epmx-get}) < 1s", m));
        assertEquals(millis(1, 1000).getValueAtPercentile(99), value("p99(status) < 1s", m));
        assertTrue(noData("p99(status{kind=epmx-update-keys}) < 1s", m), "a kind not in the mix has no values");
    }

    @Test
    void aRunOfOneKindHasNoPerKindTagsItsKindIsTheWhole() {
        Histogram all = millis(1, 1000);
        MessageCounts counts = new MessageCounts(100, 100, 90, 10, 0, 0);
        Measurement m = Measurement.builder().addLatency("status", all).messages(counts)
            .kindShares(Map.of("dcx-json", 1.0)).planned(100).build();
        assertEquals(all.getValueAtPercentile(99), value("p99(status{kind=dcx-json}) < 1s", m));
        assertEquals(0.1, value("error_ratio{kind=dcx-json} < 1%", m));
        assertEquals(1.0, value("achieved_ratio{kind=dcx-json} >= 99%", m));
        assertSame(counts, m.messages("dcx-json"));
        assertTrue(noData("p99(status{kind=epmx-get}) < 1s", m), "another kind is not the whole");
        assertTrue(noData("error_ratio{kind=epmx-get} < 1%", m));
        assertTrue(noData("achieved_ratio{kind=epmx-get} >= 99%", m));
    }

    @Test
    void withoutAMixAKindHasNoData() {
        // a summary of another version, or by hand: no kind shares, no per-kind books
        Measurement m = Measurement.builder().addLatency("status", millis(1, 10))
            .messages(new MessageCounts(10, 10, 10, 0, 0, 0)).planned(10).build();
        assertTrue(noData("p99(status{kind=dcx-json}) < 1s", m));
        assertTrue(noData("error_ratio{kind=dcx-json} < 1%", m));
        assertTrue(noData("achieved_ratio{kind=dcx-json} > 0", m));
        assertEquals(0.0, value("error_ratio < 1%", m));
    }

    // ---- ratios

    private static final MessageCounts COUNTS = new MessageCounts(1000, 990, 950, 20, 15, 10);

    @Test
    void messageRatiosAreOverSettledMessages() {
        assertEquals(995, COUNTS.settled(), "confirmed + failed + timed out + dropped");
        Measurement m = Measurement.builder().messages(COUNTS).planned(1000).connects(200, 190).build();
        assertEquals(20 / 995.0, value("error_ratio < 1%", m));
        assertEquals(15 / 995.0, value("timeout_ratio < 1%", m));
        assertEquals(10 / 995.0, value("drop_ratio < 1%", m));
        assertEquals(950 / 995.0, value("confirmed_ratio > 99%", m));
    }

    @Test
    void achievedIsSentOverPlanned() {
        Measurement m = Measurement.builder().messages(COUNTS).planned(1000).build();
        assertEquals(0.99, value("achieved_ratio >= 99%", m));
        assertTrue(slo("achieved_ratio >= 99%").holds(value("achieved_ratio >= 99%", m)));
        // the plan is a rate integrated over time: a fraction of a message planned
        Measurement fractional = Measurement.builder().messages(new MessageCounts(1, 1, 1, 0, 0, 0)).planned(1.25)
            .build();
        assertEquals(0.8, value("achieved_ratio >= 99%", fractional));
    }

    @Test
    void connectSuccessIsSucceededOverAttempts() {
        Measurement m = Measurement.builder().connects(200, 190).build();
        assertEquals(0.95, value("connect_success_ratio >= 99.9%", m));
    }

    @Test
    void oneKindsRatiosFromItsOwnBooksAndItsShareOfThePlan() {
        Measurement m = Measurement.builder().messages(COUNTS)
            .messages("dcx-json", new MessageCounts(750, 740, 700, 20, 15, 10))
            .messages("epmx-get", new MessageCounts(250, 250, 250, 0, 0, 0))
            .kindShares(Map.of("epmx-get", 0.25, "dcx-json", 0.75)).planned(1000).build();
        assertEquals(20 / 745.0, value("error_ratio{kind=dcx-json} < 1%", m));
        assertEquals(0.0, value("error_ratio{kind=epmx-get} < 1%", m));
        assertEquals(740 / 750.0, value("achieved_ratio{kind=dcx-json} >= 99%", m));
        assertEquals(1.0, value("achieved_ratio{kind=epmx-get} >= 99%", m));
        assertEquals(750.0, m.plannedMessages("dcx-json"));
        assertEquals(0.0, m.plannedMessages("epmx-update-keys"));
        assertEquals(MessageCounts.NONE, m.messages("epmx-update-keys"));
    }

    @Test
    void nothingToJudge() {
        Measurement empty = Measurement.empty();
        for (String s : new String[] {"p99(status) < 1s", "max(connect) < 1s", "mean(puback) < 1s", "error_ratio < 1%",
            "timeout_ratio < 1%", "drop_ratio < 1%", "confirmed_ratio > 99%", "achieved_ratio > 99%",
            "connect_success_ratio > 99%"}) {
            assertTrue(noData(s, empty), s);
        }
        // all sent, none settled yet: no ratio of settled messages
        Measurement inFlight = Measurement.builder().messages(new MessageCounts(10, 10, 0, 0, 0, 0)).planned(10)
            .build();
        assertTrue(noData("error_ratio < 1%", inFlight));
        assertTrue(noData("confirmed_ratio > 99%", inFlight));
        assertEquals(1.0, value("achieved_ratio > 99%", inFlight));
        // under one message planned
        assertTrue(noData("achieved_ratio > 99%", Measurement.builder().planned(0.5).build()));
        // an empty histogram is left out
        Measurement emptyHistogram = Measurement.builder().addLatency("status", LatencyRecorders.newHistogram()).build();
        assertTrue(noData("p99(status) < 1s", emptyHistogram));
        assertNull(emptyHistogram.latency(dev.kpcload.metrics.LatencyKind.STATUS, null));
    }

    // ---- adding measurements: windows of a run, shards of a fleet

    @Test
    void plusAddsHistogramsCountsConnectsAndPlans() {
        Measurement a = Measurement.builder().addLatency("status", millis(1, 500)).addLatency("puback", millis(1, 5))
            .messages(new MessageCounts(100, 99, 90, 5, 3, 1))
            .messages("dcx-json", new MessageCounts(100, 99, 90, 5, 3, 1))
            .connects(10, 9).planned(100).kindShares(Map.of("dcx-json", 1.0)).build();
        Measurement b = Measurement.builder().addLatency("status", millis(501, 1000))
            .addLatency("status.dcx-json", millis(1, 2))
            .messages(new MessageCounts(200, 200, 190, 10, 0, 0))
            .messages("dcx-json", new MessageCounts(200, 200, 190, 10, 0, 0))
            .connects(20, 20).planned(200.5).build();
        Measurement sum = a.plus(b);
        Histogram status = sum.latency(dev.kpcload.metrics.LatencyKind.STATUS, null);
        assertEquals(1000, status.getTotalCount());
        assertEquals(millis(1, 1000), status, "the very histogram of all values");
        assertEquals(5, sum.latencies().get("puback").getTotalCount(), "a tag of one side only");
        assertEquals(2, sum.latencies().get("status.dcx-json").getTotalCount());
        assertEquals(new MessageCounts(300, 299, 280, 15, 3, 1), sum.messages(null));
        assertEquals(new MessageCounts(300, 299, 280, 15, 3, 1), sum.messages("dcx-json"));
        assertEquals(30, sum.connectAttempts());
        assertEquals(29, sum.connectSucceeded());
        assertEquals(300.5, sum.plannedMessages(null));
        assertEquals(Map.of("dcx-json", 1.0), sum.kindShares(), "the shares of the side that has them");
        assertEquals(Map.of("dcx-json", 1.0), b.plus(a).kindShares());
        // the sides are not changed
        assertEquals(500, a.latencies().get("status").getTotalCount());
        assertEquals(500, b.latencies().get("status").getTotalCount());
    }

    @Test
    void shardsAddUpToTheFleet() {
        Measurement fleet = Measurement.empty();
        Histogram all = LatencyRecorders.newHistogram();
        for (int shard = 0; shard < 3; shard++) {
            Histogram h = millis(1 + shard * 100, 100 + shard * 100);
            all.add(h);
            fleet = fleet.plus(Measurement.builder().addLatency("status", h)
                .messages(new MessageCounts(100, 100, 99, 1, 0, 0)).planned(100).connects(5, 5).build());
        }
        assertEquals(all, fleet.latencies().get("status"));
        assertEquals(all.getValueAtPercentile(99), value("p99(status) < 1s", fleet),
            "the percentile of the merged histogram, not of any shard");
        assertEquals(3 / 300.0, value("error_ratio < 1%", fleet));
        assertEquals(1.0, value("achieved_ratio >= 99%", fleet));
        assertEquals(1.0, value("connect_success_ratio >= 99%", fleet));
    }

    @Test
    void aBuilderCopiesTheHistogramsItIsGiven() {
        Histogram h = millis(1, 10);
        Measurement m = Measurement.builder().addLatency("status", h).build();
        h.recordValue(5_000_000_000L);
        assertEquals(10, m.latencies().get("status").getTotalCount(), "a recorder's histogram may be reused");
    }
}
