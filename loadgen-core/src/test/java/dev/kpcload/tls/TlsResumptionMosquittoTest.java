package dev.kpcload.tls;

import dev.kpcload.testing.Mosquitto;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whether {@link SessionReuse} tells a resumed handshake from a full one, against Mosquitto's TLS listener (OpenSSL
 * 3 on the server side, a real peer): with each provider and version, a connect under a session-cache key already
 * used resumes, one under a new key does not. Each connect sends MQTT CONNECT and waits for CONNACK, so that a TLS
 * 1.3 server's tickets (sent after the handshake) have arrived before the connection closes, as in a run.
 */
class TlsResumptionMosquittoTest {

    /** CONNECT, MQTT 3.1.1, clean session, keepalive 60 s, client id "p". */
    private static final byte[] CONNECT = {0x10, 13, 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 60, 0, 1, 'p'};

    @TempDir
    static Path dir;
    static OpensslCerts.Pair ca;
    static Mosquitto broker;
    static TlsClientProbe probe;

    @BeforeAll
    static void start() throws Exception {
        OpensslCerts openssl = new OpensslCerts(dir);
        ca = openssl.ca("resume-ca");
        OpensslCerts.Pair server = openssl.server("resume-broker", ca, "DNS:localhost,IP:127.0.0.1");
        broker = Mosquitto.startTls(dir, ca.cert(), server.cert(), server.key());
        probe = new TlsClientProbe(CONNECT);
    }

    @AfterAll
    static void stop() throws Exception {
        if (probe != null) {
            probe.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static TlsClientProbe.Outcome connect(ClientContexts contexts, TlsSettings settings, int keyPort)
        throws Exception {
        TlsClientProbe.Outcome outcome = probe.connect(contexts.fleetContext(), TlsHandlers.of(settings),
            "localhost", broker.port(), keyPort);
        assertEquals(null, outcome.failure(), () -> String.valueOf(outcome.cause()));
        return outcome;
    }

    @Test
    void aSecondConnectUnderTheSameKeyResumesAndOneUnderANewKeyDoesNot() throws Exception {
        for (TlsProvider provider : List.of(TlsProvider.OPENSSL, TlsProvider.JDK)) {
            for (TlsVersion version : List.of(TlsVersion.TLS_1_2, TlsVersion.TLS_1_3)) {
                TlsSettings settings = TlsSettings.defaults().withCaFile(ca.cert()).withProvider(provider)
                    .withVersions(List.of(version)).withHandshakeTimeout(Duration.ofSeconds(10));
                ClientContexts contexts = ClientContexts.create(settings);
                String what = provider + " " + version;
                TlsClientProbe.Outcome first = connect(contexts, settings, 1001);
                TlsClientProbe.Outcome again = connect(contexts, settings, 1001);
                TlsClientProbe.Outcome third = connect(contexts, settings, 1001);
                TlsClientProbe.Outcome other = connect(contexts, settings, 1002);
                assertEquals(version.protocolName(), first.protocol(), what);
                assertFalse(first.resumed(), what + ": the first connect has nothing to resume");
                // found 2026-12-03 with Mosquitto 2 on OpenSSL 3.0: both providers resume TLS 1.2 and 1.3 alike
                assertTrue(again.resumed(), what + ": the second connect resumes the first one's session");
                assertTrue(third.resumed(), what + ": and the third the second's (a TLS 1.3 ticket is used once)");
                assertFalse(other.resumed(), what + ": a new key has nothing to resume");
            }
        }
    }
}
