package dev.kpcload.capacity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kpcload.InvalidInputException;

import java.time.Duration;

/**
 * How a capacity search steps and how long each step lasts. Rates in messages per second. The errors name the
 * {@code loadgen capacity} flag of each value.
 *
 * @param startRate        the first step's rate ({@code --start-rate})
 * @param factor           geometric step while probing, above 1 ({@code --factor}, 1.5)
 * @param precision        bisection stops when {@code (firstFail - lastPass) / lastPass} is at most this
 *                         ({@code --precision}, 0.03 = 3 %)
 * @param maxRate          the search never offers more (null: no cap) ({@code --max-rate})
 * @param minRate          the floor when stepping down from a failing first step (null: a tenth of the start rate)
 *                         ({@code --min-rate})
 * @param ramp             time to ramp from the previous step's rate to this one's ({@code --ramp})
 * @param settle           time at the step's rate that is discarded before measuring ({@code --settle})
 * @param measure          the least measured time of a step ({@code --measure})
 * @param minMessages      the least measured messages of a step, for a stable percentile ({@code --min-messages};
 *                         see {@link #messagesForQuantile})
 * @param confirmFactor    the confirmation hold lasts this many times a step's measure length ({@code --confirm-factor})
 * @param maxConfirmations how many confirmation holds may fail before the search gives up
 *                         ({@code --max-confirmations})
 * @param maxSteps         a safety cap on the number of steps ({@code --max-steps})
 */
@JsonIgnoreProperties({"ramp", "settle", "measure"})
public record CapacitySettings(double startRate, double factor, double precision, Double maxRate, Double minRate,
                               Duration ramp, Duration settle, Duration measure, long minMessages,
                               double confirmFactor, int maxConfirmations, int maxSteps) {

    public static final double DEFAULT_FACTOR = 1.5;
    public static final double DEFAULT_PRECISION = 0.03;
    public static final Duration DEFAULT_RAMP = Duration.ofSeconds(10);
    public static final Duration DEFAULT_SETTLE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_MEASURE = Duration.ofSeconds(30);
    /** Enough for a stable p99 (see {@link #messagesForQuantile}). */
    public static final long DEFAULT_MIN_MESSAGES = messagesForQuantile(0.99);
    public static final double DEFAULT_CONFIRM_FACTOR = 3;
    public static final int DEFAULT_MAX_CONFIRMATIONS = 3;
    /** Probing from 100/s to 1M/s by 1.5 takes 23 steps, bisecting from 50 % to 3 % five more, plus the hold. */
    public static final int DEFAULT_MAX_STEPS = 40;
    /** Without {@code --min-rate}, stepping down stops at a tenth of the start rate. */
    public static final double DEFAULT_FLOOR_DIVISOR = 10;

    /** Samples that should lie beyond a percentile for it to be stable (see {@link #messagesForQuantile}). */
    static final int TAIL_SAMPLES = 10;

    public CapacitySettings {
        if (!(startRate > 0) || Double.isInfinite(startRate)) {
            throw new InvalidInputException("--start-rate: expected a rate above 0, got " + Text.plain(startRate));
        }
        if (!(factor > 1) || Double.isInfinite(factor)) {
            throw new InvalidInputException("--factor: expected a number above 1, got " + Text.plain(factor));
        }
        if (!(precision > 0 && precision < 1)) {
            throw new InvalidInputException("--precision: expected a fraction above 0 and below 1 (0.03 is 3 %), got "
                + Text.plain(precision));
        }
        if (maxRate != null && !(maxRate >= startRate && !maxRate.isInfinite())) {
            throw new InvalidInputException("--max-rate: expected at least the start rate " + Text.rate(startRate)
                + ", got " + Text.rate(maxRate));
        }
        if (minRate != null && !(minRate > 0 && minRate <= startRate)) {
            throw new InvalidInputException("--min-rate: expected a rate above 0 and at most the start rate "
                + Text.rate(startRate) + ", got " + Text.rate(minRate));
        }
        requireDuration("--ramp", ramp, false);
        requireDuration("--settle", settle, false);
        requireDuration("--measure", measure, true);
        if (minMessages < 0) {
            throw new InvalidInputException("--min-messages: expected 0 or more, got " + minMessages);
        }
        if (!(confirmFactor >= 1) || Double.isInfinite(confirmFactor)) {
            throw new InvalidInputException("--confirm-factor: expected a number of 1 or more, got "
                + Text.plain(confirmFactor));
        }
        if (maxConfirmations < 1) {
            throw new InvalidInputException("--max-confirmations: expected 1 or more, got " + maxConfirmations);
        }
        if (maxSteps < 1) {
            throw new InvalidInputException("--max-steps: expected 1 or more, got " + maxSteps);
        }
    }

    /** Every default, from {@code startRate}. */
    public static CapacitySettings defaults(double startRate) {
        return new CapacitySettings(startRate, DEFAULT_FACTOR, DEFAULT_PRECISION, null, null, DEFAULT_RAMP,
            DEFAULT_SETTLE, DEFAULT_MEASURE, DEFAULT_MIN_MESSAGES, DEFAULT_CONFIRM_FACTOR, DEFAULT_MAX_CONFIRMATIONS,
            DEFAULT_MAX_STEPS);
    }

    public CapacitySettings withMaxRate(Double max) {
        return new CapacitySettings(startRate, factor, precision, max, minRate, ramp, settle, measure, minMessages,
            confirmFactor, maxConfirmations, maxSteps);
    }

    public CapacitySettings withMinRate(Double min) {
        return new CapacitySettings(startRate, factor, precision, maxRate, min, ramp, settle, measure, minMessages,
            confirmFactor, maxConfirmations, maxSteps);
    }

    public CapacitySettings withMaxSteps(int steps) {
        return new CapacitySettings(startRate, factor, precision, maxRate, minRate, ramp, settle, measure, minMessages,
            confirmFactor, maxConfirmations, steps);
    }

    public CapacitySettings withTiming(Duration rampTime, Duration settleTime, Duration measureTime, long messages) {
        return new CapacitySettings(startRate, factor, precision, maxRate, minRate, rampTime, settleTime, measureTime,
            messages, confirmFactor, maxConfirmations, maxSteps);
    }

    /** The lowest rate a search steps down to: {@code minRate}, or a tenth of the start rate. */
    @JsonProperty("floorRate")
    public double floorRate() {
        return minRate != null ? minRate : startRate / DEFAULT_FLOOR_DIVISOR;
    }

    @JsonProperty("rampSeconds")
    public double rampSeconds() {
        return ramp.toNanos() / 1e9;
    }

    @JsonProperty("settleSeconds")
    public double settleSeconds() {
        return settle.toNanos() / 1e9;
    }

    @JsonProperty("measureSeconds")
    public double measureSeconds() {
        return measure.toNanos() / 1e9;
    }

    /**
     * Messages to measure for a stable estimate of quantile {@code q} (0.99 for p99): enough that
     * {@value #TAIL_SAMPLES} of them are expected beyond it, {@code ceil(10 / (1 - q))}: 1,000 for p99, 10,000 for
     * p99.9. Why 10: the count beyond the q-quantile of n samples is binomial with mean n(1 - q); at a mean of 10 its
     * standard deviation is about 3.1, and the sample p99 of 1,000 messages is, with 95 % confidence, the true
     * p98.2 to p99.4 (the distribution-free quantile interval from order statistics, e.g. H. A. David and
     * H. N. Nagaraja, "Order Statistics", 3rd ed., Wiley 2003). With fewer, one stray slow message moves the p99 a
     * long way, and a step's verdict would be decided by noise; with far more, each step takes longer for little gain.
     */
    public static long messagesForQuantile(double q) {
        if (!(q > 0 && q < 1)) {
            throw new IllegalArgumentException("quantile must be in (0, 1): " + q);
        }
        // The guard keeps float noise (10 / 0.010000000000000009) from asking for 1,001 instead of 1,000.
        return (long) Math.ceil(TAIL_SAMPLES / (1 - q) - 1e-6);
    }

    /** A step's measure length at {@code rate}: {@link #measure}, or longer when it takes that to see {@link #minMessages}. */
    public Duration measureFor(double rate) {
        return measureFor(rate, minMessages);
    }

    /** The measure length at {@code rate} for {@code messages}: {@code max(measure, messages / rate)}, in whole ms. */
    public Duration measureFor(double rate, long messages) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("rate must be positive: " + rate);
        }
        Duration needed = Duration.ofMillis((long) Math.ceil(messages * 1000.0 / rate - 1e-9));
        return needed.compareTo(measure) > 0 ? needed : measure;
    }

    /** The confirmation hold at {@code rate}: {@code confirmFactor} times the step's measure length, in whole ms. */
    public Duration holdFor(double rate) {
        return Duration.ofMillis((long) Math.ceil(measureFor(rate).toNanos() / 1e6 * confirmFactor - 1e-9));
    }

    private static void requireDuration(String flag, Duration d, boolean positive) {
        if (d == null) {
            throw new InvalidInputException(flag + ": expected a duration, got none");
        }
        if (positive ? d.isNegative() || d.isZero() : d.isNegative()) {
            throw new InvalidInputException(flag + ": expected a duration " + (positive ? "above 0" : "of 0 or more")
                + ", got " + Text.seconds(d));
        }
    }
}
