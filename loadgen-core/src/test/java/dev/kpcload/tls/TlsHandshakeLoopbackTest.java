package dev.kpcload.tls;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real handshakes on loopback against a Netty TLS server, with certificates made by openssl, for both client
 * providers: the good cases with each protocol version and every failure kind the classifier knows.
 */
class TlsHandshakeLoopbackTest {

    @TempDir
    static Path dir;
    static OpensslCerts.Pair ca;
    static OpensslCerts.Pair otherCa;
    static OpensslCerts.Pair server;
    static OpensslCerts.Pair expiredServer;
    static OpensslCerts.Pair client;
    static OpensslCerts.Pair strangerClient;
    static TlsClientProbe probe;

    @BeforeAll
    static void makePki() throws Exception {
        OpensslCerts openssl = new OpensslCerts(dir);
        ca = openssl.ca("test-ca");
        otherCa = openssl.ca("other-ca");
        server = openssl.server("server", ca, "DNS:localhost,IP:127.0.0.1");
        expiredServer = openssl.expiredServer("expired-server", ca, "DNS:localhost,IP:127.0.0.1");
        client = openssl.client("meter-1", ca);
        strangerClient = openssl.client("stranger", otherCa);
        probe = new TlsClientProbe();
    }

    @AfterAll
    static void stop() {
        if (probe != null) {
            probe.close();
        }
    }

    /** The two providers a user can ask for (OpenSSL must load on these machines: it is what we ship). */
    enum Provider {
        OPENSSL, JDK;

        TlsProvider provider() {
            return TlsProvider.valueOf(name());
        }
    }

    private static TlsSettings trusting(OpensslCerts.Pair anchor, Provider provider) {
        return TlsSettings.defaults().withCaFile(anchor.cert()).withProvider(provider.provider())
            .withHandshakeTimeout(Duration.ofSeconds(10));
    }

    private static TlsClientProbe.Outcome connect(TlsSettings settings, ClientIdentity identity, String host,
                                                  int port) throws Exception {
        ClientContexts contexts = ClientContexts.create(settings);
        return probe.connect(contexts.forIdentity(identity), TlsHandlers.of(settings), host, port);
    }

    private static String describe(TlsClientProbe.Outcome outcome) {
        if (outcome.cause() == null) {
            return String.valueOf(outcome);
        }
        StringWriter trace = new StringWriter();
        outcome.cause().printStackTrace(new PrintWriter(trace));
        return outcome.failure() + " from " + trace;
    }

    private static void assertFailure(TlsFailure expected, TlsClientProbe.Outcome outcome) {
        assertEquals(expected, outcome.failure(), () -> describe(outcome));
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void handshakesWithTls13AndTls12ByNameAndByAddress(Provider provider) throws Exception {
        try (TlsTestServer tls = TlsTestServer.start(server, null)) {
            for (TlsVersion version : TlsVersion.values()) {
                TlsSettings settings = trusting(ca, provider).withVersions(List.of(version));
                for (String host : List.of("localhost", "127.0.0.1")) {
                    TlsClientProbe.Outcome outcome = connect(settings, ClientIdentity.none(), host, tls.port());
                    assertTrue(outcome.accepted(), () -> version + " " + host + ": " + describe(outcome));
                    assertEquals(version.protocolName(), outcome.protocol());
                    assertTrue(outcome.handshakeNanos() > 0);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void mutualTlsWithATrustedClientCertificate(Provider provider) throws Exception {
        try (TlsTestServer tls = TlsTestServer.start(server, ca)) {
            for (TlsVersion version : TlsVersion.values()) {
                TlsSettings settings = trusting(ca, provider).withVersions(List.of(version));
                TlsClientProbe.Outcome outcome = connect(settings, client.identity(), "localhost", tls.port());
                assertTrue(outcome.accepted(), () -> version + ": " + describe(outcome));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void aServerSignedByAnotherCaIsUntrusted(Provider provider) throws Exception {
        try (TlsTestServer tls = TlsTestServer.start(server, null)) {
            assertFailure(TlsFailure.UNTRUSTED,
                connect(trusting(otherCa, provider), ClientIdentity.none(), "localhost", tls.port()));
        }
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void aCertificateForAnotherNameIsAHostNameFailure(Provider provider) throws Exception {
        try (TlsTestServer tls = TlsTestServer.start(server, null)) {
            // 127.0.0.2 reaches the same loopback listener but is not among the certificate's addresses.
            assertFailure(TlsFailure.HOSTNAME,
                connect(trusting(ca, provider), ClientIdentity.none(), "127.0.0.2", tls.port()));
            // A host name (sent as SNI) that the certificate does not name.
            assertFailure(TlsFailure.HOSTNAME, connectByName(trusting(ca, provider), "kpc.example", tls.port()));
        }
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void withHostNameVerificationOffAnotherNameIsAccepted(Provider provider) throws Exception {
        try (TlsTestServer tls = TlsTestServer.start(server, null)) {
            TlsClientProbe.Outcome outcome =
                connectByName(trusting(ca, provider).withVerifyHostname(false), "kpc.example", tls.port());
            assertTrue(outcome.accepted(), () -> describe(outcome));
        }
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void insecureAcceptsAnUntrustedServer(Provider provider) throws Exception {
        try (TlsTestServer tls = TlsTestServer.start(expiredServer, null)) {
            TlsClientProbe.Outcome outcome = connectByName(
                trusting(otherCa, provider).withInsecure(true), "kpc.example", tls.port());
            assertTrue(outcome.accepted(), () -> describe(outcome));
        }
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void anExpiredServerCertificateIsExpired(Provider provider) throws Exception {
        try (TlsTestServer tls = TlsTestServer.start(expiredServer, null)) {
            assertFailure(TlsFailure.EXPIRED,
                connect(trusting(ca, provider), ClientIdentity.none(), "localhost", tls.port()));
        }
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void aServerThatRequiresAClientCertificateRefusesNoneAndAnUntrustedOne(Provider provider) throws Exception {
        try (TlsTestServer tls = TlsTestServer.start(server, ca)) {
            for (TlsVersion version : TlsVersion.values()) {
                TlsSettings settings = trusting(ca, provider).withVersions(List.of(version));
                TlsClientProbe.Outcome none = connect(settings, ClientIdentity.none(), "localhost", tls.port());
                assertEquals(TlsFailure.BAD_CERTIFICATE, none.failure(), () -> version + " none: " + describe(none));
                // TLS 1.3: our handshake is done before the server judges our certificate; TLS 1.2: it is not.
                assertEquals(version == TlsVersion.TLS_1_3, none.handshakeNanos() != null, () -> describe(none));
                TlsClientProbe.Outcome stranger =
                    connect(settings, strangerClient.identity(), "localhost", tls.port());
                assertEquals(TlsFailure.BAD_CERTIFICATE, stranger.failure(),
                    () -> version + " stranger: " + describe(stranger));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void noCommonProtocolVersionIsAProtocolVersionFailure(Provider provider) throws Exception {
        try (TlsTestServer tls = TlsTestServer.start(server, null, "TLSv1.3")) {
            TlsSettings settings = trusting(ca, provider).withVersions(List.of(TlsVersion.TLS_1_2));
            assertFailure(TlsFailure.PROTOCOL_VERSION,
                connect(settings, ClientIdentity.none(), "localhost", tls.port()));
        }
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void aServerThatNeverAnswersIsAHandshakeTimeout(Provider provider) throws Exception {
        // The kernel completes the TCP handshake into the backlog; nobody ever reads the ClientHello.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            TlsSettings settings = trusting(ca, provider).withHandshakeTimeout(Duration.ofMillis(300));
            TlsClientProbe.Outcome outcome =
                connect(settings, ClientIdentity.none(), "localhost", silent.getLocalPort());
            assertFailure(TlsFailure.HANDSHAKE_TIMEOUT, outcome);
        }
    }

    @Test
    void openSslLoadsHere() {
        // What AUTO picks on these machines; the benchmarks depend on it.
        ProviderChoice choice = ProviderChoice.choose(TlsProvider.AUTO);
        assertEquals(io.netty.handler.ssl.SslProvider.OPENSSL, choice.provider(),
            () -> String.valueOf(io.netty.handler.ssl.OpenSsl.unavailabilityCause()));
        assertTrue(choice.notice().isEmpty());
        assertNotNull(ClientContexts.create(TlsSettings.defaults().withCaFile(ca.cert())).fleetContext());
    }

    private static TlsClientProbe.Outcome connectByName(TlsSettings settings, String name, int port)
        throws Exception {
        return connect(settings, ClientIdentity.none(), name, port);
    }
}
