package dev.kpcload.run;

import dev.kpcload.plan.DurationParser;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Where a run anchored to {@code --start-at} stands when its process is ready: early (it waits), late within the
 * grace (it starts at once, its plans still anchored at the start time, so that its lateness shows in its latencies
 * from intended times), or too late (it refuses: a shard that far behind would not be in phase with the others).
 *
 * @param at         the start time
 * @param grace      how late a shard may be ready and still run
 * @param atWhere    where the start time was given
 * @param graceWhere where the grace was given
 */
public record StartPlan(Instant at, Duration grace, String atWhere, String graceWhere) {

    /**
     * The message plan begins this long after the whole run's connect plan ends: time for the last CONNACKs. Devices
     * that connect later than that make the message plan begin late, with its intended times kept.
     */
    public static final Duration CONNECT_SETTLE = Duration.ofSeconds(1);

    public enum Timing { EARLY, LATE, TOO_LATE }

    /**
     * @param startNanos the start time on the run's clock
     * @param lateNanos  how late the process is ready (negative when early)
     */
    public record Readiness(Timing timing, long startNanos, long lateNanos) {
        public double lateSeconds() {
            return Math.max(0, lateNanos) / 1e9;
        }
    }

    /** Where the run stands, the clocks read once in {@code now}. */
    public Readiness readiness(ClockMapping now) {
        long start = now.nanoTimeOf(at);
        long late = now.nanoTime() - start;
        Timing timing = late <= 0 ? Timing.EARLY : late > grace.toNanos() ? Timing.TOO_LATE : Timing.LATE;
        return new Readiness(timing, start, late);
    }

    /** The line a shard prints about its start. */
    public String describe(Readiness r) {
        return switch (r.timing()) {
            case EARLY -> "start: waiting " + seconds(-r.lateNanos()) + " for the start time " + at + " (" + atWhere
                + ")";
            case LATE -> "start: ready " + seconds(r.lateNanos()) + " after the start time " + at + " (" + atWhere
                + "): the plans keep their intended times, so the lateness is in this shard's latencies";
            case TOO_LATE -> atWhere + " " + at + ": ready " + seconds(r.lateNanos()) + " after it, later than "
                + graceWhere + " " + DurationParser.format(grace) + " allows: start the shards earlier or give a later"
                + " start time";
        };
    }

    /**
     * When the message plan begins, after the start: the whole run's connect plan (every shard's, so the same on
     * each) and {@link #CONNECT_SETTLE}.
     *
     * @param wholeRunConnect the connect plan of the whole run, before it is split into shards
     * @param wholeRunDevices the devices of every shard
     */
    public static long publishOffsetNanos(LoadSpec.ConnectSpec wholeRunConnect, int wholeRunDevices) {
        // the plan's shape without Poisson arrivals: a length every shard computes alike whatever its seed
        LoadSpec.ConnectSpec uniform = new LoadSpec.ConnectSpec(wholeRunConnect.profile(), wholeRunConnect.perSecond(),
            wholeRunConnect.allAtOnce(), false);
        long last = uniform.anchor(0, wholeRunDevices, 0).intendedNanos(Math.max(0, wholeRunDevices - 1));
        return last + CONNECT_SETTLE.toNanos();
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
    }
}
