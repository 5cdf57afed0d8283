package dev.kpcload.metrics;

/** Where one thread records latencies, in nanoseconds. */
@FunctionalInterface
public interface LatencyWriter {
    void record(LatencyKind kind, long nanos);
}
