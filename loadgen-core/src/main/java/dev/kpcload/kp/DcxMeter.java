package dev.kpcload.kp;

/**
 * One virtual smart meter's readings: the state behind its DCX telemetry batches. Single-threaded (the device's
 * event loop); nothing here allocates after construction.
 *
 * <p>The model, all of it a pure function of the seed and the sample's sequence number {@code s} (0, 1, 2, ...
 * over the meter's life, across batches):
 * <ul>
 *   <li>mean power: {@value #MIN_MEAN_WATTS}..{@value #MAX_MEAN_WATTS} W per meter, from the seed;</li>
 *   <li>power of sample {@code s}: 0.5 to 2 times the mean, whole watts (so 100..7000 W), from
 *       SplitMix64(seed, s);</li>
 *   <li>voltage of sample {@code s}: 220.0..240.0 V in steps of 0.1 V, from a second stream;</li>
 *   <li>energy: the counter starts at 0..20,000 kWh (from the seed) and each sample adds its power times the
 *       sample interval; sample {@code s} reports the counter after its own interval. Kept exactly, in
 *       millijoules; reported in whole milliwatt-hours (kWh with 6 decimals), rounded down, so the reported
 *       counter never decreases and rises with every sample when power times interval is at least 3.6 J
 *       (100 W at 36 ms), i.e. always at the default interval.</li>
 * </ul>
 * So the counter after {@code n} samples does not depend on how they were split into batches or on when they
 * were sent: a receiver can check it against {@link #energyMilliwattHours()}.
 */
public final class DcxMeter {

    public static final long DEFAULT_SAMPLE_INTERVAL_MS = 1000;
    public static final long MAX_SAMPLE_INTERVAL_MS = 86_400_000;
    static final int MIN_MEAN_WATTS = 200;
    static final int MAX_MEAN_WATTS = 3500;
    static final int MIN_DECIVOLTS = 2200;
    static final int MAX_DECIVOLTS = 2400;
    static final long MAX_INITIAL_MILLIWATT_HOURS = 20_000L * 1_000_000;
    /** 1 mWh = 3.6 J. */
    public static final long MILLIJOULES_PER_MILLIWATT_HOUR = 3_600;

    // independent streams from one seed
    private static final long MEAN_SALT = 0x6D65616E5F706F77L;
    private static final long ENERGY_SALT = 0x656E657267795F30L;
    private static final long VOLTAGE_SALT = 0x766F6C746167655FL;

    private final long seed;
    private final long sampleIntervalMs;
    private final int meanWatts;
    private final long voltageSeed;
    private long samples;
    private long energyMillijoules;

    public DcxMeter(long seed) {
        this(seed, DEFAULT_SAMPLE_INTERVAL_MS);
    }

    /**
     * @param seed             the meter's seed: the same seed gives the same readings
     * @param sampleIntervalMs time between two samples, 1..{@value #MAX_SAMPLE_INTERVAL_MS} ms
     */
    public DcxMeter(long seed, long sampleIntervalMs) {
        if (sampleIntervalMs < 1 || sampleIntervalMs > MAX_SAMPLE_INTERVAL_MS) {
            throw new IllegalArgumentException("sample interval must be 1.." + MAX_SAMPLE_INTERVAL_MS + " ms, got "
                    + sampleIntervalMs);
        }
        this.seed = seed;
        this.sampleIntervalMs = sampleIntervalMs;
        this.meanWatts = MIN_MEAN_WATTS
                + (int) SplitMix64.below(SplitMix64.mix(seed ^ MEAN_SALT), MAX_MEAN_WATTS - MIN_MEAN_WATTS + 1);
        this.voltageSeed = SplitMix64.mix(seed ^ VOLTAGE_SALT);
        long initialMwh = SplitMix64.below(SplitMix64.mix(seed ^ ENERGY_SALT), MAX_INITIAL_MILLIWATT_HOURS);
        this.energyMillijoules = initialMwh * MILLIJOULES_PER_MILLIWATT_HOUR;
    }

    public long seed() {
        return seed;
    }

    public long sampleIntervalMs() {
        return sampleIntervalMs;
    }

    /** This meter's mean power. */
    public int meanWatts() {
        return meanWatts;
    }

    /** Samples written so far, which is also the sequence number of the next sample. */
    public long samplesWritten() {
        return samples;
    }

    /** The exact energy counter after the last sample written (before any: the initial reading). */
    public long energyMillijoules() {
        return energyMillijoules;
    }

    /** The counter as the last sample reported it: kWh times 10^6. */
    public long energyMilliwattHours() {
        return milliwattHours(energyMillijoules);
    }

    /** Power of sample {@code sequence}: {@code meanWatts/2 .. 2*meanWatts}. */
    public int powerWatts(long sequence) {
        int low = meanWatts / 2;
        return low + (int) SplitMix64.below(SplitMix64.at(seed, sequence), 2L * meanWatts - low + 1);
    }

    /** Voltage of sample {@code sequence} in tenths of a volt: 2200..2400. */
    public int voltageDecivolts(long sequence) {
        return MIN_DECIVOLTS
                + (int) SplitMix64.below(SplitMix64.at(voltageSeed, sequence), MAX_DECIVOLTS - MIN_DECIVOLTS + 1);
    }

    /** Energy sample {@code sequence} adds. */
    long energyStepMillijoules(long sequence) {
        return powerWatts(sequence) * sampleIntervalMs;
    }

    static long milliwattHours(long millijoules) {
        return millijoules / MILLIJOULES_PER_MILLIWATT_HOUR;
    }

    /** Moves on after a batch was written: its samples and the counter after its last one. */
    void commit(int batchSamples, long energyAfterMillijoules) {
        samples += batchSamples;
        energyMillijoules = energyAfterMillijoules;
    }

    @Override
    public String toString() {
        return "DcxMeter[seed=" + seed + ", samples=" + samples + ", energyMillijoules=" + energyMillijoules + "]";
    }
}
