package dev.kpcload.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kpcload.testing.ExternalPrograms;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A capacity search whose generator is starved of CPU on purpose ends inconclusive (generator limited, exit 3) and
 * names the remedy, instead of reporting the generator's limit as KPC's.
 *
 * <p>The starvation is real: the generator's JVM is pinned to core 0 ({@code taskset -c 0}), sees one processor and
 * runs one I/O thread; the simulator (no capacity limit: it answers at once) runs on core 1. Once the first step
 * begins (its line in the log: the fleet has connected unstarved), the I/O thread alone is niced to 19
 * ({@code renice} on its thread ID) and a busy loop at nice 0 starts on core 0 and runs until that step's verdict is
 * printed; against it the I/O thread gets about 1.5 % of the core (CFS weights 15 and 1024), far too little for
 * 3,000 messages/s. It falls seconds behind, and it also reads the replies seconds late, so the service time it
 * measures is no proof against KPC: the judge tells the two apart by the I/O thread's time running or waiting for a
 * CPU (most of the step here; a fifth at most in an ordinary run). Checked: 8 runs of 8 (and 2 by hand) ended
 * generator limited at the first step, the I/O thread busy 69 to 81 % of it, in 36 to 82 s, at machine loads of 4
 * to 9. Before the judge knew the I/O thread's CPU, the same starvation failed the first step as KPC's in 5 runs of
 * 5 (the generator's late reads made the service time's p99 4 to 12 s).
 *
 * <p>Why only the I/O thread is niced: with the whole JVM at nice 19 its VM and GC threads starve too, and the I/O
 * thread then spends much of the step blocked at safepoints rather than waiting for a CPU (a clean-clone CI run,
 * 2026-12-03, had the step judged KPC's: send lag p99 20.5 s, the I/O thread's own share under the threshold). The
 * judge now counts every thread's run-queue wait as well (CapacityCpuWatchTest), and with the whole JVM niced 3 runs
 * of 3 by hand ended generator limited (the threads' waits 248 to 349 % of the step); this test starves the loop
 * alone because that outcome does not hang on how the JVM's other threads fare.
 */
class CapacityStarvedGeneratorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aStarvedGeneratorIsInconclusiveAndNamesTheRemedy() throws Exception {
        Assumptions.assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs 2 cores: one to starve");
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux: the judge reads schedstat");
        String taskset = ExternalPrograms.require("taskset").toString();
        String renice = ExternalPrograms.require("renice").toString();
        Path tokens = dir.resolve("tokens.csv");
        assertEquals(0, CliHarness.run("tokens", "--count", "200", "--seed", "7", "--out", tokens.toString())
            .exitCode());
        Path out = dir.resolve("out");
        Path log = dir.resolve("capacity.log");
        Process hog = null;
        Process generator = null;
        try (SimProcess sim = SimProcess.start(dir.resolve("sim.log"), List.of(taskset, "-c", "1"))) {
            generator = JavaProcesses.loadgen(List.of(taskset, "-c", "0"),
                    List.of("-XX:ActiveProcessorCount=1"), "capacity", "--tokens", tokens.toString(),
                    "--server", sim.server(), "--io-threads", "1", "--connect-rate", "2k/s",
                    "--start-rate", "3000/s", "--slo", "error_ratio < 1%", "--slo", "p99(status) < 500ms",
                    "--ramp", "1s", "--settle", "1s", "--measure", "3s", "--min-messages", "1000",
                    "--max-send-lag", "100ms", "--response-timeout", "3s", "--report-interval", "1s",
                    "--out", out.toString())
                .redirectOutput(log.toFile()).start();
            long start = System.nanoTime();
            SimProcess.awaitLine(log, generator, l -> l.startsWith("capacity: step 1 "), 120);
            List<String> ioThreads = ioThreadIds(generator.pid());
            assertEquals(1, ioThreads.size(), "one I/O thread: " + ioThreads);
            Process reniced = new ProcessBuilder(renice, "-n", "19", "-p", ioThreads.get(0))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertTrue(reniced.waitFor(30, TimeUnit.SECONDS), "renice ended");
            assertEquals(0, reniced.exitValue(), "renice of the I/O thread " + ioThreads.get(0));
            hog = new ProcessBuilder(taskset, "-c", "0", "sh", "-c", "while :; do :; done")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            SimProcess.awaitLine(log, generator, l -> l.startsWith("[step  1]"), 180);
            hog.destroy();
            assertTrue(generator.waitFor(120, TimeUnit.SECONDS), "the search ended:\n" + SimProcess.read(log));
            String output = SimProcess.read(log);
            System.out.printf(Locale.ROOT, "starved generator: exit %d after %.1f s: %s%n", generator.exitValue(),
                (System.nanoTime() - start) / 1e9, output.lines().filter(l -> l.startsWith("[step  1]")).findFirst()
                    .orElse("(no step line)"));
            assertEquals(3, generator.exitValue(), output);
            assertTrue(output.contains("== kpc-loadgen capacity: generator_limited =="), output);
            assertTrue(output.contains("more shards (--shards N"), "the remedy is named:\n" + output);
            JsonNode result = JSON.readTree(out.resolve("capacity.json").toFile());
            assertEquals("generator_limited", result.get("outcome").asText());
            assertTrue(result.get("maxSustainableRate").isNull(), "no rate is reported as KPC's");
            assertTrue(result.get("remedy").asText().contains("more shards"), result.toString());
            JsonNode step = result.get("steps").get(0);
            assertEquals("inconclusive", step.get("verdict").asText(), step.toString());
            assertEquals(1, result.get("steps").size(), "the search ends at the inconclusive step");
            String note = step.get("note").asText();
            assertTrue(note.contains("generator behind its plan") && note.contains("busiest I/O thread"), note);
        } finally {
            if (hog != null) {
                hog.destroyForcibly();
                hog.waitFor(10, TimeUnit.SECONDS);
            }
            if (generator != null) {
                generator.destroyForcibly();
                generator.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The thread IDs of the process's event-loop threads (named {@code loadgen-io-...}). */
    private static List<String> ioThreadIds(long pid) throws java.io.IOException {
        List<String> ids = new java.util.ArrayList<>();
        try (java.nio.file.DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                try {
                    if (Files.readString(task.resolve("comm")).startsWith("loadgen-io")) {
                        ids.add(task.getFileName().toString());
                    }
                } catch (java.io.IOException gone) {
                    // the thread ended meanwhile
                }
            }
        }
        return ids;
    }
}
