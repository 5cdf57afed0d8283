package dev.kpcload.sim;

import java.math.BigDecimal;

/**
 * What the simulator keeps of one endpoint's DCX data: enough to check that the samples received are the ones
 * sent, in constant memory (no sample is kept).
 *
 * <p>The keys are those of the load generator's batches ({@code dev.kpcload.kp.DcxBatchFormat}): an integral
 * {@code "timestamp"} and a numeric {@code "kWh"}, a cumulative counter. A sample without them, or with other
 * types there, is still a valid sample: it is counted and leaves the last values as they were.
 *
 * @param batches         accepted DCX requests (a single-sample object counts as a batch of one)
 * @param samples         samples in them
 * @param lastTimestamp   {@code "timestamp"} of the latest sample that had an integral one, or
 *                        {@link #NO_TIMESTAMP}
 * @param lastEnergyKwh   {@code "kWh"} of the latest sample that had a number there, exactly as written (scale
 *                        kept: {@code 12.500} stays {@code 12.500}), or null
 * @param energyDecreases samples whose {@code "kWh"} is below the one before it from the same endpoint (in the
 *                        same batch or an earlier one): a meter's counter never goes down
 */
public record DcxSeries(long batches, long samples, long lastTimestamp, BigDecimal lastEnergyKwh,
                        long energyDecreases) {

    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    static final DcxSeries NONE = new DcxSeries(0, 0, NO_TIMESTAMP, null, 0);

    public boolean hasTimestamp() {
        return lastTimestamp != NO_TIMESTAMP;
    }

    public boolean hasEnergy() {
        return lastEnergyKwh != null;
    }

    /** This series after one more batch. */
    DcxSeries plus(Batch batch) {
        long decreases = batch.decreasesWithin();
        if (batch.firstEnergyKwh() != null && lastEnergyKwh != null
                && batch.firstEnergyKwh().compareTo(lastEnergyKwh) < 0) {
            decreases++;
        }
        return new DcxSeries(batches + 1, samples + batch.samples(),
                batch.lastTimestamp() != NO_TIMESTAMP ? batch.lastTimestamp() : lastTimestamp,
                batch.lastEnergyKwh() != null ? batch.lastEnergyKwh() : lastEnergyKwh,
                energyDecreases + decreases);
    }

    /**
     * One accepted request, summed up before it meets the stored series.
     *
     * @param firstEnergyKwh   the first sample's energy that is there, or null when no sample has one
     * @param decreasesWithin  decreases between samples of this batch
     */
    record Batch(int samples, long lastTimestamp, BigDecimal firstEnergyKwh, BigDecimal lastEnergyKwh,
                 long decreasesWithin) {
    }
}
