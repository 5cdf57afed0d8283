package dev.kpcload.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real Mosquitto broker on a free loopback port, for the length of a test. */
public final class Mosquitto implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private Mosquitto(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static Mosquitto start(Path dir) throws IOException, InterruptedException {
        return start(dir, freePort());
    }

    /** A broker on a given port: a broker started again where the last one listened. */
    public static Mosquitto start(Path dir, int port) throws IOException, InterruptedException {
        return start(dir, port, List.of());
    }

    /**
     * A broker whose listener speaks TLS with {@code cert} and {@code key}, trusting {@code ca} for client
     * certificates; {@code extra} lines follow (e.g. {@code require_certificate true}). It runs as root: started as
     * root it would drop to the user mosquitto, who may not read a key file made readable by its owner only.
     */
    public static Mosquitto startTls(Path dir, Path ca, Path cert, Path key, String... extra)
            throws IOException, InterruptedException {
        List<String> lines = new java.util.ArrayList<>(List.of("cafile " + ca, "certfile " + cert, "keyfile " + key));
        if ("root".equals(System.getProperty("user.name"))) {
            lines.add("user root");
        }
        lines.addAll(List.of(extra));
        return start(dir, freePort(), lines);
    }

    private static Mosquitto start(Path dir, int port, List<String> listenerLines)
            throws IOException, InterruptedException {
        Path binary = ExternalPrograms.require("mosquitto");
        Path conf = dir.resolve("mosquitto.conf");
        // unlimited queues so that a slow test subscriber loses nothing
        Files.writeString(conf, String.join("\n",
            "listener " + port + " 127.0.0.1",
            String.join("\n", listenerLines),
            listenerLines.contains("use_identity_as_username true") ? "" : "allow_anonymous true",
            "persistence false",
            "max_queued_messages 0",
            "max_inflight_messages 0",
            "log_type error",
            "log_type warning",
            ""));
        Path log = dir.resolve("mosquitto.log");
        Process process = new ProcessBuilder(binary.toString(), "-c", conf.toString())
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Mosquitto broker = new Mosquitto(process, port, log);
        broker.awaitListening();
        return broker;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("mosquitto exited: " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException("mosquitto did not listen on " + port);
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Sends a signal to the broker ({@code STOP}, {@code CONT}, ...): a frozen broker, then a thawed one. */
    public void signal(String name) throws IOException, InterruptedException {
        int rc = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).start().waitFor();
        if (rc != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed: " + rc);
        }
    }

    /** Kills the broker at once (SIGKILL), as a crash would, and waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
