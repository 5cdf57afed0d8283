package dev.kpcload.metrics;

/**
 * A run's latencies are kept per stream: one message kind of the run's mix (its index there; connects use 0),
 * measured or warm-up. Stream {@code 2 * kind} holds measured values and {@code 2 * kind + 1} those of warm-up
 * stages, so the headline figures (all measured streams added up) leave warm-up out, and both stay available.
 */
public final class LatencyStreams {

    /** The stream of a latency with no message kind (connects), measured. */
    public static final int DEFAULT = 0;

    private LatencyStreams() {
    }

    public static int of(int kindIndex, boolean warmup) {
        return kindIndex * 2 + (warmup ? 1 : 0);
    }

    public static int kindIndex(int stream) {
        return stream >> 1;
    }

    public static boolean isWarmup(int stream) {
        return (stream & 1) != 0;
    }

    /** How many streams a run with {@code kinds} message kinds has. */
    public static int count(int kinds) {
        return 2 * Math.max(1, kinds);
    }
}
