package dev.kpcload.metrics;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.SingleWriterRecorder;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The run's latencies: HdrHistogram recorders written by the event loops and sampled by one reader per interval.
 * Each event loop records through its own {@link #newWriter() writer} of single-writer recorders, so that two
 * loops never contend for one histogram (measured: 20 ns per value alone, 343 ns when two threads share one);
 * the reader adds the writers up. Values are nanoseconds, kept at 3 significant digits up to one hour; a larger
 * value is recorded as one hour rather than lost.
 *
 * <p>Latencies are kept per {@link LatencyStreams stream} (message kind, measured or warm-up). A recorder holds two
 * histograms of about 270 KB each, so recorders are made on a stream's first value: a run of one kind without
 * warm-up holds what it always did.
 *
 * <p>Recording touches nothing but the writer's own recorder: Prometheus is fed from the intervals the reader
 * takes ({@link LatencyExport}), not value by value.
 *
 * <p>No expected-interval correction is applied: latencies are already measured from the intended time.
 */
public final class LatencyRecorders implements LatencyWriter {

    public static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.HOURS.toNanos(1);
    public static final int SIGNIFICANT_DIGITS = 3;
    private static final int KINDS = LatencyKind.values().length;

    private final int streams;
    /** For writers on other threads (tests, tools): safe for any number of threads. [kind][stream], lazily. */
    private final Recorder[][] shared;
    private final List<Writer> writers = new CopyOnWriteArrayList<>();
    private final LatencySample sample;
    /** Where each recorder's interval is copied before it is added up (recorders recycle only their own). */
    private final Histogram scratch = newHistogram();
    private long intervalStartMillis = System.currentTimeMillis();
    /** Wraps each new writer: a test's way of seeing every value; identity otherwise. */
    private volatile UnaryOperator<LatencyWriter> wrap = UnaryOperator.identity();

    /** One stream pair: no message kinds, measured and warm-up. */
    public LatencyRecorders() {
        this(LatencyStreams.count(1));
    }

    /** @param streams how many {@link LatencyStreams streams} values may go to */
    public LatencyRecorders(int streams) {
        this.streams = streams;
        this.shared = new Recorder[KINDS][streams];
        this.sample = new LatencySample(streams);
    }

    public static Histogram newHistogram() {
        return new Histogram(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    }

    static long clamp(long nanos) {
        return nanos < 0 ? 0 : Math.min(nanos, HIGHEST_TRACKABLE_NANOS);
    }

    public int streams() {
        return streams;
    }

    /** A writer for one thread only (an event loop). */
    public LatencyWriter newWriter() {
        Writer writer = new Writer(this);
        writers.add(writer);
        return wrap.apply(writer);
    }

    /**
     * Hands every writer made from now on to {@code wrapper} first, which returns the writer to use: for tests that
     * must see each value as it is recorded (per-message send times). Set before the run makes its lanes; the
     * writers of a run without it are the plain single-writer recorders.
     */
    public void wrapWriters(UnaryOperator<LatencyWriter> wrapper) {
        wrap = wrapper;
    }

    /** Records from any thread; negative values (a clock oddity) are recorded as zero. */
    @Override
    public void record(LatencyKind kind, int stream, long nanos) {
        long value = clamp(nanos);
        sharedRecorder(kind, stream).recordValue(value);
    }

    private synchronized Recorder sharedRecorder(LatencyKind kind, int stream) {
        Recorder r = shared[kind.ordinal()][stream];
        if (r == null) {
            r = new Recorder(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
            shared[kind.ordinal()][stream] = r;
        }
        return r;
    }

    /**
     * Takes the values recorded since the last call, for every kind and stream, from every writer. Not
     * thread-safe: one reader only. The returned sample carries the interval's start and end (epoch ms) and is
     * valid until the next call, which reuses it.
     */
    public LatencySample takeInterval() {
        long now = System.currentTimeMillis();
        sample.resetStreams();
        for (LatencyKind kind : LatencyKind.values()) {
            for (int s = 0; s < streams; s++) {
                Recorder r;
                synchronized (this) {
                    r = shared[kind.ordinal()][s];
                }
                if (r != null) {
                    r.getIntervalHistogramInto(scratch);
                    sample.streamForWriting(kind, s).add(scratch);
                }
                for (Writer writer : writers) {
                    if (writer.takeInto(kind, s, scratch)) {
                        sample.streamForWriting(kind, s).add(scratch);
                    }
                }
            }
        }
        sample.finish(intervalStartMillis, now);
        intervalStartMillis = now;
        return sample;
    }

    /** One thread's recorders, [kind][stream], made on a stream's first value. */
    private static final class Writer implements LatencyWriter {
        private final SingleWriterRecorder[][] recorders;

        Writer(LatencyRecorders parent) {
            this.recorders = new SingleWriterRecorder[KINDS][parent.streams];
        }

        @Override
        public void record(LatencyKind kind, int stream, long nanos) {
            long value = clamp(nanos);
            SingleWriterRecorder r = recorders[kind.ordinal()][stream];
            if (r == null) {
                r = create(kind, stream);
            }
            r.recordValue(value);
        }

        /** Publishes the new recorder to the reader (a synchronized write it reads under the same lock). */
        private synchronized SingleWriterRecorder create(LatencyKind kind, int stream) {
            SingleWriterRecorder r = new SingleWriterRecorder(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
            recorders[kind.ordinal()][stream] = r;
            return r;
        }

        /** Copies the stream's interval into {@code target}; false when the stream has no recorder yet. */
        boolean takeInto(LatencyKind kind, int stream, Histogram target) {
            SingleWriterRecorder r;
            synchronized (this) {
                r = recorders[kind.ordinal()][stream];
            }
            if (r == null) {
                return false;
            }
            r.getIntervalHistogramInto(target);
            return true;
        }
    }
}
