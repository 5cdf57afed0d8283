package dev.kpcload.testing;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * HiveMQ Community Edition (the {@code hivemq-community-edition-embedded} artifact, started through its
 * {@code EmbeddedHiveMQ} API) on a free loopback port, in a JVM of its own with HiveMQ's own class path (see
 * {@link HiveMqClasspath} for why not in the test JVM), for the length of a test or a test class.
 */
public final class HiveMq implements AutoCloseable {

    private final BrokerProcess process;

    private HiveMq(BrokerProcess process) {
        this.process = process;
    }

    public static HiveMq start(Path dir) throws IOException, InterruptedException {
        List<Path> classpath = new ArrayList<>(HiveMqClasspath.resolve());
        classpath.add(0, ownLocation());
        int port = Mosquitto.freePort();
        Path config = Files.createDirectories(dir.resolve("hivemq-conf"));
        Path data = Files.createDirectories(dir.resolve("hivemq-data"));
        Path extensions = Files.createDirectories(dir.resolve("hivemq-extensions"));
        Files.writeString(config.resolve("config.xml"), config(port));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(java.toString(),
            // C1 only: starts in about 2 s instead of 4 on two busy cores, ample for a few thousand messages/s
            "-XX:TieredStopAtLevel=1", "-Xmx512m",
            "-cp", classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
            HiveMqMain.class.getName(), config.toString(), data.toString(), extensions.toString());
        return new HiveMq(BrokerProcess.start("HiveMQ CE " + HiveMqClasspath.VERSION, command,
            dir.resolve("hivemq.log"), port, HiveMqMain.STARTED, 60));
    }

    /**
     * HiveMQ's defaults, except: loopback only; no anonymous usage statistics (on by default: they would leave the
     * machine); in-memory persistence (nothing to clean up); and a queue for a subscriber that is momentarily
     * behind of 1,000,000 instead of the default 1,000, beyond which HiveMQ discards (like the unlimited queues of
     * our Mosquitto configuration: the test subscriber must lose nothing to a queue limit).
     */
    static String config(int port) {
        return """
            <?xml version="1.0"?>
            <hivemq>
                <listeners>
                    <tcp-listener>
                        <port>%d</port>
                        <bind-address>127.0.0.1</bind-address>
                    </tcp-listener>
                </listeners>
                <mqtt>
                    <queued-messages>
                        <max-queue-size>1000000</max-queue-size>
                    </queued-messages>
                </mqtt>
                <persistence>
                    <mode>in-memory</mode>
                </persistence>
                <anonymous-usage-statistics>
                    <enabled>false</enabled>
                </anonymous-usage-statistics>
            </hivemq>
            """.formatted(port);
    }

    /** The folder or jar holding {@link HiveMqMain} (the test classes): the child JVM's launcher. */
    private static Path ownLocation() {
        try {
            return Path.of(HiveMqMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
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
