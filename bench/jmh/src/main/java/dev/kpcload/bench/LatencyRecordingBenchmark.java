package dev.kpcload.bench;

import dev.kpcload.metrics.LatencyBuckets;
import dev.kpcload.metrics.LatencyExport;
import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.LatencyRecorders;
import dev.kpcload.metrics.LatencyWriter;
import dev.kpcload.metrics.RunCounters;
import dev.kpcload.metrics.RunGauges;
import dev.kpcload.metrics.RunMeters;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * What recording one latency costs an event loop, and what feeding Prometheus costs the reporter.
 *
 * <ul>
 *   <li>{@code hdrOnly*}: {@link LatencyRecorders#record}, the recorders shared by every thread (tools, tests);</li>
 *   <li>{@code laneWriter*}: one lane's own {@link LatencyRecorders#newWriter() writer}, each thread its own: the
 *       hot path of a run, with or without {@code --metrics-port};</li>
 *   <li>{@code laneWriterAndTimer*}: the same plus the Micrometer timer with the 117 fixed SLO buckets, shared by
 *       the threads as every lane shared it: the hot path of a run with {@code --metrics-port} before the latency
 *       histograms were fed from the report intervals (what {@code LatencyRecorders} did then, spelled out here);</li>
 *   <li>{@code feedInterval}: one interval histogram of {@value #INTERVAL_VALUES} values added to the exported
 *       histogram ({@link LatencyExport#add}), on the reporter's thread once per report interval and stream.</li>
 * </ul>
 * The 2-thread variants show what two lanes recording at once cost each other. One operation = one latency
 * recorded (kind {@code STATUS}), its value taken in turn from a fixed set of 4,096 log-uniform values between
 * 50 µs and 50 ms; for {@code feedInterval}, one interval.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {EventLoopLikeExecutor.EXECUTOR, EventLoopLikeExecutor.EXECUTOR_CLASS,
    EventLoopLikeExecutor.NO_LEAK_DETECTION})
public class LatencyRecordingBenchmark {

    static final int VALUES = 4096;
    static final int INTERVAL_VALUES = 10_000;

    /** The recorders of a run: shared by the threads, each thread writing through its own writer. */
    @State(Scope.Benchmark)
    public static class Run {
        final LatencyRecorders recorders = new LatencyRecorders();
    }

    /** The timer a run with {@code --metrics-port} recorded every value into, before. */
    @State(Scope.Benchmark)
    public static class SharedTimer {
        Timer timer;

        @Setup
        public void setUp() {
            timer = Timer.builder("loadgen.status.latency").description("Intended send time to the 1/KP /status reply")
                .serviceLevelObjectives(LatencyBuckets.boundsArray()).publishPercentileHistogram(false)
                .register(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        }
    }

    /** One thread's lane: its own writer and its own sequence of values. */
    @State(Scope.Thread)
    public static class Lane {
        final long[] nanos = new long[VALUES];
        int next;
        LatencyWriter writer;

        @Setup
        public void setUp(Run run) {
            writer = run.recorders.newWriter();
            SplittableRandom random = new SplittableRandom(Thread.currentThread().getId());
            double low = Math.log(50_000);
            double high = Math.log(50_000_000);
            for (int i = 0; i < VALUES; i++) {
                nanos[i] = (long) Math.exp(low + random.nextDouble() * (high - low));
            }
        }

        long next() {
            int i = next;
            next = (i + 1) & (VALUES - 1);
            return nanos[i];
        }
    }

    /** The exported histograms and one interval's values to add to them. */
    @State(Scope.Thread)
    public static class Feed {
        LatencyExport export;
        final Histogram interval = LatencyRecorders.newHistogram();

        @Setup
        public void setUp() {
            export = RunMeters.register(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), new RunCounters(),
                new RunGauges());
            SplittableRandom random = new SplittableRandom(7);
            double low = Math.log(50_000);
            double high = Math.log(50_000_000);
            for (int i = 0; i < INTERVAL_VALUES; i++) {
                interval.recordValue((long) Math.exp(low + random.nextDouble() * (high - low)));
            }
        }
    }

    @Benchmark
    @Threads(1)
    public void hdrOnly1Thread(Run run, Lane lane) {
        run.recorders.record(LatencyKind.STATUS, lane.next());
    }

    @Benchmark
    @Threads(2)
    public void hdrOnly2Threads(Run run, Lane lane) {
        run.recorders.record(LatencyKind.STATUS, lane.next());
    }

    @Benchmark
    @Threads(1)
    public void laneWriter1Thread(Lane lane) {
        lane.writer.record(LatencyKind.STATUS, lane.next());
    }

    @Benchmark
    @Threads(2)
    public void laneWriter2Threads(Lane lane) {
        lane.writer.record(LatencyKind.STATUS, lane.next());
    }

    @Benchmark
    @Threads(1)
    public void laneWriterAndTimer1Thread(Lane lane, SharedTimer shared) {
        recordBoth(lane, shared);
    }

    @Benchmark
    @Threads(2)
    public void laneWriterAndTimer2Threads(Lane lane, SharedTimer shared) {
        recordBoth(lane, shared);
    }

    private static void recordBoth(Lane lane, SharedTimer shared) {
        long value = lane.next();
        lane.writer.record(LatencyKind.STATUS, value);
        shared.timer.record(value, TimeUnit.NANOSECONDS);
    }

    @Benchmark
    @Threads(1)
    public void feedInterval(Feed feed) {
        feed.export.add(LatencyKind.STATUS, 0, feed.interval);
    }
}
