package dev.kpcload.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code mosquitto_sub -v} on a topic filter, writing {@code topic payload} lines to a file: an independent
 * subscriber that sees exactly what the broker delivered.
 */
public final class TopicRecorder implements AutoCloseable {

    private final Process process;
    private final Path output;

    private TopicRecorder(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    public static TopicRecorder start(int port, String filter, Path dir) throws IOException, InterruptedException {
        Path sub = ExternalPrograms.require("mosquitto_sub");
        Path pub = ExternalPrograms.require("mosquitto_pub");
        Path output = dir.resolve("subscriber.txt");
        Process process = new ProcessBuilder(sub.toString(), "-h", "127.0.0.1", "-p", String.valueOf(port),
            "-V", "mqttv311", "-q", "1", "-v", "-t", filter, "-t", "probe/#")
            .redirectOutput(output.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        TopicRecorder recorder = new TopicRecorder(process, output);
        // mosquitto_sub does not say when it is subscribed: publish probes until one comes through
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (recorder.lines().stream().noneMatch(l -> l.startsWith("probe/ready"))) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IOException("mosquitto_sub did not subscribe");
            }
            new ProcessBuilder(pub.toString(), "-h", "127.0.0.1", "-p", String.valueOf(port), "-t", "probe/ready",
                "-m", "x").start().waitFor();
            Thread.sleep(100);
        }
        return recorder;
    }

    public List<String> lines() throws IOException {
        return Files.readAllLines(output);
    }

    /** Lines of the given topic filter's messages (probes left out). */
    public List<String> messages() throws IOException {
        return lines().stream().filter(l -> !l.startsWith("probe/")).toList();
    }

    /** Waits until {@code count} messages arrived or the timeout passed. */
    public List<String> awaitMessages(int count, long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        List<String> messages = messages();
        while (messages.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
            messages = messages();
        }
        return messages;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
