package dev.kpcload.sim;

import dev.kpcload.tls.PemFiles;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Certificates made on the fly for {@code loadgen run --tls}: a client trusting the CA file connects, verified. */
@Timeout(60)
class EmbeddedTlsTest {

    private static final String TOPIC = "kp1/demo_application_v1/epmx/%s/update/keys/1";

    private static SslContext client(EmbeddedTls pki, String token) throws Exception {
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
            .trustManager(pki.caFile().toFile()).endpointIdentificationAlgorithm("HTTPS");
        if (token != null) {
            builder.keyManager(pki.clientCert(token).toFile(), pki.clientKey(token).toFile());
        }
        return builder.build();
    }

    private static Frame connectAndUpdate(KpcSimulator sim, SslContext context, String host, String token)
        throws Exception {
        try (TlsMqttClient client = TlsMqttClient.connect(context, host, sim.address().getPort()).handshaken()) {
            client.send(Mqtt.connect("meter", 60));
            assertEquals(0, client.next().code());
            client.send(Mqtt.publish(String.format(TOPIC, token), 1, 1, "{\"serial\":\"A1\"}"));
            assertEquals(MqttMessageType.PUBACK, client.next().type());
            return client.next();
        }
    }

    @Test
    void withoutClientCertificatesTheSimulatorServesLocalhostAndLoopbackAddresses(@TempDir Path dir)
        throws Exception {
        EmbeddedTls pki = EmbeddedTls.create(List.of(), dir, new SecureRandom());
        assertNull(pki.clientCertsDir());
        assertEquals(dir.resolve("ca.crt"), pki.caFile());
        assertEquals(SimTls.ClientAuth.OPTIONAL, pki.simTls().clientAuth());
        assertEquals(pki.caFile(), pki.simTls().clientCa());
        assertEquals(List.of("localhost"), List.of(PemFiles.readCertificates(pki.simTls().certChain()).get(0)
            .getSubjectX500Principal().getName().replace("CN=", "")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.simTls().key())));
        assertFalse(Files.exists(dir.resolve("ca.key")), "the CA's key is not kept: nothing else can be signed");
        try (KpcSimulator sim = KpcSimulator.start(SimConfig.loopback(0).withTls(pki.simTls()))) {
            for (String host : List.of("localhost", "127.0.0.1")) {
                Frame reply = connectAndUpdate(sim, client(pki, null), host, "meter-1");
                assertTrue(reply.topic().endsWith("/status"), host + ": " + reply);
            }
            assertEquals(2, sim.stats().tls().handshakes());
        }
    }

    @Test
    void perDeviceClientCertificatesBindEachConnectionToItsToken(@TempDir Path dir) throws Exception {
        List<String> tokens = List.of("meter-1", "meter-2");
        EmbeddedTls pki = EmbeddedTls.create(tokens, dir, new SecureRandom());
        assertEquals(dir.resolve("clients"), pki.clientCertsDir());
        assertTrue(Files.exists(dir.resolve("clients/meter-2.crt")) && Files.exists(dir.resolve("clients/meter-2.key")));
        SimTls required = pki.simTls().withClientAuth(SimTls.ClientAuth.REQUIRE);
        try (KpcSimulator sim = KpcSimulator.start(SimConfig.loopback(0).withTls(required))) {
            assertTrue(connectAndUpdate(sim, client(pki, "meter-2"), "127.0.0.1", "meter-2").topic()
                .endsWith("/status"));
            assertTrue(connectAndUpdate(sim, client(pki, "meter-2"), "127.0.0.1", "meter-1").topic()
                .endsWith("/error"));
            try (TlsMqttClient anonymous = TlsMqttClient.connect(client(pki, null), "localhost",
                sim.address().getPort())) {
                if (anonymous.handshake() == null) {
                    anonymous.send(Mqtt.connect("meter", 60));
                }
                assertTrue(anonymous.closedWithoutPackets());
            }
            TlsStats stats = sim.stats().tls();
            assertEquals(2, stats.clientCertificates());
            assertEquals(1, stats.tokenMismatches());
            assertEquals(Map.of("no_certificate", 1L), stats.failuresByReason());
        }
    }

    @Test
    void aFleetOf19000TokensWithoutClientCertificatesCostsOneCaAndOneServerCertificate(@TempDir Path dir) {
        List<String> tokens = IntStream.range(0, 19_000).mapToObj(i -> "meter-" + i).toList();
        EmbeddedTls pki = EmbeddedTls.create(List.of(), dir, new SecureRandom());
        assertNull(pki.clientCertsDir());
        assertEquals(3, dir.toFile().list().length, "ca.crt, server.crt, server.key: " + List.of(dir.toFile().list()));
        assertEquals(19_000, tokens.size());
    }
}
