package dev.kpcload.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import java.util.List;
import java.util.Iterator;
import java.util.ArrayList;
import java.math.BigDecimal;
import dev.kpcload.fleet.Device;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kpcload.kp.DcxBatchFormat;
import dev.kpcload.kp.DcxMeter;
import dev.kpcload.kp.SampleCount;
import dev.kpcload.plan.FleetMix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * What a run's plan makes each device send, worked out from the plan's pure functions alone, for end-to-end tests
 * to compare with what a server received: message {@code k} goes to slot {@code k mod N} (device {@code k mod N}
 * when every device connected), its kind is {@link FleetMix#kindOf}, and a DCX batch's sample count and readings
 * follow from the device's meter seed.
 */
public final class PlanExpectations {

    private PlanExpectations() {
    }

    /** Messages of each kind per device, {@code [device][kind]}, for a plan of {@code planned} messages. */
    public static long[][] messagesPerDevice(FleetMix mix, int fleetSize, long planned) {
        long[][] counts = new long[fleetSize][mix.mix().kinds()];
        for (long k = 0; k < planned; k++) {
            counts[(int) (k % fleetSize)][mix.kindOf(k)]++;
        }
        return counts;
    }

    /** The seed of a device's DCX meter and sample counts, as the run derives it. */
    public static long meterSeed(long runSeed, String token) {
        return dev.kpcload.client.Workload.meterSeed(runSeed, token);
    }

    /**
     * What a device's DCX data adds up to after {@code batches} batches.
     *
     * @param samples              samples in all of them
     * @param energyMilliwattHours the meter's counter as its last sample reported it (kWh times 10^6)
     */
    public record Dcx(long batches, long samples, long energyMilliwattHours) {
    }

    /** The DCX data of the device with {@code token} after {@code batches} batches of {@code count} samples each. */
    public static Dcx dcx(long runSeed, String token, SampleCount count, long batches) {
        long seed = meterSeed(runSeed, token);
        DcxMeter meter = new DcxMeter(seed);
        ByteBuf scratch = Unpooled.buffer();
        long samples = 0;
        try {
            for (long j = 0; j < batches; j++) {
                int n = count.forMessage(seed, j);
                scratch.clear();
                DcxBatchFormat.write(scratch, meter, n, 1_700_000_000_000L);
                samples += n;
            }
        } finally {
            scratch.release();
        }
        return new Dcx(batches, samples, meter.energyMilliwattHours());
    }

    /**
     * A meter's DCX batches as a subscriber saw them: each a JSON array of {@code count}'s range of samples, each
     * exactly {timestamp, kWh, W, V} of the right types; the energy counter never goes down; the samples add up to
     * the meter's plan ({@code batches} batches) and end on its meter's counter, so the payloads arrived byte-exact.
     */
    public static void assertReadings(long runSeed, Device d, SampleCount count, List<JsonNode> seen, long batches) {
        PlanExpectations.Dcx expected = dcx(runSeed, d.token(), count, batches);
        long samples = 0;
        BigDecimal last = null;
        for (JsonNode batch : seen) {
            assertTrue(batch.isArray() && batch.size() >= count.min() && batch.size() <= count.max(), d.token() + ": " + batch);
            for (JsonNode sample : batch) {
                List<String> keys = new ArrayList<>();
                for (Iterator<String> names = sample.fieldNames(); names.hasNext(); ) {
                    keys.add(names.next());
                }
                assertEquals(List.of("timestamp", "kWh", "W", "V"), keys, sample.toString());
                assertTrue(sample.get("timestamp").isIntegralNumber(), sample.toString());
                assertTrue(sample.get("W").isIntegralNumber(), sample.toString());
                assertTrue(sample.get("kWh").isNumber() && sample.get("V").isNumber(), sample.toString());
                BigDecimal kwh = sample.get("kWh").decimalValue();
                assertTrue(last == null || kwh.compareTo(last) >= 0, d.token() + ": energy went down at " + sample);
                last = kwh;
                samples++;
            }
        }
        assertEquals(expected.samples(), samples, d.token());
        if (batches > 0) {
            assertEquals(0, BigDecimal.valueOf(expected.energyMilliwattHours(), 6).compareTo(last),
                d.token() + ": last kWh " + last);
        }
    }

}
