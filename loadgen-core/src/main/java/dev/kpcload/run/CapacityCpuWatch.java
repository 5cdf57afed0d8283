package dev.kpcload.run;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * How busy the generator's own I/O threads were during a capacity step: for each event-loop thread, the share of the
 * step it spent running or runnable and waiting for a CPU (Linux's {@code /proc/self/task/TID/schedstat}: time on a
 * CPU, time waiting on a run queue). An event loop that is seldom idle has no CPU to spare: it reads replies late,
 * so even the service time it measures (write to reply) carries its own delay, and a late step is then the
 * generator's, not KPC's. An event loop can also stall without running or waiting itself: blocked at a safepoint
 * while the JVM's own threads (VM thread, GC) wait for a CPU. So the time every thread of the process spent waiting
 * on a run queue, summed, counts as well: whichever share is larger is the step's. Where the kernel does not say
 * (not Linux), the share is unknown.
 */
final class CapacityCpuWatch {

    /** The run's event-loop threads (LoadRun names its group so); the kernel keeps the first 15 characters. */
    static final String IO_THREAD_PREFIX = "loadgen-io";

    private final Path tasks;
    private final LongSupplier clock;
    private Map<String, Long> busyAtStart;
    private long waitingAtStart;
    private long startNanos;

    CapacityCpuWatch() {
        this(Path.of("/proc/self/task"), System::nanoTime);
    }

    CapacityCpuWatch(Path tasks, LongSupplier clock) {
        this.tasks = tasks;
        this.clock = clock;
    }

    /** A step begins. */
    void start() {
        startNanos = clock.getAsLong();
        busyAtStart = busyNanos();
        waitingAtStart = waitingNanos();
    }

    /**
     * The larger of the busiest I/O thread's share of the time since {@link #start} spent running or waiting for a
     * CPU and the process's threads' run-queue waits summed over that time: from 0 to 1 for a lone thread (a little
     * above from the kernel's accounting; the sum of waits can pass 1), or null when unknown (no I/O thread seen).
     */
    Double busiestShare() {
        Map<String, Long> now = busyNanos();
        long waitingNow = waitingNanos();
        long elapsed = clock.getAsLong() - startNanos;
        if (busyAtStart == null || now.isEmpty() || elapsed <= 0) {
            return null;
        }
        double busiest = -1;
        for (Map.Entry<String, Long> e : now.entrySet()) {
            Long before = busyAtStart.get(e.getKey());
            if (before != null) {
                busiest = Math.max(busiest, (e.getValue() - before) / (double) elapsed);
            }
        }
        if (busiest < 0) {
            return null;
        }
        // a thread that ended meanwhile takes its waits with it: the difference can only undercount
        return Math.max(busiest, Math.max(0, waitingNow - waitingAtStart) / (double) elapsed);
    }

    /** Every thread's time waiting on a run queue, summed; 0 when unknown. */
    private long waitingNanos() {
        long waiting = 0;
        if (!Files.isDirectory(tasks)) {
            return 0;
        }
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path thread : threads) {
                try {
                    waiting += Long.parseLong(Files.readString(thread.resolve("schedstat")).trim().split("\\s+")[1]);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile, or the kernel keeps no schedstat: leave it out
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return waiting;
    }

    /** Each I/O thread's time on a CPU plus its time waiting for one, by thread ID; empty when unknown. */
    private Map<String, Long> busyNanos() {
        Map<String, Long> busy = new HashMap<>();
        if (!Files.isDirectory(tasks)) {
            return busy;
        }
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path thread : threads) {
                try {
                    if (!Files.readString(thread.resolve("comm")).startsWith(IO_THREAD_PREFIX)) {
                        continue;
                    }
                    // "on-CPU ns, run-queue wait ns, timeslices"
                    String[] fields = Files.readString(thread.resolve("schedstat")).trim().split("\\s+");
                    busy.put(thread.getFileName().toString(), Long.parseLong(fields[0]) + Long.parseLong(fields[1]));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile, or the kernel keeps no schedstat: leave it out
                }
            }
        } catch (IOException e) {
            busy.clear();
        }
        return busy;
    }
}
