package dev.kpcload.run;

/**
 * The report intervals of a run anchored to {@code --start-at}: their boundaries fall at {@code origin + k x
 * interval} (k = 1, 2, ...) on the run's clock, {@code origin} being the start time, so that shards on many machines
 * (each with its own {@link ClockMapping}) cut their intervals at the same wall-clock moments and interval {@code i}
 * of one shard is the same stretch of time as interval {@code i} of another. Pure: the reporter asks it when to cut
 * next, from the time it is now, so a timer that fires late never shifts the boundaries after it.
 *
 * <p>A shard ready before the first boundary (the normal case: it wakes a little before the start time) ends its
 * first interval there: that interval also holds its set-up before the start. A shard ready later skips the
 * boundaries already past: its first interval is partial, and it has no interval of the indices it missed
 * ({@link #indexEndingAt} names them, so the merge can line the shards up).
 *
 * @param originNanos   the start time on the run's clock
 * @param intervalNanos the report interval, positive
 */
public record IntervalGrid(long originNanos, long intervalNanos) {

    public IntervalGrid {
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException("report interval must be positive: " + intervalNanos);
        }
    }

    /** The first boundary after {@code nowNanos}: never the origin itself, the first interval ends one interval in. */
    public long nextCutAfter(long nowNanos) {
        long first = originNanos + intervalNanos;
        if (nowNanos < first) {
            return first;
        }
        long k = Math.floorDiv(nowNanos - originNanos, intervalNanos) + 1;
        return originNanos + k * intervalNanos;
    }

    /**
     * The index of the interval ending at (about) {@code endNanos}: 0 for the one ending at the first boundary. The
     * nearest boundary counts, so a cut a few milliseconds late (a busy timer) keeps its index; never below 0.
     */
    public long indexEndingAt(long endNanos) {
        long k = Math.round((endNanos - originNanos) / (double) intervalNanos);
        return Math.max(0, k - 1);
    }
}
