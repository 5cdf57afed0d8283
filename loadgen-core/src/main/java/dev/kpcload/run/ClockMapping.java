package dev.kpcload.run;

import dev.kpcload.plan.NanoClock;

import java.time.Clock;
import java.time.Instant;

/**
 * One reading of the wall clock and the run's {@link NanoClock} together, taken once at the start: from then on
 * an absolute time ({@code --start-at}) becomes a {@link NanoClock} time and back by plain arithmetic, so that a step
 * of the wall clock during the run (NTP slewing, a leap second) never moves the plan.
 *
 * @param epochNanos nanoseconds since 1970-01-01T00:00:00Z when read
 * @param nanoTime   the {@link NanoClock} at the same moment
 */
public record ClockMapping(long epochNanos, long nanoTime) {

    /** Reads the wall clock between two readings of {@code nanos}, and pairs it with their midpoint. */
    public static ClockMapping capture(Clock wall, NanoClock nanos) {
        long before = nanos.nanoTime();
        Instant now = wall.instant();
        long after = nanos.nanoTime();
        return new ClockMapping(epochNanos(now), before + (after - before) / 2);
    }

    /** The {@link NanoClock} time of {@code instant}. */
    public long nanoTimeOf(Instant instant) {
        return nanoTime + (epochNanos(instant) - epochNanos);
    }

    /** The wall-clock time of a {@link NanoClock} time, seconds since the epoch (as Prometheus has timestamps). */
    public double epochSecondsOf(long nanos) {
        long epoch = epochNanos + (nanos - nanoTime);
        return Math.floorDiv(epoch, 1_000_000_000L) + Math.floorMod(epoch, 1_000_000_000L) / 1e9;
    }

    /** The wall-clock time of a {@link NanoClock} time. */
    public Instant instantOf(long nanos) {
        long epoch = epochNanos + (nanos - nanoTime);
        return Instant.ofEpochSecond(Math.floorDiv(epoch, 1_000_000_000L), Math.floorMod(epoch, 1_000_000_000L));
    }

    private static long epochNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }
}
