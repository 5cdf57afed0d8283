package dev.kpcload.plan;

/**
 * A deterministic schedule that is the exact inverse of its cumulative count {@code N(t)} (the messages the rate
 * has carried from the start to {@code t}): message {@code k} is intended at {@code nanosAtCount(k)}. Seeded
 * Poisson arrivals ({@link PoissonSchedule}) lay random positions over the same curve.
 */
public interface RateShape extends Schedule {

    /**
     * The first time at which {@code N} exceeds {@code count} ({@code inf { t : N(t) > count }}), rounded down to
     * the nanosecond; non-decreasing in {@code count} and never before {@link #startNanos()}. Once
     * {@code count >= totalCount()} the time is at {@link #endNanos()} (within rounding) or later, as if the last
     * rate went on, or {@link Long#MAX_VALUE} when that rate is 0. Whether a message is in the plan is decided by
     * its time: intended before {@link #endNanos()}.
     *
     * @param count a count of messages, at least 0, not necessarily whole
     */
    long nanosAtCount(double count);

    /** {@code N(end)}: the expected messages of the whole plan; {@link Double#POSITIVE_INFINITY} without end. */
    double totalCount();
}
