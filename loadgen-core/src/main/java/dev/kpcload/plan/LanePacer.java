package dev.kpcload.plan;

/**
 * Carries out one lane's share of a global plan. The fleet's {@code N} slots are split over lanes (one lane per
 * event loop); global message {@code k} goes to slot {@code k mod N}, so a lane owning the sorted slots
 * {@code s_0 < s_1 < ...} receives exactly the messages {@code k = cycle * N + s_i}, in increasing order of
 * {@code k}. Each lane therefore runs its own pacer over its own messages with no coordination, and the lanes
 * together carry out the global plan exactly.
 *
 * <p>Pure: no clock, no threads. The caller ticks it with the current time.
 */
public final class LanePacer {

    /** Receives each message that is due. */
    @FunctionalInterface
    public interface Sink {
        /**
         * @param laneIndex     index into the lane's slot array (not the global slot)
         * @param messageIndex  the message's index {@code k} in the global plan
         * @param intendedNanos when the plan intended the message to leave
         */
        void emit(int laneIndex, long messageIndex, long intendedNanos);
    }

    public static final long DONE = Long.MIN_VALUE;

    private final Schedule schedule;
    private final int[] slots;
    private final int fleetSize;
    private final long messageLimit;
    private long cycle;
    private int position;
    private long emitted;

    /**
     * @param slots        the global slots this lane owns, strictly increasing, each below {@code fleetSize}
     * @param messageLimit global message indices at or above this are not emitted ({@code fleetSize} for a plan
     *                     that visits every slot once, as connects do; {@link Long#MAX_VALUE} for no limit)
     */
    public LanePacer(Schedule schedule, int[] slots, int fleetSize, long messageLimit) {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] < 0 || slots[i] >= fleetSize || (i > 0 && slots[i] <= slots[i - 1])) {
                throw new IllegalArgumentException("slots must be increasing and below " + fleetSize);
            }
        }
        this.schedule = schedule.forLane();
        this.slots = slots.clone();
        this.fleetSize = fleetSize;
        this.messageLimit = messageLimit;
    }

    /** The global index of the next message this lane will emit. */
    public long nextMessageIndex() {
        return cycle * fleetSize + slots[position];
    }

    /**
     * Emits every message intended at or before {@code now} and before {@code stopAtNanos}.
     *
     * @return the intended time of the next message, or {@link #DONE} when the lane has nothing left to send
     */
    public long tick(long now, long stopAtNanos, Sink sink) {
        return tick(now, stopAtNanos, sink, Integer.MAX_VALUE);
    }

    /**
     * Like {@link #tick(long, long, Sink)}, but emits at most {@code maxEmitted} messages. When more are due the
     * lane is behind its plan, and it catches up at twice its planned rate rather than all at once: the returned
     * time is when those {@code maxEmitted} would be due at that pace, the rate taken where the first overdue
     * message was intended. Nothing is re-timed: each message keeps its intended time, so the lateness is measured.
     */
    public long tick(long now, long stopAtNanos, Sink sink, int maxEmitted) {
        if (slots.length == 0) {
            return DONE;
        }
        long end = Math.min(stopAtNanos, schedule.endNanos());
        int budget = maxEmitted;
        while (true) {
            long k = nextMessageIndex();
            if (k >= messageLimit) {
                return DONE;
            }
            long intended = schedule.intendedNanos(k);
            if (intended >= end) {
                return DONE;
            }
            if (intended > now) {
                return intended;
            }
            if (budget-- == 0) {
                // the pace of the plan where the backlog lies, not at now: after a spike or in a pause that differs
                return now + (long) (maxEmitted * lanePeriodNanos(intended) / 2);
            }
            sink.emit(position, k, intended);
            emitted++;
            if (++position == slots.length) {
                position = 0;
                cycle++;
            }
        }
    }

    /**
     * Nanoseconds between this lane's messages on the plan at {@code nanos}: the global period over the lane's share.
     * Where the plan's rate is 0 at that moment, catching up waits a millisecond per message.
     */
    double lanePeriodNanos(long nanos) {
        double rate = schedule.ratePerSecondAt(nanos);
        double period = rate > 0 ? 1e9 / rate : 1e6;
        return period * fleetSize / slots.length;
    }

    public long emitted() {
        return emitted;
    }

    /** Splits slots {@code 0..fleetSize-1} over {@code lanes} lanes round-robin: lane {@code l} gets {@code l, l+lanes, ...}. */
    public static int[][] roundRobinSlots(int fleetSize, int lanes) {
        int[][] result = new int[lanes][];
        for (int lane = 0; lane < lanes; lane++) {
            int count = fleetSize > lane ? (fleetSize - lane + lanes - 1) / lanes : 0;
            result[lane] = new int[count];
            for (int i = 0; i < count; i++) {
                result[lane][i] = lane + i * lanes;
            }
        }
        return result;
    }
}
