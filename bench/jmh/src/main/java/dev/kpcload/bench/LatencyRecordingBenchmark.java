package dev.kpcload.bench;

import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.LatencyRecorders;
import dev.kpcload.metrics.RunCounters;
import dev.kpcload.metrics.RunGauges;
import dev.kpcload.metrics.RunMeters;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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
 * {@link LatencyRecorders#record}: one latency into the HdrHistogram {@code Recorder} of its kind, and, when the
 * run exports to Prometheus, into the Micrometer timer with the 117 fixed SLO buckets that {@link RunMeters}
 * registers on a {@link PrometheusMeterRegistry}. The recorders are shared by every thread, as the event loops of
 * a run share them; the 2-thread variants show what two lanes recording at once cost each other.
 *
 * <p>One operation = one latency recorded (kind {@code STATUS}), its value taken in turn from a fixed set of
 * 4,096 log-uniform values between 50 µs and 50 ms.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {EventLoopLikeExecutor.EXECUTOR, EventLoopLikeExecutor.EXECUTOR_CLASS,
    EventLoopLikeExecutor.NO_LEAK_DETECTION})
public class LatencyRecordingBenchmark {

    static final int VALUES = 4096;

    /** HdrHistogram only: a run without {@code --metrics-port}. */
    @State(Scope.Benchmark)
    public static class HdrOnly {
        final LatencyRecorders recorders = new LatencyRecorders();
    }

    /** HdrHistogram and the exported Micrometer timer: a run with {@code --metrics-port}. */
    @State(Scope.Benchmark)
    public static class WithTimer {
        final LatencyRecorders recorders = new LatencyRecorders();
        PrometheusMeterRegistry registry;

        @Setup
        public void setUp() {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            recorders.attach(RunMeters.register(registry, new RunCounters(), new RunGauges()));
        }
    }

    /** Each thread's own sequence of values. */
    @State(Scope.Thread)
    public static class Values {
        final long[] nanos = new long[VALUES];
        int next;

        @Setup
        public void setUp() {
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

    @Benchmark
    @Threads(1)
    public void hdrOnly1Thread(HdrOnly state, Values values) {
        state.recorders.record(LatencyKind.STATUS, values.next());
    }

    @Benchmark
    @Threads(2)
    public void hdrOnly2Threads(HdrOnly state, Values values) {
        state.recorders.record(LatencyKind.STATUS, values.next());
    }

    @Benchmark
    @Threads(1)
    public void withPrometheusTimer1Thread(WithTimer state, Values values) {
        state.recorders.record(LatencyKind.STATUS, values.next());
    }

    @Benchmark
    @Threads(2)
    public void withPrometheusTimer2Threads(WithTimer state, Values values) {
        state.recorders.record(LatencyKind.STATUS, values.next());
    }
}
