package dev.kpcload.e2e;

import dev.kpcload.testing.Aedes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * The load generator against Aedes (npm, a Node.js broker), a real broker that nobody here wrote: one broker for
 * the class, the runs of {@link BrokerContract}.
 */
class AedesEndToEndTest extends BrokerContract {

    @TempDir
    static Path brokerDir;

    private static final SharedBroker<Aedes> BROKER = new SharedBroker<>();

    @AfterAll
    static void stopBroker() throws Exception {
        BROKER.stop();
    }

    private static Aedes broker() throws Exception {
        return BROKER.get(() -> Aedes.start(brokerDir));
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
