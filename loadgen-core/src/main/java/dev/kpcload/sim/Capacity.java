package dev.kpcload.sim;

/**
 * A service capacity: one deterministic server serving 1/KP requests at {@code perSecond} (each takes exactly
 * {@code 1/perSecond}), with room for {@code queue} requests waiting in front of it.
 *
 * @param perSecond       the service rate R, requests per second
 * @param queue           how many requests may wait (not counting the one in service); 0: only an idle server
 *                        takes a request
 * @param whenFull        what happens to a request that finds the queue full
 * @param includesPuback  whether the PUBACK of a QoS 1 request waits for the end of its service too (else it
 *                        leaves at once, as without a capacity)
 */
public record Capacity(double perSecond, int queue, QueueFullAction whenFull, boolean includesPuback) {

    /** The largest service rate: 1 ns of service per request. */
    public static final double MAX_PER_SECOND = 1e9;
    public static final int DEFAULT_QUEUE = 1000;

    public Capacity {
        if (!(perSecond > 0) || perSecond > MAX_PER_SECOND) {
            throw new IllegalArgumentException("capacity must be more than 0 and at most 1G/s: " + perSecond);
        }
        if (queue < 0) {
            throw new IllegalArgumentException("negative queue: " + queue);
        }
        java.util.Objects.requireNonNull(whenFull, "whenFull");
    }

    /** {@code R/s} with the default queue, 503 when full, PUBACK immediate. */
    public static Capacity of(double perSecond) {
        return new Capacity(perSecond, DEFAULT_QUEUE, QueueFullAction.ERROR, false);
    }

    public Capacity withQueue(int n) {
        return new Capacity(perSecond, n, whenFull, includesPuback);
    }

    public Capacity withWhenFull(QueueFullAction action) {
        return new Capacity(perSecond, queue, action, includesPuback);
    }

    public Capacity withIncludesPuback(boolean includes) {
        return new Capacity(perSecond, queue, whenFull, includes);
    }

    /** Service time of one request, whole nanoseconds (the rounding is below 1 ppm up to 1M/s). */
    public long serviceNanos() {
        return Math.max(1, Math.round(1e9 / perSecond));
    }
}
