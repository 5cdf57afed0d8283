package dev.kpcload.sim;

import dev.kpcload.testing.OpenSsl;
import dev.kpcload.tls.OpensslCerts;
import dev.kpcload.tls.TlsProvider;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulator with a rig made by the {@code openssl} program (CA, server and client certificates, a CRL from
 * {@code openssl ca -gencrl}), so the chain is not only our own code's; {@code openssl s_client} is one of the
 * clients. Skipped without openssl (failed under LOADGEN_REQUIRE_EXTERNAL=1).
 */
@Timeout(120)
class SimTlsOpensslTest {

    private static final String TOPIC = "kp1/demo_application_v1/epmx/%s/update/keys/1";

    @TempDir
    static Path dir;
    static OpensslCerts.Pair ca;
    static OpensslCerts.Pair server;
    static OpensslCerts.Pair meter1;
    static OpensslCerts.Pair meter2;
    static OpensslCerts.Pair deviceX;
    static Path crl;
    static Path map;

    @BeforeAll
    static void rig() throws Exception {
        OpensslCerts openssl = new OpensslCerts(dir);
        ca = openssl.ca("rig-ca");
        server = openssl.server("server", ca, "DNS:localhost,IP:127.0.0.1");
        meter1 = openssl.client("meter-1", ca);
        meter2 = openssl.client("meter-2", ca);
        deviceX = openssl.client("device-x", ca);
        crl = revoke(meter2);
        // a map as a rig keeps it: the certificate of device-x is endpoint meter-9's; meter-2 has one too
        map = dir.resolve("tokens.csv");
        Files.writeString(map, "token,cert,key\nmeter-9,device-x.crt,device-x.key\nmeter-2,meter-2.crt,"
            + "meter-2.key\n");
    }

    /** A CRL of {@code ca} that revokes {@code revoked}, by openssl's own CA database and {@code ca -gencrl}. */
    private static Path revoke(OpensslCerts.Pair revoked) throws Exception {
        OpenSsl openssl = OpenSsl.in(dir);
        String serial = openssl.run("x509", "-in", revoked.cert().toString(), "-noout", "-serial").assertOk()
            .output().strip().substring("serial=".length());
        Path db = Files.createDirectories(dir.resolve("crl-db"));
        Files.writeString(db.resolve("index.txt"), "R\t351231235959Z\t240101000000Z\t" + serial
            + "\tunknown\t/CN=meter-2\n");
        Files.writeString(db.resolve("crlnumber"), "01\n");
        Path cnf = db.resolve("ca.cnf");
        Files.writeString(cnf, "[ca]\ndefault_ca=the_ca\n[the_ca]\ndir=" + db + "\ndatabase=$dir/index.txt\n"
            + "crlnumber=$dir/crlnumber\ndefault_md=sha256\ndefault_crl_days=30\n");
        Path file = dir.resolve("rig.crl");
        openssl.run("ca", "-gencrl", "-config", cnf.toString(), "-cert", ca.cert().toString(), "-keyfile",
            ca.key().toString(), "-out", file.toString()).assertOk();
        assertTrue(Files.readString(file).startsWith("-----BEGIN X509 CRL-----"));
        return file;
    }

    enum Provider {
        JDK, OPENSSL
    }

    private static KpcSimulator start(Provider provider, Path certMap) {
        SimTls tls = SimTls.server(server.cert(), server.key()).withProvider(TlsProvider.valueOf(provider.name()))
            .withClientCa(ca.cert(), SimTls.ClientAuth.REQUIRE).withCertMap(certMap).withRevoked(crl);
        return KpcSimulator.start(SimConfig.loopback(0).withTls(tls));
    }

    private static SslContext client(OpensslCerts.Pair identity) throws Exception {
        return SslContextBuilder.forClient().sslProvider(SslProvider.JDK).trustManager(ca.cert().toFile())
            .endpointIdentificationAlgorithm("HTTPS").keyManager(identity.cert().toFile(), identity.key().toFile())
            .build();
    }

    /** CONNECT, then an EPMX update on {@code token}'s topic; the reply's topic. */
    private static String update(KpcSimulator sim, OpensslCerts.Pair identity, String token) throws Exception {
        try (TlsMqttClient client = TlsMqttClient.connect(client(identity), "localhost", sim.address().getPort())
            .handshaken()) {
            client.send(Mqtt.connect(token, 60));
            assertEquals(0, client.next().code());
            client.send(Mqtt.publish(String.format(TOPIC, token), 1, 3, "{\"serial\":\"X\"}"));
            assertEquals(MqttMessageType.PUBACK, client.next().type());
            return client.next().topic();
        }
    }

    /** {@code openssl s_client} with {@code identity} over TLS 1.2 (the refusal is then the handshake's). */
    private static OpenSsl.Result sClient(KpcSimulator sim, OpensslCerts.Pair identity) {
        return OpenSsl.in(dir).run("s_client", "-connect", "127.0.0.1:" + sim.address().getPort(), "-tls1_2",
            "-servername", "localhost", "-verify_hostname", "localhost", "-CAfile", ca.cert().toString(),
            "-verify_return_error", "-cert", identity.cert().toString(), "-key", identity.key().toString());
    }

    private static void awaitHandshakes(KpcSimulator sim, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (sim.stats().tls().handshakes() < expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void anOpensslRigWithAMapAndACrl(Provider provider) throws Exception {
        try (KpcSimulator sim = start(provider, map)) {
            assertEquals(String.format(TOPIC, "meter-9") + "/status", update(sim, deviceX, "meter-9"));
            assertTrue(update(sim, deviceX, "device-x").endsWith("/error"), "the map, not the CN, names it");
            OpenSsl.Result ok = sClient(sim, deviceX);
            assertEquals(0, ok.exitCode(), ok.output());
            assertTrue(ok.output().contains("Verify return code: 0 (ok)"), ok.output());
            OpenSsl.Result revoked = sClient(sim, meter2);
            assertTrue(revoked.exitCode() != 0, revoked.output());
            if (provider == Provider.OPENSSL) {
                assertTrue(revoked.output().toLowerCase(Locale.ROOT).contains("alert certificate revoked"),
                    revoked.output());
            }
            OpenSsl.Result unknown = sClient(sim, meter1);
            assertTrue(unknown.exitCode() != 0, unknown.output());
            // s_client may be gone before the simulator's loop counted its (successful) handshake
            awaitHandshakes(sim, 3);
            TlsStats tls = sim.stats().tls();
            assertEquals(Map.of("revoked", 1L, "unknown_certificate", 1L), tls.failuresByReason());
            assertEquals(3, tls.handshakes());
            assertEquals(3, tls.clientCertificates());
            assertEquals(1, tls.tokenMismatches());
        }
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void withoutAMapTheOpensslCertificatesCnIsTheEndpoint(Provider provider) throws Exception {
        try (KpcSimulator sim = start(provider, null)) {
            assertEquals(String.format(TOPIC, "meter-1") + "/status", update(sim, meter1, "meter-1"));
            assertTrue(update(sim, meter1, "meter-9").endsWith("/error"));
            assertTrue(sClient(sim, meter2).exitCode() != 0, "the CRL applies without a map too");
            TlsStats tls = sim.stats().tls();
            assertEquals(Map.of("revoked", 1L), tls.failuresByReason());
            assertEquals(1, tls.tokenMismatches());
        }
    }
}
