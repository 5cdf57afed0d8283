package dev.kpcload.sim;

import dev.kpcload.metrics.PrometheusExport;
import dev.kpcload.tls.CertifiedKey;
import dev.kpcload.tls.KeyType;
import dev.kpcload.tls.PemFileWriter;
import dev.kpcload.tls.TestPki;
import dev.kpcload.tls.TlsProvider;
import dev.kpcload.tls.Validity;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulator's TLS on a real loopback socket, each server provider against the other provider as the client:
 * MQTT over TLS, client certificates to endpoints (CN, map), refusals at the handshake and their counters.
 */
@Timeout(60)
class SimTlsLoopbackTest {

    private static final String TOPIC = "kp1/demo_application_v1/epmx/%s/update/keys/1";
    private static final String METADATA = "{\"serial\":\"A1\"}";

    @TempDir
    static Path dir;
    static Path caFile;
    static Path serverCert;
    static Path serverKey;
    static CertifiedKey meter1;
    static CertifiedKey meter2;
    static CertifiedKey deviceA;
    static CertifiedKey deviceB;
    static CertifiedKey stranger;
    static CertifiedKey expired;
    static Path bothCas;

    @BeforeAll
    static void makeCertificates() throws Exception {
        SecureRandom random = new SecureRandom();
        Validity now = new Validity(Instant.now().minus(Duration.ofHours(1)), Duration.ofDays(2));
        TestPki pki = TestPki.create(KeyType.EC, now, random, "sim test CA");
        caFile = dir.resolve("ca.crt");
        PemFileWriter.writeCertificate(caFile, pki.ca().certificate());
        CertifiedKey server = pki.server(List.of("localhost"), List.of(InetAddress.getByName("127.0.0.1")));
        serverCert = dir.resolve("server.crt");
        serverKey = dir.resolve("server.key");
        PemFileWriter.writeCertificate(serverCert, server.certificate());
        PemFileWriter.writePrivateKey(serverKey, server.key());
        meter1 = pki.client("meter-1");
        meter2 = pki.client("meter-2");
        deviceA = pki.client("device-a");
        deviceB = pki.client("device-b");
        PemFileWriter.writeCertificate(dir.resolve("device-a.crt"), deviceA.certificate());
        // a CA of the same name and another key: clients offer its certificates (they choose by issuer name), PKIX
        // finds the signature wrong
        stranger = TestPki.create(KeyType.EC, now, random, "sim test CA").client("meter-1");
        TestPki old = TestPki.create(KeyType.EC, new Validity(Instant.parse("2020-01-01T00:00:00Z"),
            Duration.ofDays(30)), random, "old CA");
        expired = old.client("meter-1");
        bothCas = dir.resolve("both-cas.crt");
        PemFileWriter.writeCertificates(bothCas, List.of(pki.ca().certificate(), old.ca().certificate()));
    }

    /** The server's provider; the client uses the other one, so each side is checked by another implementation. */
    enum Provider {
        JDK(SslProvider.OPENSSL), OPENSSL(SslProvider.JDK);

        final SslProvider client;

        Provider(SslProvider client) {
            this.client = client;
        }

        TlsProvider server() {
            return TlsProvider.valueOf(name());
        }
    }

    private static SimTls tls(Provider provider) {
        return SimTls.server(serverCert, serverKey).withProvider(provider.server());
    }

    private static KpcSimulator start(SimTls tls) {
        return KpcSimulator.start(SimConfig.loopback(0).withTls(tls));
    }

    private static SslContext client(Provider provider, CertifiedKey identity, String... versions) throws Exception {
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(provider.client).trustManager(caFile.toFile())
            .endpointIdentificationAlgorithm("HTTPS");
        if (versions.length > 0) {
            builder.protocols(versions);
        }
        if (identity != null) {
            builder.keyManager(identity.key(), identity.chain());
        }
        return builder.build();
    }

    private static TlsMqttClient connected(KpcSimulator sim, SslContext context) throws Exception {
        TlsMqttClient client = TlsMqttClient.connect(context, "localhost", sim.address().getPort()).handshaken();
        client.send(Mqtt.connect("meter", 60));
        Frame connAck = client.next();
        assertEquals(MqttMessageType.CONNACK, connAck.type());
        assertEquals(0, connAck.code());
        return client;
    }

    /** A QoS 1 EPMX update on {@code token}'s topic: the PUBACK, then the reply (returned). */
    private static Frame update(TlsMqttClient client, String token) throws Exception {
        client.send(Mqtt.publish(String.format(TOPIC, token), 1, 7, METADATA));
        assertEquals(MqttMessageType.PUBACK, client.next().type());
        return client.next();
    }

    private static void assertStatus(Frame reply, String token) {
        assertEquals(String.format(TOPIC, token) + "/status", reply.topic(), reply::toString);
    }

    /** Connects with {@code identity}, expecting the simulator to refuse it; returns what our side saw. */
    private static Throwable refused(KpcSimulator sim, SslContext context) throws Exception {
        try (TlsMqttClient client = TlsMqttClient.connect(context, "localhost", sim.address().getPort())) {
            if (client.handshake() == null) {
                client.send(Mqtt.connect("meter", 60)); // TLS 1.3: the refusal comes after our handshake
            }
            Throwable why = client.refusal();
            assertTrue(client.closedWithoutPackets(), "no CONNACK on a refused connection");
            return why;
        }
    }

    private static void awaitValue(long expected, LongSupplier value) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (value.getAsLong() != expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(expected, value.getAsLong());
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void mqttOverTlsIsServedAndItsWireBytesCounted(Provider provider) throws Exception {
        try (KpcSimulator sim = start(tls(provider))) {
            assertTrue(sim.tls());
            assertTrue(sim.tlsDescription().startsWith("TLS via " + (provider == Provider.JDK ? "the JDK" : "OpenSSL")
                + " (no client certificates"), sim.tlsDescription());
            try (TlsMqttClient client = connected(sim, client(provider, null))) {
                assertStatus(update(client, "meter-1"), "meter-1");
                // every byte either side wrote has been read by the other: the counts are of the same bytes
                SimStats stats = sim.stats();
                assertEquals(client.bytesOut.sum(), stats.bytesIn(), "simulator's bytes in: the client's out");
                assertEquals(client.bytesIn.sum(), stats.bytesOut(), "simulator's bytes out: the client's in");
                int plain = Mqtt.encodeToBytes(Mqtt.connect("meter", 60),
                    Mqtt.publish(String.format(TOPIC, "meter-1"), 1, 7, METADATA)).length;
                assertTrue(stats.bytesIn() > plain + 200, "the handshake and record overhead are counted");
            }
            SimStats stats = sim.stats();
            assertEquals(1, stats.tls().handshakes());
            assertEquals(0, stats.tls().clientCertificates());
            assertEquals(0, stats.tls().failures());
            assertEquals(1, stats.repliesStatus());
            assertEquals(0, stats.protocolErrors());
            assertTrue(sim.metadata().get("meter-1").isPresent());
            assertTrue(stats.formatLine().endsWith(" | tls: 1 handshake, 0 failed"), stats::formatLine);
        }
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void tls12AndTls13AreBothServed(Provider provider) throws Exception {
        try (KpcSimulator sim = start(tls(provider))) {
            for (String version : List.of("TLSv1.3", "TLSv1.2")) {
                try (TlsMqttClient client = connected(sim, client(provider, null, version))) {
                    assertEquals(version, client.ssl().engine().getSession().getProtocol());
                    assertStatus(update(client, "meter-1"), "meter-1");
                }
            }
            assertEquals(2, sim.stats().tls().handshakes());
        }
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void requiredClientCertificatesMissingAreRefusedAtTheHandshake(Provider provider) throws Exception {
        try (KpcSimulator sim = start(tls(provider).withClientCa(caFile, SimTls.ClientAuth.REQUIRE))) {
            for (String version : List.of("TLSv1.3", "TLSv1.2")) {
                assertNotNull(refused(sim, client(provider, null, version)), version);
            }
            TlsStats tls = sim.stats().tls();
            assertEquals(Map.of("no_certificate", 2L), tls.failuresByReason());
            assertEquals(0, tls.handshakes());
            assertEquals(0, sim.stats().connectsAccepted());
            assertEquals(0, sim.stats().protocolErrors(), "a refused handshake is not a protocol error");
        }
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void theCertificatesCnIsTheEndpointAndOtherTokensGet401(Provider provider) throws Exception {
        try (KpcSimulator sim = start(tls(provider).withClientCa(caFile, SimTls.ClientAuth.REQUIRE));
             TlsMqttClient client = connected(sim, client(provider, meter1))) {
            assertStatus(update(client, "meter-1"), "meter-1");
            Frame other = update(client, "meter-2");
            assertEquals(String.format(TOPIC, "meter-2") + "/error", other.topic());
            assertTrue(other.payload().contains("\"statusCode\":401"), other.payload());
            assertTrue(other.payload().contains("the client certificate authenticates endpoint 'meter-1', not"
                + " 'meter-2'"), other.payload());
            SimStats stats = sim.stats();
            assertEquals(1, stats.tls().tokenMismatches());
            assertEquals(Map.of(401, 1L), stats.repliesErrorByStatus());
            assertEquals(1, stats.tls().clientCertificates());
            assertTrue(sim.metadata().get("meter-2").isEmpty(), "the other endpoint's metadata is untouched");
        }
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void aMapFileNamesTheEndpointByIssuerAndSerialAndRefusesOthers(Provider provider) throws Exception {
        Path map = dir.resolve("map-" + provider + ".csv");
        // the CN says device-a, the map says meter-7; the unmapped device-b is refused though its CA is trusted
        Files.writeString(map, "token,client_id,cert,key\nmeter-7,m7,device-a.crt,device-a.key\nmeter-8,m8,,\n");
        try (KpcSimulator sim = start(tls(provider).withClientCa(caFile, SimTls.ClientAuth.REQUIRE).withCertMap(map))) {
            assertTrue(sim.tlsDescription().endsWith("endpoint from " + map + ", 1 mapped certificate)"),
                sim.tlsDescription());
            try (TlsMqttClient client = connected(sim, client(provider, deviceA))) {
                assertStatus(update(client, "meter-7"), "meter-7");
                assertTrue(update(client, "device-a").topic().endsWith("/error"));
            }
            for (String version : List.of("TLSv1.3", "TLSv1.2")) {
                Throwable why = refused(sim, client(provider, deviceB, version));
                assertNotNull(why, version);
            }
            TlsStats tls = sim.stats().tls();
            assertEquals(Map.of("unknown_certificate", 2L), tls.failuresByReason());
            assertEquals(1, tls.handshakes());
            assertEquals(1, tls.tokenMismatches());
        }
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void revokedUntrustedAndExpiredCertificatesAreRefusedEachByItsReason(Provider provider) throws Exception {
        Path revoked = dir.resolve("revoked-" + provider + ".txt");
        Files.writeString(revoked, "# revoked by the test\nserial=" + meter2.certificate().getSerialNumber()
            .toString(16).toUpperCase(Locale.ROOT) + "\n");
        SimTls tls = tls(provider).withClientCa(bothCas, SimTls.ClientAuth.REQUIRE).withRevoked(revoked);
        try (KpcSimulator sim = start(tls)) {
            for (String version : List.of("TLSv1.3", "TLSv1.2")) {
                Throwable why = refused(sim, client(provider, meter2, version));
                assertNotNull(why, version);
                // the alert says which with OpenSSL; the JDK's server says certificate_unknown to every refusal
                String alert = provider == Provider.OPENSSL ? "certificate_revoked" : "certificate_unknown";
                assertTrue(why.getMessage().toLowerCase(Locale.ROOT).contains(alert), version + ": " + why);
                assertNotNull(refused(sim, client(provider, stranger, version)), version);
                assertNotNull(refused(sim, client(provider, expired, version)), version);
            }
            try (TlsMqttClient client = connected(sim, client(provider, meter1))) {
                assertStatus(update(client, "meter-1"), "meter-1");
            }
            TlsStats stats = sim.stats().tls();
            assertEquals(Map.of("revoked", 2L, "untrusted", 2L, "expired", 2L), stats.failuresByReason());
            assertEquals(1, stats.handshakes());
        }
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void optionalClientAuthServesClientsWithAndWithoutCertificates(Provider provider) throws Exception {
        try (KpcSimulator sim = start(tls(provider).withClientCa(caFile, SimTls.ClientAuth.OPTIONAL))) {
            try (TlsMqttClient client = connected(sim, client(provider, null))) {
                assertStatus(update(client, "meter-1"), "meter-1");
                assertStatus(update(client, "meter-2"), "meter-2");
            }
            try (TlsMqttClient client = connected(sim, client(provider, meter2))) {
                assertStatus(update(client, "meter-2"), "meter-2");
                assertTrue(update(client, "meter-1").topic().endsWith("/error"));
            }
            TlsStats stats = sim.stats().tls();
            assertEquals(2, stats.handshakes());
            assertEquals(1, stats.clientCertificates());
            assertEquals(1, stats.tokenMismatches());
        }
    }

    @Test
    void plainMqttOnTheTlsPortIsCountedAsNotTls() throws Exception {
        try (KpcSimulator sim = start(tls(Provider.OPENSSL));
             BlockingMqttClient plain = new BlockingMqttClient(sim.address())) {
            plain.send(Mqtt.connect("meter", 60));
            assertTrue(plain.closedByServer());
            awaitValue(1, () -> sim.stats().tls().failures(SimTlsFailure.NOT_TLS));
            assertEquals(0, sim.stats().protocolErrors());
            assertEquals(0, sim.stats().connectsAccepted());
        }
    }

    @Test
    void theTlsCountersAreExported() throws Exception {
        try (KpcSimulator sim = start(tls(Provider.OPENSSL).withClientCa(caFile, SimTls.ClientAuth.REQUIRE));
             PrometheusExport export = new PrometheusExport("sim", "0")) {
            sim.bindMetrics(export.registry());
            try (TlsMqttClient client = connected(sim, client(Provider.OPENSSL, meter1))) {
                update(client, "meter-2");
            }
            refused(sim, client(Provider.OPENSSL, stranger));
            String text = export.scrape();
            String labels = "{run_id=\"sim\",shard=\"0\"";
            String failures = "kpcsim_tls_handshake_failures_total{reason=\"";
            assertTrue(text.contains("kpcsim_tls_handshakes_total" + labels + "} 1.0"), text);
            assertTrue(text.contains("kpcsim_tls_client_certificates_total" + labels + "} 1.0"), text);
            assertTrue(text.contains("kpcsim_tls_token_mismatches_total" + labels + "} 1.0"), text);
            assertTrue(text.contains(failures + "untrusted\",run_id=\"sim\",shard=\"0\"} 1.0"), text);
            for (SimTlsFailure reason : SimTlsFailure.values()) {
                assertTrue(text.contains(failures + reason.tag() + "\",run_id="), reason + " exported from the start");
            }
            assertTrue(text.contains("# HELP kpcsim_tls_handshake_failures_total "), text);
        }
    }

    @Test
    void aPlainSimulatorHasNoTls() {
        try (KpcSimulator sim = KpcSimulator.start(SimConfig.loopback(0))) {
            assertTrue(!sim.tls());
            assertEquals("plain MQTT", sim.tlsDescription());
            assertTrue(sim.tlsNotice().isEmpty());
            assertNull(sim.config().tls());
            assertEquals(TlsStats.NONE, sim.stats().tls());
        }
    }
}
