package dev.kpcload.testing;

import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.LatencyWriter;
import dev.kpcload.run.LoadRun;

import java.util.Arrays;

/**
 * When each planned message of a run was written, and when it was intended: every send lag the lanes record (the
 * run records one per written message, right after the write) is also kept here, read as
 * {@code written = now, intended = now - lag}. Both are {@link System#nanoTime()} values, late by the few hundred
 * nanoseconds between the write and the record (more if the thread was descheduled between them). Each lane's
 * writer is wrapped, so this sees the values as they are recorded (a lock shared by the lanes: tests only).
 * Attach before the run starts; read after it ended.
 */
public final class SendTimes {

    private long[] written;
    private long[] lag;
    private int size;

    private SendTimes(int capacity) {
        written = new long[capacity];
        lag = new long[capacity];
    }

    /** Records the send lag of every planned message of {@code run} from now on. */
    public static SendTimes attachTo(LoadRun run, int expectedMessages) {
        SendTimes times = new SendTimes(Math.max(16, expectedMessages));
        run.recorders().wrapWriters(writer -> (kind, stream, nanos) -> {
            writer.record(kind, stream, nanos);
            if (kind == LatencyKind.SEND_LAG) {
                times.add(nanos);
            }
        });
        return times;
    }

    private synchronized void add(long lagNanos) {
        long now = System.nanoTime();
        if (size == written.length) {
            written = Arrays.copyOf(written, size * 2);
            lag = Arrays.copyOf(lag, size * 2);
        }
        written[size] = now;
        lag[size] = Math.max(0, lagNanos);
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
    public synchronized long count() {
        return size;
    }
}
