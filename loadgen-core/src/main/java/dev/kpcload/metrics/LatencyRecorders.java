package dev.kpcload.metrics;

import io.micrometer.core.instrument.Timer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One HdrHistogram {@link Recorder} per latency kind, written by the event loops and sampled by one reader
 * per interval. Values are nanoseconds, kept at 3 significant digits up to one hour; a larger value is
 * recorded as one hour and counted as clamped rather than lost.
 *
 * <p>No expected-interval correction is applied: latencies are already measured from the intended time.
 */
public final class LatencyRecorders {

    public static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.HOURS.toNanos(1);
    public static final int SIGNIFICANT_DIGITS = 3;

    private final EnumMap<LatencyKind, Recorder> recorders = new EnumMap<>(LatencyKind.class);
    private final EnumMap<LatencyKind, Histogram> recycled = new EnumMap<>(LatencyKind.class);
    /** Exported timers fed with exactly the values HdrHistogram gets; empty when nothing is exported. */
    private volatile Map<LatencyKind, Timer> timers = Map.of();

    public LatencyRecorders() {
        for (LatencyKind kind : LatencyKind.values()) {
            recorders.put(kind, new Recorder(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS));
        }
    }

    public static Histogram newHistogram() {
        return new Histogram(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    }

    /** Records one latency; negative values (a clock oddity) are recorded as zero. */
    public void record(LatencyKind kind, long nanos) {
        long value = nanos < 0 ? 0 : Math.min(nanos, HIGHEST_TRACKABLE_NANOS);
        recorders.get(kind).recordValue(value);
        Timer timer = timers.get(kind);
        if (timer != null) {
            timer.record(value, TimeUnit.NANOSECONDS);
        }
    }

    /** Feeds these timers too, from now on; attach before the run starts. */
    public void attach(Map<LatencyKind, Timer> exported) {
        timers = Map.copyOf(exported);
    }

    /**
     * Takes the values recorded since the last call, for every kind. Not thread-safe: one reader only. The
     * returned histograms are valid until the next call, which recycles them.
     */
    public Map<LatencyKind, Histogram> takeInterval() {
        EnumMap<LatencyKind, Histogram> result = new EnumMap<>(LatencyKind.class);
        for (Map.Entry<LatencyKind, Recorder> entry : recorders.entrySet()) {
            Histogram interval = entry.getValue().getIntervalHistogram(recycled.get(entry.getKey()));
            recycled.put(entry.getKey(), interval);
            result.put(entry.getKey(), interval);
        }
        return result;
    }
}
