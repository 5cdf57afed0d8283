package dev.kpcload.plan;

/**
 * An open-model plan of intended send times. The intended time of message {@code k} is a pure function of
 * {@code k} (never {@code next = now + period}), so a late tick never shifts the messages after it; a constant
 * rate, a piecewise-linear profile and seeded Poisson arrivals are all schedules.
 *
 * <p>Implementations are immutable and may be shared, except where {@link #forLane()} says otherwise.
 */
public interface Schedule {

    /**
     * When the plan begins, in {@link NanoClock} time: no message is intended before it. Uniform and staged plans
     * intend message 0 exactly then (unless a staged plan begins with a pause); Poisson arrivals a little later.
     */
    long startNanos();

    /** Intended time of message {@code k >= 0}; non-decreasing in {@code k}. */
    long intendedNanos(long k);

    /** The plan's rate at {@code nanos}, messages per second: 0 before the start, after the end and in pauses. */
    double ratePerSecondAt(long nanos);

    /** Messages intended at or after this time are not part of the plan; {@link Long#MAX_VALUE} for no end. */
    long endNanos();

    /** How many messages the plan holds (those intended before {@link #endNanos()}), or {@link Long#MAX_VALUE}. */
    long plannedCount();

    /** Whether a message intended at {@code nanos} falls in a warm-up stage (kept apart from the headline). */
    default boolean warmupAt(long nanos) {
        return false;
    }

    /**
     * A view for one thread. Schedules that cache per caller (Poisson arrivals keep the block being walked) return
     * a fresh view, so that each lane walks its own; pure ones return themselves.
     */
    default Schedule forLane() {
        return this;
    }
}
