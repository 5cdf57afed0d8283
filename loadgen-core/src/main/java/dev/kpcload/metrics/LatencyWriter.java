package dev.kpcload.metrics;

/** Where one thread records latencies, in nanoseconds. */
public interface LatencyWriter {

    /** Records into the default stream (measured, no message kind). */
    default void record(LatencyKind kind, long nanos) {
        record(kind, LatencyStreams.DEFAULT, nanos);
    }

    /** Records into a {@link LatencyStreams stream}: a message kind of the mix, measured or warm-up. */
    void record(LatencyKind kind, int stream, long nanos);
}
