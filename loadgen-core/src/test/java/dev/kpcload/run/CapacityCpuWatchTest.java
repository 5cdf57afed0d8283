package dev.kpcload.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link CapacityCpuWatch} on a made-up {@code /proc/self/task}, and on this process's real one. */
class CapacityCpuWatchTest {

    private static void thread(Path tasks, String tid, String name, long onCpu, long waiting) throws Exception {
        Path dir = Files.createDirectories(tasks.resolve(tid));
        Files.writeString(dir.resolve("comm"), name + "\n");
        Files.writeString(dir.resolve("schedstat"), onCpu + " " + waiting + " 17\n");
    }

    @Test
    void theBusiestIoThreadsShareOfTheStep(@TempDir Path tasks) throws Exception {
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        thread(tasks, "101", "loadgen-io-1-1", 100, 200);
        thread(tasks, "102", "loadgen-io-1-2", 0, 0);
        thread(tasks, "103", "C2 CompilerThre", 0, 0);
        CapacityCpuWatch watch = new CapacityCpuWatch(tasks, clock::get);
        watch.start();
        clock.addAndGet(2_000_000_000L);
        thread(tasks, "101", "loadgen-io-1-1", 100 + 200_000_000, 200 + 300_000_000); // 0.5 s of 2 s
        thread(tasks, "102", "loadgen-io-1-2", 400_000_000, 1_000_000_000);           // 1.4 s of 2 s
        thread(tasks, "103", "C2 CompilerThre", 2_000_000_000, 0);                    // not an I/O thread
        assertEquals(0.7, watch.busiestShare(), 1e-9);
    }

    @Test
    void theProcesssThreadsWaitingForACpuTogetherCountWhenMoreThanTheLoopsOwnShare(@TempDir Path tasks)
        throws Exception {
        // the whole JVM starved: the loop mostly blocked at safepoints (neither running nor waiting), while the VM
        // thread and a GC thread wait for a CPU
        AtomicLong clock = new AtomicLong(0);
        thread(tasks, "201", "loadgen-io-1-1", 0, 0);
        thread(tasks, "202", "VM Thread", 0, 0);
        thread(tasks, "203", "GC Thread#0", 0, 0);
        CapacityCpuWatch watch = new CapacityCpuWatch(tasks, clock::get);
        watch.start();
        clock.addAndGet(2_000_000_000L);
        thread(tasks, "201", "loadgen-io-1-1", 20_000_000, 180_000_000);  // 0.1 of the step
        thread(tasks, "202", "VM Thread", 10_000_000, 1_500_000_000);     // waited 0.75 of it
        thread(tasks, "203", "GC Thread#0", 10_000_000, 500_000_000);     // waited 0.25 of it
        assertEquals(1.09, watch.busiestShare(), 1e-9,
            "the waits of all threads, 0.09 + 0.75 + 0.25 = 1.09 of the step, beat the loop's own 0.1");
    }

    @Test
    void unknownWithoutIoThreadsOrWithoutTheKernelsFiles(@TempDir Path tasks) throws Exception {
        AtomicLong clock = new AtomicLong();
        CapacityCpuWatch none = new CapacityCpuWatch(tasks.resolve("absent"), clock::get);
        none.start();
        clock.addAndGet(1_000_000_000L);
        assertNull(none.busiestShare());
        thread(tasks, "7", "main", 5, 5);
        CapacityCpuWatch noIo = new CapacityCpuWatch(tasks, clock::get);
        noIo.start();
        clock.addAndGet(1_000_000_000L);
        assertNull(noIo.busiestShare());
    }

    @Test
    void readsThisProcesssOwnThreadsOnLinux() throws Exception {
        Path self = Path.of("/proc/self/task");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(self), "not Linux");
        // a thread named as the run's event loops, kept busy for a while, then alive but idle until released
        java.util.concurrent.CountDownLatch spun = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread spinner = new Thread(() -> {
            long end = System.nanoTime() + 300_000_000L;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            spun.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, CapacityCpuWatch.IO_THREAD_PREFIX + "-test-1");
        CapacityCpuWatch watch = new CapacityCpuWatch();
        spinner.start();
        // Java names the native thread as it starts; wait until the kernel shows it
        long deadline = System.nanoTime() + 5_000_000_000L;
        boolean seen = false;
        while (!seen && System.nanoTime() < deadline) {
            try (var threads = Files.list(self)) {
                seen = threads.anyMatch(t -> {
                    try {
                        return Files.readString(t.resolve("comm")).startsWith(CapacityCpuWatch.IO_THREAD_PREFIX);
                    } catch (Exception e) {
                        return false;
                    }
                });
            }
        }
        assertTrue(seen, "the kernel names the thread");
        watch.start();
        spun.await();
        Double share = watch.busiestShare();
        release.countDown();
        spinner.join();
        assertTrue(share != null && share > 0.3, "a spinning thread is busy most of the time: " + share);
    }
}
