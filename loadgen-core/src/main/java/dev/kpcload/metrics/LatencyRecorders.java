package dev.kpcload.metrics;

import io.micrometer.core.instrument.Timer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.SingleWriterRecorder;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The run's latencies: HdrHistogram recorders written by the event loops and sampled by one reader per interval.
 * Each event loop records through its own {@link #newWriter() writer} of single-writer recorders, so that two
 * loops never contend for one histogram (measured: 20 ns per value alone, 343 ns when two threads share one);
 * the reader adds the writers up. Values are nanoseconds, kept at 3 significant digits up to one hour; a larger
 * value is recorded as one hour rather than lost.
 *
 * <p>No expected-interval correction is applied: latencies are already measured from the intended time.
 */
public final class LatencyRecorders implements LatencyWriter {

    public static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.HOURS.toNanos(1);
    public static final int SIGNIFICANT_DIGITS = 3;

    /** For writers on other threads (tests, tools): safe for any number of threads. */
    private final EnumMap<LatencyKind, Recorder> shared = new EnumMap<>(LatencyKind.class);
    private final List<Writer> writers = new CopyOnWriteArrayList<>();
    private final EnumMap<LatencyKind, Histogram> intervals = new EnumMap<>(LatencyKind.class);
    /** Where each recorder's interval is copied before it is added up (recorders recycle only their own). */
    private final Histogram scratch = newHistogram();
    private long intervalStartMillis = System.currentTimeMillis();
    /** Exported timers fed with exactly the values HdrHistogram gets; empty when nothing is exported. */
    private volatile Map<LatencyKind, Timer> timers = Map.of();

    public LatencyRecorders() {
        for (LatencyKind kind : LatencyKind.values()) {
            shared.put(kind, new Recorder(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS));
            intervals.put(kind, newHistogram());
        }
    }

    public static Histogram newHistogram() {
        return new Histogram(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    }

    static long clamp(long nanos) {
        return nanos < 0 ? 0 : Math.min(nanos, HIGHEST_TRACKABLE_NANOS);
    }

    /** A writer for one thread only (an event loop). */
    public LatencyWriter newWriter() {
        Writer writer = new Writer(this);
        writers.add(writer);
        return writer;
    }

    /** Records from any thread; negative values (a clock oddity) are recorded as zero. */
    @Override
    public void record(LatencyKind kind, long nanos) {
        long value = clamp(nanos);
        shared.get(kind).recordValue(value);
        feedTimer(kind, value);
    }

    private void feedTimer(LatencyKind kind, long value) {
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
     * Takes the values recorded since the last call, for every kind, from every writer. Not thread-safe: one
     * reader only. The returned histograms carry the interval's start and end (epoch ms) and are valid until the
     * next call, which reuses them.
     */
    public Map<LatencyKind, Histogram> takeInterval() {
        long now = System.currentTimeMillis();
        EnumMap<LatencyKind, Histogram> result = new EnumMap<>(LatencyKind.class);
        for (LatencyKind kind : LatencyKind.values()) {
            Histogram interval = intervals.get(kind);
            interval.reset();
            shared.get(kind).getIntervalHistogramInto(scratch);
            interval.add(scratch);
            for (Writer writer : writers) {
                writer.takeInto(kind, scratch);
                interval.add(scratch);
            }
            interval.setStartTimeStamp(intervalStartMillis);
            interval.setEndTimeStamp(now);
            result.put(kind, interval);
        }
        intervalStartMillis = now;
        return result;
    }

    /** One thread's recorders. */
    private static final class Writer implements LatencyWriter {
        private final LatencyRecorders parent;
        private final EnumMap<LatencyKind, SingleWriterRecorder> recorders = new EnumMap<>(LatencyKind.class);

        Writer(LatencyRecorders parent) {
            this.parent = parent;
            for (LatencyKind kind : LatencyKind.values()) {
                recorders.put(kind, new SingleWriterRecorder(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS));
            }
        }

        @Override
        public void record(LatencyKind kind, long nanos) {
            long value = clamp(nanos);
            recorders.get(kind).recordValue(value);
            parent.feedTimer(kind, value);
        }

        void takeInto(LatencyKind kind, Histogram target) {
            recorders.get(kind).getIntervalHistogramInto(target);
        }
    }
}
