package dev.kpcload.kp;

import io.netty.buffer.ByteBuf;

/**
 * A device's next DCX batch as a {@link PayloadWriter}: set it with {@link #next}, then the encoder asks its
 * {@link #length()} and has it {@link #writeTo} the PUBLISH buffer, which moves the meter on. One per device,
 * reused for every message; single-threaded.
 */
public final class DcxBatch implements PayloadWriter {

    private final DcxMeter meter;
    private int samples;
    private long batchTimeMs;

    public DcxBatch(DcxMeter meter) {
        this.meter = java.util.Objects.requireNonNull(meter, "meter");
    }

    public DcxMeter meter() {
        return meter;
    }

    /**
     * The batch the next {@link #writeTo} renders.
     *
     * @param samples     readings in the batch, 1..{@link SampleCount#MAX_SAMPLES}
     * @param batchTimeMs epoch milliseconds of the last reading, normally the send time
     */
    public DcxBatch next(int samples, long batchTimeMs) {
        if (samples < 1 || samples > SampleCount.MAX_SAMPLES) {
            throw new IllegalArgumentException("samples per batch must be 1.." + SampleCount.MAX_SAMPLES + ", got "
                    + samples);
        }
        this.samples = samples;
        this.batchTimeMs = batchTimeMs;
        return this;
    }

    @Override
    public int length() {
        requireNext();
        return DcxBatchFormat.length(meter, samples, batchTimeMs);
    }

    /** Writes the batch set by {@link #next}; a second write needs another {@code next}. */
    @Override
    public void writeTo(ByteBuf buf) {
        requireNext();
        DcxBatchFormat.write(buf, meter, samples, batchTimeMs);
        samples = 0;
    }

    private void requireNext() {
        if (samples == 0) {
            throw new IllegalStateException("no batch set: call next(samples, batchTimeMs) first");
        }
    }
}
