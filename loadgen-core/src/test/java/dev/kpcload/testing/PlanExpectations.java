package dev.kpcload.testing;

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
}
