package dev.kpcload.sim;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The capacity's single deterministic server as a virtual clock: the time its work runs out ("next free").
 * A request arriving at {@code t} starts at {@code max(t, nextFree)} and leaves {@code 1/R} later; it is
 * refused when more than {@code queue} requests would wait ahead of it, i.e. when the work ahead exceeds
 * {@code queue} service times. One atomic slot shared by every event loop makes the several I/O threads one
 * server: nothing is queued anywhere but in this number, and each reply is scheduled on its own channel's loop.
 */
final class ServiceQueue {

    /** {@link #admit} result of a request that found the queue full. */
    static final long FULL = Long.MIN_VALUE;

    private final long serviceNanos;
    private final long maxBacklogNanos;
    private final AtomicLong nextFree;

    /** "Never busy yet": the first request starts at its arrival, whatever the clock's origin. */
    private static final long IDLE = Long.MIN_VALUE;

    ServiceQueue(Capacity capacity) {
        this.serviceNanos = capacity.serviceNanos();
        this.maxBacklogNanos = capacity.queue() * serviceNanos;
        this.nextFree = new AtomicLong(IDLE);
    }

    /** When a request arriving at {@code nowNanos} is served (the end of its service), or {@link #FULL}. */
    long admit(long nowNanos) {
        while (true) {
            long free = nextFree.get();
            if (free != IDLE && free - nowNanos > maxBacklogNanos) {
                return FULL;
            }
            long done = (free == IDLE ? nowNanos : Math.max(free, nowNanos)) + serviceNanos;
            if (nextFree.compareAndSet(free, done)) {
                return done;
            }
        }
    }

    /** Requests waiting at {@code nowNanos} (the one in service not counted). */
    long waitingAt(long nowNanos) {
        long free = nextFree.get();
        long backlog = free == IDLE ? 0 : free - nowNanos;
        if (backlog <= 0) {
            return 0;
        }
        long inSystem = (backlog + serviceNanos - 1) / serviceNanos;
        return inSystem - 1;
    }

    long serviceNanos() {
        return serviceNanos;
    }
}
