package dev.kpcload.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A broker in a child process, for the length of a test: its output goes to a log file, and its standard input
 * is a lifeline that the broker watches (it stops itself when the pipe closes, so a test JVM that dies takes its
 * brokers with it). Started means: the broker printed its ready line and its port accepts a TCP connection.
 */
final class BrokerProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    private final int port;

    private BrokerProcess(String name, Process process, Path log, int port) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static BrokerProcess start(String name, List<String> command, Path log, int port, String readyLine,
                               long timeoutSeconds) throws IOException, InterruptedException {
        // run in the log's folder: whatever the broker writes next to itself stays in the test's temporary folder
        Process process = new ProcessBuilder(command).directory(log.getParent().toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        BrokerProcess broker = new BrokerProcess(name, process, log, port);
        try {
            broker.awaitReady(readyLine, timeoutSeconds);
        } catch (IOException | RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    private void awaitReady(String readyLine, long timeoutSeconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + ": " + log());
            }
            if (log().contains(readyLine) && accepts()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IOException(name + " not ready on 127.0.0.1:" + port + " within " + timeoutSeconds + " s: " + log());
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** Closes the lifeline, gives the broker 10 s to stop by itself, then kills it. */
    @Override
    public void close() {
        try {
            OutputStream lifeline = process.getOutputStream();
            lifeline.close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
