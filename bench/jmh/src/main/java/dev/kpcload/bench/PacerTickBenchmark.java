package dev.kpcload.bench;

import dev.kpcload.plan.LanePacer;
import dev.kpcload.plan.UniformSchedule;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * {@link LanePacer#tick} emitting a batch of due messages into a sink, as {@code Lane.publishTick} does: one lane
 * of a two-lane fleet of 10,000 devices (5,000 slots), each tick's sink a capturing lambda like the lane's
 * {@code (i, intended) -> targets[i].offer(intended)}, here storing the intended time on the target device.
 * The plan's period is a whole microsecond so that each tick emits exactly the batch size.
 *
 * <p>One operation = one message emitted (a tick of 10 or 100 messages is 10 or 100 operations, via
 * {@link OperationsPerInvocation}), so the score is nanoseconds per message, the tick's fixed cost shared out.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {EventLoopLikeExecutor.EXECUTOR, EventLoopLikeExecutor.EXECUTOR_CLASS,
    EventLoopLikeExecutor.NO_LEAK_DETECTION})
@State(Scope.Thread)
public class PacerTickBenchmark {

    private static final int FLEET = 10_000;
    private static final long PERIOD_NANOS = 1_000;

    /** Stands in for a device session: the sink writes to it, so the emitted values are used. */
    static final class Target {
        long lastIntended;
        long offers;
    }

    private LanePacer pacer;
    private Target[] targets;
    private long now;

    @Setup
    public void setUp() {
        int[] slots = LanePacer.roundRobinSlots(FLEET, 2)[0];
        targets = new Target[slots.length];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = new Target();
        }
        pacer = new LanePacer(new UniformSchedule(0, PERIOD_NANOS, Long.MAX_VALUE), slots, FLEET, Long.MAX_VALUE);
        // message k of this lane's share is global message 2k (slot 2j), intended at 2k microseconds: every
        // step of `now` by batch * 2 us makes exactly `batch` messages due
        now = -1;
    }

    private long tick(int batch) {
        now += batch * 2 * PERIOD_NANOS;
        Target[] t = targets;
        long before = pacer.emitted();
        pacer.tick(now, Long.MAX_VALUE, (i, k_, intended) -> {
            Target target = t[i];
            target.lastIntended = intended;
            target.offers++;
        });
        long emitted = pacer.emitted() - before;
        if (emitted != batch) {
            throw new IllegalStateException("emitted " + emitted + ", expected " + batch);
        }
        return emitted;
    }

    @Benchmark
    @OperationsPerInvocation(10)
    public long tick10() {
        return tick(10);
    }

    @Benchmark
    @OperationsPerInvocation(100)
    public long tick100() {
        return tick(100);
    }
}
