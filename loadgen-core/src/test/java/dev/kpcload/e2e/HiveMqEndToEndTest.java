package dev.kpcload.e2e;

import dev.kpcload.testing.HiveMq;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * The load generator against HiveMQ Community Edition (embedded, in a JVM of its own with HiveMQ's own Netty 4.1),
 * a real broker that nobody here wrote: one broker for the class (it takes a few seconds to start), the runs of
 * {@link BrokerContract}.
 */
class HiveMqEndToEndTest extends BrokerContract {

    @TempDir
    static Path brokerDir;

    private static final SharedBroker<HiveMq> BROKER = new SharedBroker<>();

    @AfterAll
    static void stopBroker() throws Exception {
        BROKER.stop();
    }

    private static HiveMq broker() throws Exception {
        return BROKER.get(() -> HiveMq.start(brokerDir));
    }

    @Override
    int port() throws Exception {
        return broker().port();
    }

    @Override
    String brokerLog() throws Exception {
        return broker().log();
    }
}
