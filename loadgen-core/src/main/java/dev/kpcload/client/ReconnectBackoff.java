package dev.kpcload.client;

/**
 * Exponential backoff with jitter for reconnects: attempt {@code n} waits between half and all of
 * {@code min(max, first * 2^n)}, so that a fleet dropped at once does not come back as one connect storm.
 */
public record ReconnectBackoff(long firstDelayNanos, long maxDelayNanos) {

    public static final ReconnectBackoff OFF = new ReconnectBackoff(0, 0);

    public boolean enabled() {
        return firstDelayNanos > 0;
    }

    /** @param random uniform in [0, 1) */
    public long delayNanos(int attempt, double random) {
        double ceiling = Math.min((double) maxDelayNanos, firstDelayNanos * Math.pow(2, Math.min(attempt, 62)));
        return (long) (ceiling * (0.5 + 0.5 * random));
    }
}
