package dev.kpcload.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code loadgen run --tls} with per-device certificates against {@code loadgen sim --tls-cert ... --client-ca ...
 * --cert-map}, both as processes: the simulator finds each device's endpoint by its certificate's issuer and serial,
 * so every request is answered; a certificate the map does not know is refused at the handshake; devices presenting
 * another device's certificate are answered 401.
 */
class SimTlsRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private JsonNode run(SimProcess sim, Path tokens, int expectedExit, String... extra) throws Exception {
        Path json = dir.resolve("summary-" + System.nanoTime() + ".json");
        List<String> args = new java.util.ArrayList<>(List.of("run", "--tokens", tokens.toString(), "--server",
            "localhost:" + sim.server().substring(sim.server().lastIndexOf(':') + 1), "--tls", "--ca",
            dir.resolve("pki/ca.crt").toString(), "--rate", "40/s", "--duration", "1s", "--json-out",
            json.toString()));
        args.addAll(List.of(extra));
        CliHarness result = CliHarness.run(args.toArray(String[]::new));
        assertEquals(expectedExit, result.exitCode(), result.out() + result.err());
        return JSON.readTree(json.toFile());
    }

    @Test
    void perDeviceCertificatesMappedToTheirEndpoints() throws Exception {
        Path tokens = dir.resolve("tokens.csv");
        assertEquals(0, CliHarness.run("tokens", "--count", "8", "--seed", "4", "--out", tokens.toString()).exitCode());
        assertEquals(0, CliHarness.run("certs", "--tokens", tokens.toString(), "--out", dir.resolve("pki").toString(),
            "--server-names", "localhost", "--server-ips", "127.0.0.1").exitCode());
        Path pki = dir.resolve("pki");
        Path devices = pki.resolve("tokens.csv"); // token,cert,key: the device token file, and a map as it is
        List<String> lines = Files.readAllLines(devices);
        // the simulator's map knows all but the last device: its certificate, of the right CA, is unknown
        Path map = Files.write(pki.resolve("map.csv"), lines.subList(0, lines.size() - 1));
        try (SimProcess sim = SimProcess.start(dir.resolve("sim.log"), List.of(), "--tls-cert",
                pki.resolve("server.crt").toString(), "--tls-key", pki.resolve("server.key").toString(),
                "--client-ca", pki.resolve("ca.crt").toString(), "--cert-map", map.toString())) {
            JsonNode ok = run(sim, devices, 0);
            assertEquals(7, ok.get("devices").get("connected").asLong());
            // refused at the handshake; the simulator's OpenSSL sends internal_error for a refusal of its own kind
            // (unknown to the map), which the client can only count as tls_other (revoked and expired have alerts)
            JsonNode failures = ok.get("devices").get("failuresByKind");
            assertEquals(1, failures.size(), failures.toString());
            assertTrue(failures.fieldNames().next().startsWith("tls_"), failures.toString());
            assertEquals(40, ok.get("messages").get("confirmed").asLong(), ok.get("messages").toString());

            // every device presents the first device's certificate: the simulator's endpoint is that one, so the
            // other devices' requests (their own tokens in the topic) are answered 401
            String[] first = lines.get(1).split(",");
            String cert = pki.resolve(first[first.length - 2]).toString();
            String key = pki.resolve(first[first.length - 1]).toString();
            JsonNode borrowed = run(sim, tokens, 0, "--client-cert", cert, "--client-key", key);
            assertEquals(8, borrowed.get("devices").get("connected").asLong());
            JsonNode m = borrowed.get("messages");
            assertEquals(35, m.get("errorRepliesByStatus").path("401").asLong(), m.toString());
            assertEquals(5, m.get("confirmed").asLong(), "the first device's own messages");
        }
    }
}
