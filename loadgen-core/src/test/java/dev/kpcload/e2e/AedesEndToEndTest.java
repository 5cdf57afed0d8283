package dev.kpcload.e2e;

import dev.kpcload.testing.Aedes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The load generator against Aedes (npm, a Node.js broker), a real broker that nobody here wrote: one broker for
 * the class, the runs of {@link BrokerContract}.
 */
class AedesEndToEndTest extends BrokerContract {

    @TempDir
    static Path brokerDir;

    private static Aedes broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = Aedes.start(brokerDir);
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
