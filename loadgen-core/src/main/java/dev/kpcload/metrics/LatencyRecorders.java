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
    /** Each shared recorder's last interval, handed back to it to be reused: [kind][stream]. */
    private final Histogram[][] sharedLast;
    private final List<Writer> writers = new CopyOnWriteArrayList<>();
    private final LatencySample sample;
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
        this.sharedLast = new Histogram[KINDS][streams];
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
     *
     * <p>Each recorder's interval is added up where the recorder hands it over and handed back next time (no copy),
     * and empty histograms are neither added nor cleared: a histogram is a 270 KB array, and most of a run's
     * kinds and streams are empty in most intervals (connects after the connect phase, warm-up after warm-up), so
     * passes over empty arrays were most of this reader's time (issue #12).
     */
    public LatencySample takeInterval() {
        long now = System.currentTimeMillis();
        sample.resetStreams();
        for (LatencyKind kind : LatencyKind.values()) {
            int k = kind.ordinal();
            for (int s = 0; s < streams; s++) {
                Recorder r;
                synchronized (this) {
                    r = shared[k][s];
                }
                if (r != null) {
                    Histogram interval = r.getIntervalHistogram(sharedLast[k][s]);
                    sharedLast[k][s] = interval;
                    Histograms.addIfAny(sample.streamForWriting(kind, s), interval);
                }
                for (Writer writer : writers) {
                    Histogram interval = writer.take(kind, s);
                    if (interval != null) {
                        Histograms.addIfAny(sample.streamForWriting(kind, s), interval);
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
        /** Each recorder's last interval, handed back to it to be reused: [kind][stream]; the reader's only. */
        private final Histogram[][] last;

        Writer(LatencyRecorders parent) {
            this.recorders = new SingleWriterRecorder[KINDS][parent.streams];
            this.last = new Histogram[KINDS][parent.streams];
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

        /**
         * The stream's values since the last call, or null when the stream has no recorder yet; valid until the
         * next call for the same stream, which hands it back to the recorder.
         */
        Histogram take(LatencyKind kind, int stream) {
            int k = kind.ordinal();
            SingleWriterRecorder r;
            synchronized (this) {
                r = recorders[k][stream];
            }
            if (r == null) {
                return null;
            }
            Histogram interval = r.getIntervalHistogram(last[k][stream]);
            last[k][stream] = interval;
            return interval;
        }
    }
}
