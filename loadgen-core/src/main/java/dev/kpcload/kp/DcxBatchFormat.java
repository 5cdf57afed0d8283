package dev.kpcload.kp;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * The JSON of a DCX telemetry batch of a {@link DcxMeter}, rendered straight into a buffer: a compact JSON array,
 * oldest sample first, each sample
 * {@code {"timestamp":<epoch ms>,"kWh":<energy counter, 6 decimals>,"W":<power, integer>,"V":<voltage, 1 decimal>}},
 * for example {@code [{"timestamp":1700000009000,"kWh":12345.678901,"W":1234,"V":230.5}]}.
 *
 * <p>Sample {@code i} of {@code n} is stamped {@code batchTime - (n - 1 - i) * sampleInterval}: the batch ends at
 * the time it is sent and its samples are one interval apart. The timestamps of two batches may overlap when a
 * meter sends more often than every {@code n} intervals; the energy counter does not depend on them.
 *
 * <p>{@link #length} computes the exact byte count without side effects, {@link #write} writes exactly that and
 * advances the meter. Neither allocates.
 */
public final class DcxBatchFormat {

    public static final String TIMESTAMP_KEY = "timestamp";
    public static final String ENERGY_KEY = "kWh";
    public static final String POWER_KEY = "W";
    public static final String VOLTAGE_KEY = "V";
    public static final int ENERGY_DECIMALS = 6;
    public static final int VOLTAGE_DECIMALS = 1;

    private static final byte[] OPEN_TIMESTAMP = ascii("{\"" + TIMESTAMP_KEY + "\":");
    private static final byte[] ENERGY = ascii(",\"" + ENERGY_KEY + "\":");
    private static final byte[] POWER = ascii(",\"" + POWER_KEY + "\":");
    private static final byte[] VOLTAGE = ascii(",\"" + VOLTAGE_KEY + "\":");
    private static final int FIXED_PER_SAMPLE = OPEN_TIMESTAMP.length + ENERGY.length + POWER.length
            + VOLTAGE.length + 1;

    private DcxBatchFormat() {
    }

    /** Bytes of the next batch of {@code samples} (>= 1) readings ending at {@code batchTimeMs}. */
    public static int length(DcxMeter meter, int samples, long batchTimeMs) {
        long interval = meter.sampleIntervalMs();
        long sequence = meter.samplesWritten();
        long energy = meter.energyMillijoules();
        int length = 2 + (samples - 1) + samples * FIXED_PER_SAMPLE;
        for (int i = 0; i < samples; i++) {
            long s = sequence + i;
            int watts = meter.powerWatts(s);
            energy += watts * interval;
            length += AsciiDigits.length(batchTimeMs - (samples - 1 - i) * interval)
                    + AsciiDigits.fixedLength(DcxMeter.milliwattHours(energy), ENERGY_DECIMALS)
                    + AsciiDigits.length(watts)
                    + AsciiDigits.fixedLength(meter.voltageDecivolts(s), VOLTAGE_DECIMALS);
        }
        return length;
    }

    /** Writes the batch {@link #length} measured and moves the meter past its samples. */
    public static void write(ByteBuf buf, DcxMeter meter, int samples, long batchTimeMs) {
        long interval = meter.sampleIntervalMs();
        long sequence = meter.samplesWritten();
        long energy = meter.energyMillijoules();
        buf.writeByte('[');
        for (int i = 0; i < samples; i++) {
            if (i > 0) {
                buf.writeByte(',');
            }
            long s = sequence + i;
            int watts = meter.powerWatts(s);
            energy += watts * interval;
            buf.writeBytes(OPEN_TIMESTAMP);
            AsciiDigits.write(buf, batchTimeMs - (samples - 1 - i) * interval);
            buf.writeBytes(ENERGY);
            AsciiDigits.writeFixed(buf, DcxMeter.milliwattHours(energy), ENERGY_DECIMALS);
            buf.writeBytes(POWER);
            AsciiDigits.write(buf, watts);
            buf.writeBytes(VOLTAGE);
            AsciiDigits.writeFixed(buf, meter.voltageDecivolts(s), VOLTAGE_DECIMALS);
            buf.writeByte('}');
        }
        buf.writeByte(']');
        meter.commit(samples, energy);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
