package dev.kpcload.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kpcload.testing.Mosquitto;
import dev.kpcload.tls.OpensslCerts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code loadgen run --tls} against Mosquitto's TLS listener, a real peer ({@code require_certificate true},
 * {@code use_identity_as_username true}), with certificates made by {@code openssl} so that the chain is not only our
 * own: every meter connects with its own certificate and every message is confirmed, on both providers and both
 * versions; each kind of trouble fails every connect with its own kind and exit code 3.
 */
class TlsMosquittoRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int METERS = 6;

    @TempDir
    static Path pki;
    @TempDir
    Path dir;

    private static OpensslCerts.Pair ca;
    private static OpensslCerts.Pair server;
    private static OpensslCerts.Pair otherCa;
    private static Path tokens;

    @BeforeAll
    static void makePki() throws Exception {
        OpensslCerts openssl = new OpensslCerts(pki);
        ca = openssl.ca("rig-ca");
        server = openssl.server("broker", ca, "DNS:localhost,IP:127.0.0.1");
        otherCa = openssl.ca("other-ca");
        // one certificate per meter, CN = its token: the broker takes it as the user name
        List<String> lines = new ArrayList<>(List.of("token,cert,key"));
        for (int i = 0; i < METERS; i++) {
            String token = "meter" + i;
            OpensslCerts.Pair client = openssl.client(token, ca);
            lines.add(token + "," + pki.relativize(client.cert()) + "," + pki.relativize(client.key()));
        }
        tokens = Files.write(pki.resolve("tokens.csv"), lines);
    }

    private JsonNode run(Mosquitto broker, int expectedExit, String... extra) throws Exception {
        return run(tokens, broker, expectedExit, extra);
    }

    private JsonNode run(Path tokenFile, Mosquitto broker, int expectedExit, String... extra) throws Exception {
        Path json = dir.resolve("summary-" + System.nanoTime() + ".json");
        List<String> args = new ArrayList<>(List.of("run", "--tokens", tokenFile.toString(), "--server",
            "localhost:" + broker.port(), "--tls", "--confirm", "puback", "--rate", "30/s", "--duration", "1s",
            "--connect-timeout", "5s", "--json-out", json.toString()));
        args.addAll(List.of(extra));
        CliHarness result = CliHarness.run(args.toArray(String[]::new));
        assertEquals(expectedExit, result.exitCode(), result.out() + result.err());
        return JSON.readTree(json.toFile());
    }

    private static Mosquitto broker(Path dir, String... extra) throws Exception {
        List<String> lines = new ArrayList<>(List.of("require_certificate true", "use_identity_as_username true"));
        lines.addAll(List.of(extra));
        return Mosquitto.startTls(dir, ca.cert(), server.cert(), server.key(), lines.toArray(String[]::new));
    }

    @Test
    void everyMeterConnectsWithItsOwnCertificateOnBothProvidersAndVersions() throws Exception {
        try (Mosquitto broker = broker(dir)) {
            for (String provider : List.of("openssl", "jdk")) {
                for (String version : List.of("1.2", "1.3")) {
                    JsonNode summary = run(broker, 0, "--ca", ca.cert().toString(), "--tls-provider", provider,
                        "--tls-versions", version);
                    String what = provider + " TLS " + version;
                    assertEquals(METERS, summary.get("devices").get("connected").asLong(), what);
                    JsonNode m = summary.get("messages");
                    assertEquals(30, m.get("scheduled").asLong(), what);
                    assertEquals(30, m.get("confirmed").asLong(), what);
                    assertEquals(METERS, summary.get("latencies").get("tls_handshake").get("count").asLong(), what);
                }
            }
        }
    }

    /**
     * The meters share one certificate ({@code --client-cert}), so one client context and its session cache, and
     * connect one at a time (10/s): with {@code fleet} each after the first may resume the session the one before left
     * (the cache holds one per host and port; a TLS 1.3 ticket is used once, each connection brings a new one); with
     * {@code device} each meter has a cache key of its own and nothing to resume before a reconnect; with {@code off}
     * nothing is ever resumed. Found 2026-12-03 against Mosquitto 2.0.11 on OpenSSL 3.0: both providers resume TLS
     * 1.2 and TLS 1.3 alike.
     */
    @Test
    void fleetResumptionResumesTheConnectsAfterTheFirstAndOffAndDeviceResumeNone() throws Exception {
        OpensslCerts.Pair fleetCert = new OpensslCerts(dir).client("fleet", ca);
        List<String> plain = new ArrayList<>(List.of("token"));
        for (int i = 0; i < METERS; i++) {
            plain.add("meter" + i);
        }
        Path plainTokens = Files.write(dir.resolve("plain.csv"), plain);
        try (Mosquitto broker = broker(dir)) {
            for (String provider : List.of("openssl", "jdk")) {
                for (String version : List.of("1.2", "1.3")) {
                    for (String resumption : List.of("fleet", "device", "off")) {
                        if (!resumption.equals("fleet") && !(provider + version).matches("openssl1.3|jdk1.2")) {
                            continue; // the fleet ones show the counting works: two of each of the others suffice
                        }
                        String what = provider + " TLS " + version + " --tls-resumption " + resumption;
                        JsonNode summary = run(plainTokens, broker, 0, "--ca", ca.cert().toString(),
                            "--client-cert", fleetCert.cert().toString(), "--client-key", fleetCert.key().toString(),
                            "--tls-provider", provider, "--tls-versions", version, "--tls-resumption", resumption,
                            "--connect-rate", "10/s");
                        JsonNode tls = summary.get("tls");
                        assertEquals(METERS, tls.get("handshakes").asLong(), what + ": " + tls);
                        long resumed = tls.get("resumed").asLong();
                        if (resumption.equals("fleet")) {
                            // the second meter may be too quick for a slow first handshake's session
                            assertTrue(resumed >= METERS - 2 && resumed <= METERS - 1, what + ": " + tls);
                        } else {
                            assertEquals(0, resumed, what + ": " + tls);
                        }
                    }
                }
            }
        }
    }

    /** Each meter's own certificate is a context of its own, and so a session cache of its own: nothing to share. */
    @Test
    void meterCertificatesOfTheirOwnLeaveFleetResumptionNothingToShare() throws Exception {
        try (Mosquitto broker = broker(dir)) {
            JsonNode tls = run(broker, 0, "--ca", ca.cert().toString(), "--tls-resumption", "fleet", "--connect-rate",
                "10/s").get("tls");
            assertEquals(METERS, tls.get("handshakes").asLong(), tls.toString());
            assertEquals(0, tls.get("resumed").asLong(), tls.toString());
        }
    }

    @Test
    void aPlainRunHasNoTlsFigures() throws Exception {
        try (Mosquitto broker = Mosquitto.start(dir)) {
            Path json = dir.resolve("plain.json");
            CliHarness result = CliHarness.run("run", "--tokens", tokens.toString(), "--server",
                "localhost:" + broker.port(), "--confirm", "puback", "--rate", "30/s", "--duration", "1s",
                "--json-out", json.toString());
            assertEquals(0, result.exitCode(), result.out() + result.err());
            assertTrue(JSON.readTree(json.toFile()).get("tls").isNull());
            assertFalse(result.out().contains("handshakes:"), result.out());
        }
    }

    private static long failures(JsonNode summary, String kind) {
        JsonNode byKind = summary.get("devices").get("failuresByKind");
        assertEquals(1, byKind.size(), byKind.toString());
        return byKind.path(kind).asLong();
    }

    @Test
    void eachKindOfTroubleFailsEveryConnectWithItsOwnKind() throws Exception {
        OpensslCerts openssl = new OpensslCerts(dir);
        List<String> plain = new ArrayList<>(List.of("token"));
        for (int i = 0; i < METERS; i++) {
            plain.add("meter" + i);
        }
        Files.write(dir.resolve("plain.csv"), plain); // meters without certificates of their own
        try (Mosquitto broker = broker(dir)) {
            assertEquals(METERS, failures(run(broker, 3, "--ca", otherCa.cert().toString()), "tls_untrusted"),
                "a server certificate of a CA we do not trust");

            OpensslCerts.Pair stranger = openssl.client("stranger", otherCa);
            assertEquals(METERS, failures(run(dir.resolve("plain.csv"), broker, 3, "--ca", ca.cert().toString(),
                "--client-cert", stranger.cert().toString(), "--client-key", stranger.key().toString()), "tls_bad_certificate"), "a client certificate it does not trust");

            OpensslCerts.Pair expired = openssl.expiredClient("expired", ca);
            assertEquals(METERS, failures(run(dir.resolve("plain.csv"), broker, 3, "--ca", ca.cert().toString(),
                "--client-cert", expired.cert().toString(), "--client-key", expired.key().toString(),
                "--allow-expired-client-certs"), "tls_client_expired"),
                "an expired client certificate, sent on purpose");
        }
        OpensslCerts.Pair elsewhere = openssl.server("elsewhere", ca, "DNS:kpc.elsewhere.example");
        try (Mosquitto broker = Mosquitto.startTls(dir, ca.cert(), elsewhere.cert(), elsewhere.key())) {
            assertEquals(METERS, failures(run(broker, 3, "--ca", ca.cert().toString()), "tls_hostname"),
                "a certificate for another host");
        }
    }

    @Test
    void badCertificateFilesAreRefusedBeforeAnythingConnects() throws Exception {
        Path notPem = Files.writeString(dir.resolve("ca.txt"), "not a certificate\n");
        for (List<String> args : List.of(
                List.of("--ca", dir.resolve("missing.pem").toString()),
                List.of("--ca", notPem.toString()),
                List.of("--client-cert", ca.cert().toString(), "--client-key", otherCa.key().toString()))) {
            List<String> all = new ArrayList<>(List.of("run", "--tokens", tokens.toString(), "--server",
                "127.0.0.1:1", "--tls", "--rate", "1/s", "--duration", "1s"));
            all.addAll(args);
            CliHarness result = CliHarness.run(all.toArray(String[]::new));
            assertEquals(2, result.exitCode(), args + ": " + result.err());
            assertEquals(1, result.err().strip().lines().count(), args + ": one line: " + result.err());
            assertFalse(result.err().contains("Exception"), result.err());
        }
    }
}
