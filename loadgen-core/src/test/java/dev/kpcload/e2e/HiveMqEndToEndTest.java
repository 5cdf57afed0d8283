package dev.kpcload.e2e;

import dev.kpcload.testing.HiveMq;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The load generator against HiveMQ Community Edition (embedded, in a JVM of its own with HiveMQ's own Netty 4.1),
 * a real broker that nobody here wrote: one broker for the class (it takes a few seconds to start), the runs of
 * {@link BrokerContract}.
 */
class HiveMqEndToEndTest extends BrokerContract {

    @TempDir
    static Path brokerDir;

    private static HiveMq broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = HiveMq.start(brokerDir);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Override
    int port() {
        return broker.port();
    }

    @Override
    String brokerLog() throws IOException {
        return broker.log();
    }
}
