package dev.kpcload.sim;

import java.util.random.RandomGenerator;

/**
 * The faults in force now, shared by every connection: the {@link FaultScheduler} switches them, the handlers
 * read them on every request (one volatile read each; nothing when no fault is on). Times are event-loop ticker
 * nanoseconds.
 */
final class FaultState {

    private volatile boolean stalled;
    private volatile long stallEndNanos;
    private volatile Fault.ErrorReplies errorReplies;
    private volatile Fault.RefuseConnects refuseConnects;
    private volatile long slowReaderBytesPerSecond;

    boolean stalled() {
        return stalled;
    }

    /** When the stall in force ends (meaningful while {@link #stalled()}). */
    long stallEndNanos() {
        return stallEndNanos;
    }

    void stall(long endNanos) {
        stallEndNanos = endNanos;
        stalled = true;
    }

    void unstall() {
        stalled = false;
    }

    void errorReplies(Fault.ErrorReplies fault) {
        errorReplies = fault;
    }

    /** Ends {@code fault}'s window unless a later one of the same kind took over. */
    void endErrorReplies(Fault.ErrorReplies fault) {
        if (errorReplies == fault) {
            errorReplies = null;
        }
    }

    void refuseConnects(Fault.RefuseConnects fault) {
        refuseConnects = fault;
    }

    void endRefuseConnects(Fault.RefuseConnects fault) {
        if (refuseConnects == fault) {
            refuseConnects = null;
        }
    }

    void slowReader(long bytesPerSecond) {
        slowReaderBytesPerSecond = bytesPerSecond;
    }

    /** Bytes per second each connection is read at most; 0 when the slow reader is off. */
    long slowReaderBytesPerSecond() {
        return slowReaderBytesPerSecond;
    }

    /** The injected {@code /error} for this request, or null to serve it. */
    Fault.ErrorReplies injectError(RandomGenerator random) {
        Fault.ErrorReplies fault = errorReplies;
        return fault != null && random.nextDouble() < fault.ratio() ? fault : null;
    }

    /** The CONNACK return code refusing this CONNECT, or 0 to accept it. */
    int refusal(RandomGenerator random) {
        Fault.RefuseConnects fault = refuseConnects;
        return fault != null && random.nextDouble() < fault.ratio() ? fault.returnCode() : 0;
    }
}
