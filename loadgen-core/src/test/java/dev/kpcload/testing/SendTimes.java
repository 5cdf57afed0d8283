package dev.kpcload.testing;

import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.run.LoadRun;
import io.micrometer.core.instrument.AbstractTimer;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.pause.NoPauseDetector;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * When each planned message of a run was written, and when it was intended: a timer fed with every send lag (the
 * run records one per written message, right after the write), read as {@code written = now, intended = now - lag}.
 * Both are {@link System#nanoTime()} values, late by the few hundred nanoseconds between the write and the record
 * (more if the thread was descheduled between them). Attach before the run starts; read after it ended.
 */
public final class SendTimes extends AbstractTimer {

    private long[] written;
    private long[] lag;
    private int size;

    private SendTimes(int capacity) {
        super(new Meter.Id("test_send_lag", Tags.empty(), null, "send lag, every value kept", Meter.Type.TIMER),
            Clock.SYSTEM, DistributionStatisticConfig.NONE, new NoPauseDetector(), TimeUnit.NANOSECONDS, false);
        written = new long[capacity];
        lag = new long[capacity];
    }

    /** Records the send lag of every planned message of {@code run} from now on. */
    public static SendTimes attachTo(LoadRun run, int expectedMessages) {
        SendTimes times = new SendTimes(Math.max(16, expectedMessages));
        io.micrometer.core.instrument.Timer[][] timers =
            new io.micrometer.core.instrument.Timer[LatencyKind.values().length][run.kindTags().size()];
        Arrays.fill(timers[LatencyKind.SEND_LAG.ordinal()], times);
        run.recorders().attach(timers);
        return times;
    }

    @Override
    protected synchronized void recordNonNegative(long amount, TimeUnit unit) {
        long now = System.nanoTime();
        if (size == written.length) {
            written = Arrays.copyOf(written, size * 2);
            lag = Arrays.copyOf(lag, size * 2);
        }
        written[size] = now;
        lag[size] = unit.toNanos(amount);
        size++;
    }

    /** When each message was written (as recorded), in recording order. */
    public synchronized long[] writtenNanos() {
        return Arrays.copyOf(written, size);
    }

    /** Each message's send lag, in the order of {@link #writtenNanos()}. */
    public synchronized long[] lagNanos() {
        return Arrays.copyOf(lag, size);
    }

    /** When each message was intended: written minus lag. */
    public synchronized long[] intendedNanos() {
        long[] intended = new long[size];
        for (int i = 0; i < size; i++) {
            intended[i] = written[i] - lag[i];
        }
        return intended;
    }

    /** Messages recorded so far. */
    @Override
    public synchronized long count() {
        return size;
    }

    @Override
    public double totalTime(TimeUnit unit) {
        return 0;
    }

    @Override
    public double max(TimeUnit unit) {
        return 0;
    }
}
