package dev.kpcload.client;

import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

/**
 * One reconnect storm on one lane: how many connected devices it dropped and when, how many are not back yet,
 * and when the last came back. Written on the lane's loop, readable from any thread; {@link #settled()}
 * completes once every dropped device has had its CONNACK again, or when the lane's books close first (then
 * {@link #pending()} says how many never came back). The fleet's "reconnected after" is the latest
 * {@link #lastBackNanos()} of its lanes minus their earliest {@link #droppedAtNanos()}.
 */
public final class StormDrop {

    private final long droppedAtNanos;
    private final int dropped;
    private final Promise<StormDrop> settled;
    private volatile int pending;
    private volatile long lastBackNanos = -1;

    StormDrop(long droppedAtNanos, int dropped, Promise<StormDrop> settled) {
        this.droppedAtNanos = droppedAtNanos;
        this.dropped = dropped;
        this.pending = dropped;
        this.settled = settled;
        if (dropped == 0) {
            settled.trySuccess(this);
        }
    }

    /** When the lane began closing the connections (the run's clock). */
    public long droppedAtNanos() {
        return droppedAtNanos;
    }

    /** Connections the storm closed on this lane. */
    public int dropped() {
        return dropped;
    }

    /** Dropped devices without a CONNACK since. */
    public int pending() {
        return pending;
    }

    /**
     * The latest CONNACK of a dropped device so far (the run's clock), -1 before the first; once
     * {@link #pending()} is 0, the moment the lane's dropped devices were all back.
     */
    public long lastBackNanos() {
        return lastBackNanos;
    }

    /** Every dropped device back, or the books closed first; completes on the lane's loop. */
    public Future<StormDrop> settled() {
        return settled;
    }

    /** A dropped device has its CONNACK again; on the lane's loop. */
    void deviceBack(long nowNanos) {
        lastBackNanos = nowNanos; // before pending: who reads pending 0 sees the last time
        int left = pending - 1; // one writer: the lane's loop
        pending = left;
        if (left == 0) {
            settled.trySuccess(this);
        }
    }

    /** The lane's books are closing: no one else comes back. */
    void settle() {
        settled.trySuccess(this);
    }
}
