package dev.kpcload.plan;

/**
 * One stage of a {@link RateProfile}, with k6's meaning: over {@code durationNanos} the rate goes linearly from
 * where the previous stage ended (the profile's start rate before the first stage) to {@code targetPerSecond};
 * a target equal to that rate is a hold.
 *
 * <p>A piecewise-linear profile cannot jump by itself and a stage of zero length is not allowed, so an
 * instantaneous jump is a stage that names its own starting rate: {@code fromPerSecond}. It is {@link #CONTINUE}
 * (NaN) for the usual k6 stage; a number means "jump to this rate when the stage begins, then go linearly to the
 * target". {@link #at} is the common case: jump to a rate and hold it.
 *
 * @param durationNanos   how long the stage lasts, more than 0
 * @param targetPerSecond the rate at the end of the stage, messages per second, finite and at least 0
 * @param warmup          whether messages intended inside this stage are warm-up (sent, but kept out of results)
 * @param fromPerSecond   the rate at the start of the stage, or {@link #CONTINUE} for the previous stage's end
 */
public record Stage(long durationNanos, double targetPerSecond, boolean warmup, double fromPerSecond) {

    /** {@link #fromPerSecond} of a stage that continues from where the previous one ended. */
    public static final double CONTINUE = Double.NaN;

    public Stage {
        if (durationNanos <= 0) {
            throw new IllegalArgumentException("stage duration must be more than 0, got " + durationNanos + " ns");
        }
        checkRate("stage target", targetPerSecond);
        if (!Double.isNaN(fromPerSecond)) {
            checkRate("stage start", fromPerSecond);
        }
    }

    /** A k6 stage: linear from the previous stage's end to {@code targetPerSecond}. */
    public Stage(long durationNanos, double targetPerSecond, boolean warmup) {
        this(durationNanos, targetPerSecond, warmup, CONTINUE);
    }

    /** A k6 stage, not warm-up: linear from the previous stage's end to {@code targetPerSecond}. */
    public static Stage ramp(long durationNanos, double targetPerSecond) {
        return new Stage(durationNanos, targetPerSecond, false);
    }

    /** Jump to {@code perSecond} (whatever came before) and hold it for {@code durationNanos}. */
    public static Stage at(long durationNanos, double perSecond) {
        return new Stage(durationNanos, perSecond, false, perSecond);
    }

    /** This stage as warm-up. */
    public Stage asWarmup() {
        return new Stage(durationNanos, targetPerSecond, true, fromPerSecond);
    }

    /** Whether the stage starts at its own rate rather than continuing from the previous stage. */
    public boolean jumps() {
        return !Double.isNaN(fromPerSecond);
    }

    /** The rate at the start of this stage when the previous stage ended at {@code previousPerSecond}. */
    public double startPerSecond(double previousPerSecond) {
        return jumps() ? fromPerSecond : previousPerSecond;
    }

    static void checkRate(String what, double perSecond) {
        if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException(what + " rate must be finite and at least 0, got " + perSecond);
        }
    }
}
