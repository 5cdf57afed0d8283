package dev.kpcload.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Aedes, the Node.js MQTT broker from npm, on a free loopback port for the length of a test or a test class,
 * running {@code src/test/resources/aedes/broker.mjs} with Node.js. Aedes is installed by
 * {@code npm install --prefix PREFIX aedes@VERSION} ({@code .ci/run} does it); PREFIX is {@code LOADGEN_AEDES_PREFIX}
 * or {@code ~/.cache/kpc-loadgen/aedes-VERSION} (outside {@code target/}, so {@code mvn clean} keeps it). Without
 * Node.js 20+ or that install the test is skipped (failed under {@code LOADGEN_REQUIRE_EXTERNAL=1}).
 */
public final class Aedes implements AutoCloseable {

    public static final String VERSION = "1.2.0";

    private final BrokerProcess process;

    private Aedes(BrokerProcess process) {
        this.process = process;
    }

    public static Path prefix() {
        String env = System.getenv("LOADGEN_AEDES_PREFIX");
        return env != null && !env.isEmpty() ? Path.of(env)
            : Path.of(System.getProperty("user.home"), ".cache", "kpc-loadgen", "aedes-" + VERSION);
    }

    public static Aedes start(Path dir) throws IOException, InterruptedException {
        Path node = ExternalPrograms.require("node");
        requireNode20(node);
        Path prefix = prefix();
        Path installed = prefix.resolve("node_modules/aedes/package.json");
        String install = "npm install --prefix " + prefix + " aedes@" + VERSION;
        if (!Files.isRegularFile(installed)) {
            ExternalPeers.unavailable("Aedes " + VERSION + " is not installed in " + prefix + " (" + install + "; .ci/run does)");
        }
        if (!Files.readString(installed).contains("\"version\": \"" + VERSION + "\"")) {
            ExternalPeers.unavailable(prefix + " holds another Aedes than " + VERSION + " (" + install + ")");
        }
        Path script = dir.resolve("aedes-broker.mjs");
        try (InputStream in = Aedes.class.getResourceAsStream("/aedes/broker.mjs")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        int port = Mosquitto.freePort();
        return new Aedes(BrokerProcess.start("Aedes " + VERSION,
            List.of(node.toString(), script.toString(), prefix.toString(), String.valueOf(port)),
            dir.resolve("aedes.log"), port, "listening on 127.0.0.1:" + port, 30));
    }

    private static void requireNode20(Path node) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(node.toString(), "--version").redirectErrorStream(true).start();
        String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor(10, TimeUnit.SECONDS);
        Matcher m = Pattern.compile("v(\\d+)\\.").matcher(version);
        if (!m.lookingAt() || Integer.parseInt(m.group(1)) < 20) {
            ExternalPeers.unavailable("Aedes " + VERSION + " needs Node.js 20 or later, " + node + " is " + version);
        }
    }

    public int port() {
        return process.port();
    }

    public long pid() {
        return process.pid();
    }

    public String log() throws IOException {
        return process.log();
    }

    @Override
    public void close() {
        process.close();
    }
}
