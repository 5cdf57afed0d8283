package dev.kpcload.sim;

/**
 * When a fault strikes, relative to the simulator's start (or to when a plan was injected): first at {@code at},
 * lasting {@code for} (a window; 0 for a fault that strikes once, or for a window that never ends), again every
 * {@code every} (0: once only). Occurrence {@code n} starts at {@code at + n * every}.
 */
public record FaultTiming(long atNanos, long forNanos, long everyNanos) {

    public static final FaultTiming NOW = new FaultTiming(0, 0, 0);

    public FaultTiming {
        if (atNanos < 0 || forNanos < 0 || everyNanos < 0) {
            throw new IllegalArgumentException("negative fault timing: " + atNanos + ", " + forNanos + ", "
                    + everyNanos);
        }
        if (everyNanos > 0 && forNanos >= everyNanos) {
            throw new IllegalArgumentException("a repeated window must be shorter than its period");
        }
    }

    public static FaultTiming at(java.time.Duration at) {
        return new FaultTiming(at.toNanos(), 0, 0);
    }

    public FaultTiming lasting(java.time.Duration duration) {
        return new FaultTiming(atNanos, duration.toNanos(), everyNanos);
    }

    public FaultTiming every(java.time.Duration period) {
        return new FaultTiming(atNanos, forNanos, period.toNanos());
    }

    /** Start of occurrence {@code n} (from 0), or -1 when there is no such occurrence. */
    long startOf(long n) {
        if (n == 0) {
            return atNanos;
        }
        return everyNanos == 0 ? -1 : atNanos + n * everyNanos;
    }

    /** {@code at 10s for 2s every 1m}, for banners. */
    String describe() {
        StringBuilder text = new StringBuilder("at ").append(SimText.duration(atNanos));
        if (forNanos > 0) {
            text.append(" for ").append(SimText.duration(forNanos));
        }
        if (everyNanos > 0) {
            text.append(" every ").append(SimText.duration(everyNanos));
        }
        return text.toString();
    }
}
