package dev.kpcload.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kpcload.metrics.LatencyRecorders;
import dev.kpcload.slo.Measurement;
import dev.kpcload.slo.MessageCounts;
import dev.kpcload.slo.Window;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShardProtocolTest {

    private static Histogram values(long... nanos) {
        Histogram h = LatencyRecorders.newHistogram();
        for (long v : nanos) {
            h.recordValue(v);
        }
        return h;
    }

    private static Measurement shard(long offset, long scheduled) {
        Histogram status = LatencyRecorders.newHistogram();
        for (long i = 0; i < 1000; i++) {
            status.recordValue(1_000_000 + offset + i * 10_000);
        }
        return Measurement.builder()
            .addLatency("status", status)
            .addLatency("status.dcx-json", values(5_000_000 + offset))
            .messages(new MessageCounts(scheduled, scheduled, scheduled - 3, 2, 1, 0))
            .messages("dcx-json", new MessageCounts(10, 10, 9, 1, 0, 0))
            .connects(50, 49)
            .planned(scheduled + 0.5)
            .kindShares(Map.of("epmx-update-keys", 0.75, "dcx-json", 0.25))
            .build();
    }

    @Test
    void aStepsMeasurementSurvivesTheLineExactly() throws Exception {
        Measurement m = shard(0, 1000);
        var step = new SteppedPlan.Step(3, 250.0, 1_000_000_000L, 0, 3_000_000_000L);
        var sent = new SteppedPlan.StepMeasurement(step, m, List.of(new Window(1.0, 2.0, m)), 0.5, 1.5, 4.75, true);
        JsonNode line = ShardProtocol.JSON.readTree(ShardProtocol.measured(sent));
        SteppedPlan.StepMeasurement back = ShardProtocol.readMeasured(line, step);
        Histogram status = back.whole().latency(dev.kpcload.metrics.LatencyKind.STATUS, null);
        Histogram original = m.latency(dev.kpcload.metrics.LatencyKind.STATUS, null);
        assertEquals(original, status, "every value back, not a summary of them");
        assertEquals(m.messages(null), back.whole().messages(null));
        assertEquals(m.messages("dcx-json"), back.whole().messages("dcx-json"));
        assertEquals(1000.5, back.whole().plannedMessages(null));
        assertEquals(0.25 * 1000.5, back.whole().plannedMessages("dcx-json"), 1e-9);
        assertEquals(49, back.whole().connectSucceeded());
        assertEquals(1, back.windows().size());
        assertEquals(2.0, back.windows().get(0).endSeconds());
        assertEquals(4.75, back.endSeconds());
        assertTrue(back.drained());
    }

    @Test
    void aShardSaysHowBusyItsBusiestIoThreadWas() throws Exception {
        Measurement m = shard(0, 10);
        var step = new SteppedPlan.Step(1, 1, 0, 0, 1);
        var measured = new SteppedPlan.StepMeasurement(step, m, List.of(), 0, 0, 1, true);
        assertEquals(0.73, ShardProtocol.busiestShare(ShardProtocol.JSON.readTree(
            ShardProtocol.measured(measured, 0.73))));
        assertNull(ShardProtocol.busiestShare(ShardProtocol.JSON.readTree(ShardProtocol.measured(measured, null))),
            "a shard that could not tell says nothing");
    }

    @Test
    void stepsAndDoneTravelAsLines() throws Exception {
        var step = new SteppedPlan.Step(7, 123.5, 10, 20, 30);
        assertEquals(step, ShardProtocol.readStep(ShardProtocol.JSON.readTree(ShardProtocol.step(step))));
        assertNull(ShardProtocol.readStep(ShardProtocol.JSON.readTree(ShardProtocol.done())));
        assertThrows(IllegalArgumentException.class,
            () -> ShardProtocol.readStep(ShardProtocol.JSON.readTree("{\"what\":1}")));
    }

    @Test
    void aMeasurementOfAnotherStepIsRefused() throws Exception {
        Measurement m = shard(0, 10);
        var step = new SteppedPlan.Step(1, 1, 0, 0, 1);
        String line = ShardProtocol.measured(new SteppedPlan.StepMeasurement(step, m, List.of(), 0, 0, 1, true));
        assertThrows(IllegalArgumentException.class, () -> ShardProtocol.readMeasured(ShardProtocol.JSON.readTree(line),
            new SteppedPlan.Step(2, 1, 0, 0, 1)));
    }

    @Test
    void theFleetsStepIsTheShardsAddedNotTheirPercentilesAveraged() {
        Measurement a = shard(0, 1000);
        Measurement b = shard(20_000_000, 500); // a slower shard
        var step = new SteppedPlan.Step(1, 100, 0, 0, 1);
        var sum = CapacityCoordinator.sum(List.of(
            new SteppedPlan.StepMeasurement(step, a, List.of(new Window(0, 1, a), new Window(1, 2, a)), 0, 0, 2, true),
            new SteppedPlan.StepMeasurement(step, b, List.of(new Window(0, 1, b)), 0, 0, 2, false)));
        Histogram union = LatencyRecorders.newHistogram();
        union.add(a.latency(dev.kpcload.metrics.LatencyKind.STATUS, null));
        union.add(b.latency(dev.kpcload.metrics.LatencyKind.STATUS, null));
        Histogram merged = sum.whole().latency(dev.kpcload.metrics.LatencyKind.STATUS, null);
        assertEquals(union.getValueAtPercentile(99), merged.getValueAtPercentile(99));
        double meanOfP99s = (a.latency(dev.kpcload.metrics.LatencyKind.STATUS, null).getValueAtPercentile(99)
            + b.latency(dev.kpcload.metrics.LatencyKind.STATUS, null).getValueAtPercentile(99)) / 2.0;
        assertTrue(Math.abs(merged.getValueAtPercentile(99) - meanOfP99s) > 1_000_000, "not an average of shards");
        assertEquals(1500, sum.whole().messages(null).scheduled());
        assertEquals(1501.0, sum.whole().plannedMessages(null));
        assertEquals(2, sum.windows().size(), "windows by their place in the step");
        assertEquals(1500, sum.windows().get(0).measurement().messages(null).scheduled());
        assertEquals(1000, sum.windows().get(1).measurement().messages(null).scheduled());
        assertTrue(!sum.drained(), "one shard that did not drain makes the step undrained");
    }
}
