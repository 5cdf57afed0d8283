package dev.kpcload.kp;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DcxBatchTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final long T = 1_700_000_000_000L;

    /** Writes the batch after 3 unrelated bytes into a pooled buffer; checks length() against what was written. */
    private static String render(DcxBatch batch, int samples, long batchTimeMs) {
        batch.next(samples, batchTimeMs);
        int length = batch.length();
        assertEquals(length, batch.length(), "length() must not move the meter");
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer(3 + length, 3 + length);
        try {
            buf.writeBytes(new byte[] {1, 2, 3});
            batch.writeTo(buf);
            assertEquals(3 + length, buf.writerIndex(), "length() must be the bytes written");
            return buf.toString(3, length, StandardCharsets.US_ASCII);
        } finally {
            buf.release();
        }
    }

    private static JsonNode parse(String json) throws IOException {
        return JSON.readTree(json);
    }

    @Test
    void batchIsJsonWithExactlyTheModelsValues() throws IOException {
        long seed = 12345;
        long interval = 1000;
        DcxBatch batch = new DcxBatch(new DcxMeter(seed, interval));
        DcxMeter model = new DcxMeter(seed, interval); // an untouched twin gives the expected values
        long energy = model.energyMillijoules();
        long sequence = 0;
        for (int n : new int[] {1, 7, 20}) {
            long batchTime = T + sequence * 10_000;
            String json = render(batch, n, batchTime);
            assertTrue(json.matches("\\[\\{\"timestamp\":\\d{13},\"kWh\":\\d+\\.\\d{6},\"W\":\\d+,\"V\":\\d{3}\\.\\d}"
                    + "(,\\{\"timestamp\":\\d{13},\"kWh\":\\d+\\.\\d{6},\"W\":\\d+,\"V\":\\d{3}\\.\\d})*]"), json);
            JsonNode array = parse(json);
            assertTrue(array.isArray());
            assertEquals(n, array.size());
            for (int i = 0; i < n; i++, sequence++) {
                JsonNode sample = array.get(i);
                assertEquals(List.of("timestamp", "kWh", "W", "V"), fieldNames(sample));
                int watts = model.powerWatts(sequence);
                energy += watts * interval;
                assertEquals(batchTime - (n - 1 - i) * interval, sample.get("timestamp").longValue());
                assertTrue(sample.get("timestamp").isIntegralNumber());
                assertEquals(0, BigDecimal.valueOf(energy / 3600, 6).compareTo(sample.get("kWh").decimalValue()));
                assertEquals(watts, sample.get("W").intValue());
                assertTrue(sample.get("W").isIntegralNumber());
                assertEquals(0, BigDecimal.valueOf(model.voltageDecivolts(sequence), 1)
                        .compareTo(sample.get("V").decimalValue()));
            }
            assertEquals(sequence, batch.meter().samplesWritten());
            assertEquals(energy, batch.meter().energyMillijoules());
            assertEquals(energy / 3600, batch.meter().energyMilliwattHours());
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void exactBytesOfOneSeed() {
        DcxBatch batch = new DcxBatch(new DcxMeter(7));
        // a golden value: the format and the sample model are part of the protocol with the simulator's tests
        assertEquals("[{\"timestamp\":1699999999000,\"kWh\":4847.272360,\"W\":362,\"V\":232.4},"
                + "{\"timestamp\":1700000000000,\"kWh\":4847.272409,\"W\":175,\"V\":232.5}]", render(batch, 2, T));
        // 175 W for one second is 175 J, 48.6 mWh: the counter moved by 49 mWh, the earlier rounding remainder included
        assertEquals(175, batch.meter().powerWatts(1));
    }

    @Test
    void energyRisesWithEverySampleAcrossMessagesAndValuesStayInRange() throws IOException {
        for (long seed = 0; seed < 20; seed++) {
            DcxBatch batch = new DcxBatch(new DcxMeter(seed * 0x9E3779B97F4A7C15L));
            BigDecimal last = null;
            for (int message = 0; message < 50; message++) {
                for (JsonNode sample : parse(render(batch, 1 + message % 3, T + message * 20_000L))) {
                    BigDecimal kwh = sample.get("kWh").decimalValue();
                    BigDecimal previous = last;
                    if (previous != null) {
                        assertTrue(kwh.compareTo(previous) > 0, () -> kwh + " after " + previous);
                    }
                    last = kwh;
                    int watts = sample.get("W").intValue();
                    assertTrue(watts >= 100 && watts <= 7000, () -> "W " + watts);
                    double volts = sample.get("V").doubleValue();
                    assertTrue(volts >= 220.0 && volts <= 240.0, () -> "V " + volts);
                }
            }
            int mean = batch.meter().meanWatts();
            assertTrue(mean >= 200 && mean <= 3500, () -> "mean " + mean);
            assertTrue(last.compareTo(BigDecimal.valueOf(20_001)) < 0, "initial counter below 20,000 kWh");
        }
    }

    @Test
    void sameSeedSameBytesAndTheCounterIgnoresHowSamplesWereBatched() {
        DcxBatch a = new DcxBatch(new DcxMeter(99));
        DcxBatch b = new DcxBatch(new DcxMeter(99));
        for (int i = 0; i < 5; i++) {
            assertEquals(render(a, 4, T + i), render(b, 4, T + i));
        }
        DcxBatch c = new DcxBatch(new DcxMeter(99));
        render(c, 1, T);
        render(c, 19, T);
        assertEquals(a.meter().energyMillijoules(), c.meter().energyMillijoules());
        assertEquals(20, c.meter().samplesWritten());
        assertTrue(!render(new DcxBatch(new DcxMeter(100)), 4, T).equals(render(new DcxBatch(new DcxMeter(99)), 4, T)),
                "another seed, other readings");
    }

    @Test
    void sampleIntervalSpacesTimestampsAndScalesEnergy() throws IOException {
        DcxMeter slow = new DcxMeter(5, 60_000);
        DcxMeter fast = new DcxMeter(5, 1_000);
        long before = slow.energyMillijoules();
        assertEquals(before, fast.energyMillijoules());
        JsonNode samples = parse(render(new DcxBatch(slow), 3, T));
        render(new DcxBatch(fast), 3, T);
        assertEquals(T - 120_000, samples.get(0).get("timestamp").longValue());
        assertEquals(T - 60_000, samples.get(1).get("timestamp").longValue());
        assertEquals(60 * (fast.energyMillijoules() - before), slow.energyMillijoules() - before);
    }

    @Test
    void growsASmallBufferAndHandlesTimesBeforeTheEpoch() throws IOException {
        DcxBatch batch = new DcxBatch(new DcxMeter(1));
        batch.next(3, 500);
        int length = batch.length();
        ByteBuf buf = Unpooled.buffer(4);
        try {
            batch.writeTo(buf);
            assertEquals(length, buf.readableBytes());
            JsonNode samples = parse(buf.toString(StandardCharsets.US_ASCII));
            assertEquals(-1500, samples.get(0).get("timestamp").longValue());
            assertEquals(500, samples.get(2).get("timestamp").longValue());
        } finally {
            buf.release();
        }
    }

    @Test
    void aBatchIsWrittenOnceAndCountsAreChecked() {
        DcxBatch batch = new DcxBatch(new DcxMeter(1));
        assertThrows(IllegalStateException.class, batch::length);
        render(batch, 1, T);
        ByteBuf buf = Unpooled.buffer();
        try {
            assertThrows(IllegalStateException.class, () -> batch.writeTo(buf));
        } finally {
            buf.release();
        }
        assertThrows(IllegalArgumentException.class, () -> batch.next(0, T));
        assertThrows(IllegalArgumentException.class, () -> batch.next(SampleCount.MAX_SAMPLES + 1, T));
        assertThrows(IllegalArgumentException.class, () -> new DcxMeter(1, 0));
    }

    @Test
    void maxBatchStaysWellBelowTheSimulatorsPacketLimit() {
        int length = new DcxBatch(new DcxMeter(3)).next(SampleCount.MAX_SAMPLES, T).length();
        assertTrue(length < 40_000, () -> "bytes " + length);
    }

    @Test
    void fixedPayloadWriter() {
        PayloadWriter get = PayloadWriter.of(EpmxPayloads.getAll());
        ByteBuf buf = Unpooled.buffer();
        try {
            assertEquals(2, get.length());
            get.writeTo(buf);
            get.writeTo(buf);
            assertEquals("{}{}", buf.toString(StandardCharsets.US_ASCII));
        } finally {
            buf.release();
        }
    }
}
