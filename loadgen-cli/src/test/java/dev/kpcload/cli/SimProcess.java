package dev.kpcload.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code loadgen sim} in a JVM of its own, on a free port: a load generator started by a test then measures a
 * server that does not share its CPU time in one process. Closing it stops it (this process only, by its handle).
 */
final class SimProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final Path log;
    private final int port;

    private SimProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts {@code loadgen sim --port 0 ARGS} (under {@code launcher}, e.g. taskset) and waits until it listens. */
    static SimProcess start(Path log, List<String> launcher, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("sim", "--port", "0"));
        all.addAll(List.of(args));
        Process p = JavaProcesses.loadgen(launcher, List.of(), all.toArray(String[]::new))
            .redirectOutput(log.toFile()).start();
        try {
            String line = awaitLine(log, p, LISTENING.asPredicate(), 60);
            Matcher m = LISTENING.matcher(line);
            if (!m.find()) {
                throw new AssertionError("no port in: " + line);
            }
            return new SimProcess(p, log, Integer.parseInt(m.group(1)));
        } catch (Throwable t) {
            p.destroyForcibly();
            throw t;
        }
    }

    String server() {
        return "127.0.0.1:" + port;
    }

    /**
     * The first line of {@code log} that matches, waiting for it (polling the file) up to {@code seconds}; fails when
     * the process ends first without writing it.
     */
    static String awaitLine(Path log, Process process, Predicate<String> wanted, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            boolean ended = !process.isAlive();
            String found = firstMatch(log, wanted);
            if (found != null) {
                return found;
            }
            if (ended) {
                throw new AssertionError("the process ended (exit " + process.exitValue() + ") without the line; its"
                    + " output:\n" + read(log));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no such line within " + seconds + " s in:\n" + read(log));
    }

    private static String firstMatch(Path log, Predicate<String> wanted) throws IOException {
        if (!Files.exists(log)) {
            return null;
        }
        return read(log).lines().filter(wanted).findFirst().orElse(null);
    }

    /** The log so far; a character the process is still writing is read as a replacement, not an error. */
    static String read(Path log) throws IOException {
        return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return "sim on " + server() + " (log " + log + ")";
    }
}
