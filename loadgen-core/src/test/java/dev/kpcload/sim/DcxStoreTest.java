package dev.kpcload.sim;

import dev.kpcload.kp.DcxBatch;
import dev.kpcload.kp.DcxMeter;
import dev.kpcload.kp.EpmxPayloads;
import dev.kpcload.kp.MetadataReplyCheck;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What DCX keeps per token, fed through the simulator's full pipeline. */
class DcxStoreTest {

    private static final String AV = "demo_application_v1";
    private static final long T = 1_700_000_000_000L;

    private final SimHarness sim = new SimHarness().connected();

    @AfterEach
    void tearDown() {
        sim.close();
    }

    private static String dcx(String token) {
        return "kp1/" + AV + "/dcx/" + token + "/json";
    }

    /** Sends with a request ID and returns the reply topic's last level: status or error. */
    private String send(String token, int requestId, String payload) {
        sim.send(Mqtt.publish(dcx(token) + "/" + requestId, 1, requestId + 1, payload));
        List<Frame> replies = sim.publishes();
        assertEquals(1, replies.size(), replies::toString);
        String topic = replies.get(0).topic();
        return topic.substring(topic.lastIndexOf('/') + 1);
    }

    private static String render(DcxBatch batch, int samples, long batchTime) {
        batch.next(samples, batchTime);
        ByteBuf buf = Unpooled.buffer(batch.length());
        try {
            batch.writeTo(buf);
            return buf.toString(StandardCharsets.US_ASCII);
        } finally {
            buf.release();
        }
    }

    private DcxSeries series(String token) {
        return sim.dcx.get(token).orElseThrow(() -> new AssertionError("nothing stored for " + token));
    }

    @Test
    void theGeneratorsBatchesAreStoredExactlyAsSent() {
        DcxBatch meter = new DcxBatch(new DcxMeter(4242));
        int[] sizes = {10, 1, 20, 5};
        long sent = 0;
        for (int i = 0; i < sizes.length; i++) {
            long batchTime = T + i * 30_000L;
            assertEquals("status", send("m1", i, render(meter, sizes[i], batchTime)));
            sent += sizes[i];
            DcxSeries series = series("m1");
            assertEquals(i + 1, series.batches());
            assertEquals(sent, series.samples());
            assertEquals(batchTime, series.lastTimestamp());
            // same scale, same digits: equals, not just compareTo
            assertEquals(BigDecimal.valueOf(meter.meter().energyMilliwattHours(), 6), series.lastEnergyKwh());
            assertEquals(0, series.energyDecreases());
        }
        assertEquals(sent, sim.stats().dcxSamples());
        assertEquals(0, sim.stats().dcxEnergyDecreases());
        assertEquals(1, sim.dcx.size());
    }

    @Test
    void tokensAreKeptApart() {
        send("a", 1, "[{\"timestamp\":10,\"kWh\":1.5},{\"timestamp\":11,\"kWh\":1.6}]");
        send("b", 2, "[{\"timestamp\":20,\"kWh\":9}]");
        assertEquals(new DcxSeries(1, 2, 11, new BigDecimal("1.6"), 0), series("a"));
        assertEquals(new DcxSeries(1, 1, 20, new BigDecimal("9"), 0), series("b"));
        assertEquals(Optional.empty(), sim.dcx.get("c"));
        assertEquals(3, sim.stats().dcxSamples());
    }

    @Test
    void aFallingCounterIsCountedWithinABatchAndAcrossBatches() {
        send("m", 1, "[{\"kWh\":5.000},{\"kWh\":4.999},{\"kWh\":4.999},{\"kWh\":6}]");
        assertEquals(1, series("m").energyDecreases(), "equal readings are fine, a lower one is not");
        send("m", 2, "[{\"kWh\":5.5},{\"kWh\":7}]");
        assertEquals(2, series("m").energyDecreases(), "the first sample is compared with the stored last one");
        send("m", 3, "{\"kWh\":7.0}");
        assertEquals(2, series("m").energyDecreases(), "7.0 equals 7");
        assertEquals(new BigDecimal("7.0"), series("m").lastEnergyKwh());
        send("other", 4, "[{\"kWh\":1}]");
        assertEquals(0, series("other").energyDecreases(), "another meter starts its own series");
        assertEquals(2, sim.stats().dcxEnergyDecreases());
        assertTrue(sim.stats().formatLine().contains("dcx samples 8 (2 energy decreases)"),
                sim.stats()::formatLine);
    }

    @Test
    void samplesWithoutTheKeysAreCountedAndKeepTheLastValues() {
        send("m", 1, "[{\"timestamp\":100,\"kWh\":2.5},{\"temperature\":21.5}]");
        DcxSeries series = series("m");
        assertEquals(2, series.samples());
        assertEquals(100, series.lastTimestamp());
        assertEquals(new BigDecimal("2.5"), series.lastEnergyKwh());
        send("m", 2, "[{\"timestamp\":\"soon\",\"kWh\":\"lots\"},{\"timestamp\":1.5e3,\"kWh\":null}]");
        assertEquals(new DcxSeries(2, 4, 100, new BigDecimal("2.5"), 0), series("m"));
        send("bare", 3, "{}");
        DcxSeries bare = series("bare");
        assertEquals(1, bare.samples());
        assertFalse(bare.hasTimestamp());
        assertFalse(bare.hasEnergy());
        assertNull(bare.lastEnergyKwh());
    }

    @Test
    void theKaaTestVectorIsStored() {
        send("JTjdbENzHh", 43, "[{\"timestamp\":1566987697005,\"kWh\":12.5}]");
        assertEquals(new DcxSeries(1, 1, 1566987697005L, new BigDecimal("12.5"), 0), series("JTjdbENzHh"));
    }

    @Test
    void refusedPayloadsStoreNothing() {
        assertEquals("error", send("m", 1, "[]"));
        assertEquals("error", send("m", 2, "[{\"kWh\":1},2]"));
        assertEquals("error", send("m", 3, "[{\"kWh\":1,\"kWh\":2}]"));
        assertEquals(Optional.empty(), sim.dcx.get("m"));
        assertEquals(0, sim.stats().dcxSamples());
    }

    @Test
    void withoutRequestIdTheBatchIsStoredToo() {
        sim.send(Mqtt.publish(dcx("m"), 0, 0, "[{\"timestamp\":5,\"kWh\":3}]"));
        assertEquals(List.of(), sim.frames());
        assertEquals(1, series("m").samples());
    }

    @Test
    void decreasesAreExported() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SimMeters.register(registry, sim.counters);
        send("m", 1, "[{\"kWh\":2},{\"kWh\":1}]");
        assertEquals(1.0, registry.get("kpcsim.dcx.energy.decreases").functionCounter().count());
        assertEquals(2.0, registry.get("kpcsim.dcx.samples").functionCounter().count());
    }

    @Test
    void getRepliesWhatTheGeneratorsUpdateStoredAndTheCheckAgrees() {
        String epmx = "kp1/" + AV + "/epmx/m/";
        String model = "MySmartMeter A300";
        String mac = "02-1A-3F-00-00-07";
        sim.send(Mqtt.publish(epmx + "update/keys", 0, 0,
                new String(EpmxPayloads.modelAndMac(model, mac), StandardCharsets.UTF_8)));
        sim.send(Mqtt.publish(epmx + "get/0", 0, 0, new String(EpmxPayloads.getAll(), StandardCharsets.UTF_8)));
        List<Frame> replies = sim.publishes();
        assertEquals(epmx + "get/0/status", replies.get(0).topic());
        ByteBuf reply = Unpooled.copiedBuffer(replies.get(0).payload(), StandardCharsets.UTF_8);
        try {
            assertEquals(MetadataReplyCheck.Outcome.MATCH, new MetadataReplyCheck(model, mac).check(reply));
            assertEquals(MetadataReplyCheck.Outcome.MISMATCH,
                    new MetadataReplyCheck(model, "02-1A-3F-00-00-08").check(reply));
        } finally {
            reply.release();
        }
    }
}
