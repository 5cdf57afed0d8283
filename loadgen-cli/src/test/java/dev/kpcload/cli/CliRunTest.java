package dev.kpcload.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kpcload.testing.Mosquitto;
import dev.kpcload.testing.TopicRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code loadgen run} end to end through the command line. */
class CliRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path tokens(int count) {
        Path file = dir.resolve("tokens.csv");
        assertEquals(0, CliHarness.run("tokens", "--count", String.valueOf(count), "--seed", "5", "--out",
            file.toString()).exitCode());
        return file;
    }

    private static void assertBalanced(JsonNode m) {
        assertEquals(m.get("scheduled").asLong(), m.get("confirmed").asLong() + m.get("failed").asLong()
            + m.get("timedOut").asLong() + m.get("dropped").asLong() + m.get("inFlight").asLong(), m.toString());
    }

    @Test
    void runAgainstTheEmbeddedSimulatorWritesItsSummary() throws Exception {
        Path json = dir.resolve("out/summary.json");
        CliHarness result = CliHarness.run("run", "--tokens", tokens(50).toString(), "--rate", "100/s",
            "--duration", "2s", "--report-interval", "1s", "--seed", "3", "--json-out", json.toString());
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("No --server given: started the embedded KPC simulator on 127.0.0.1:"),
            result.out());
        assertTrue(result.out().contains("200 scheduled = 200 confirmed"), result.out());
        JsonNode summary = JSON.readTree(json.toFile());
        assertEquals("completed", summary.get("outcome").asText());
        assertEquals(200, summary.get("messages").get("confirmed").asLong());
        assertBalanced(summary.get("messages"));
        assertEquals(3, summary.get("config").get("seed").asLong());
        assertEquals(200, summary.get("latencies").get("status").get("count").asLong());
    }

    @Test
    void tlsAgainstTheEmbeddedSimulatorNeedsNoFiles() throws Exception {
        Path json = dir.resolve("tls/summary.json");
        CliHarness result = CliHarness.run("run", "--tokens", tokens(30).toString(), "--tls", "--rate", "60/s",
            "--duration", "1s", "--report-interval", "1s", "--json-out", json.toString());
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("; TLS with a CA made for this run, "), result.out());
        assertTrue(result.out().contains("server verified against "), result.out());
        JsonNode summary = JSON.readTree(json.toFile());
        assertEquals(30, summary.get("devices").get("connected").asLong(), result.out());
        assertEquals(60, summary.get("messages").get("confirmed").asLong());
        assertBalanced(summary.get("messages"));
        assertEquals(30, summary.get("latencies").get("tls_handshake").get("count").asLong(),
            "every connect had its handshake timed");
        assertTrue(summary.get("other").get("bytesSent").asLong() > 30 * 300,
            "TLS records counted on the wire, handshakes included");
    }

    @Test
    void runWithServerAgainstMosquittoConfirmsByPuback() throws Exception {
        Path json = dir.resolve("summary.json");
        try (Mosquitto broker = Mosquitto.start(dir);
             TopicRecorder subscriber = TopicRecorder.start(broker.port(), "kp1/#", dir)) {
            CliHarness result = CliHarness.run("run", "--tokens", tokens(40).toString(), "--server",
                "127.0.0.1:" + broker.port(), "--confirm", "puback", "--rate", "200/s", "--duration", "2s",
                "--json-out", json.toString());
            assertEquals(0, result.exitCode(), result.err() + result.out());
            JsonNode m = JSON.readTree(json.toFile()).get("messages");
            assertEquals(400, m.get("confirmed").asLong());
            assertBalanced(m);
            assertEquals(440, subscriber.awaitMessages(440, 10_000).size());
        }
    }

    @Test
    void aRunThatCannotFitTheOpenFileLimitIsRefusedUpFront() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.kpcload.run.OsLimits.openFileLimit() > 0
            && dev.kpcload.run.OsLimits.openFileLimit() < 38_000, "needs an open-file limit below 38,000");
        CliHarness result = CliHarness.run("run", "--tokens", tokens(19_000).toString(), "--rate", "10/s");
        assertEquals(2, result.exitCode(), result.err());
        assertEquals(1, result.errLines().size(), result.err());
        assertTrue(result.err().contains("19,000 meters need about"), result.err());
        assertTrue(result.err().contains("--shards N --shard-index I"), result.err());
        assertTrue(result.out().isEmpty(), "refused before anything started: " + result.out());
    }

    @Test
    void shardsTogetherMakeExactlyOneRun() throws Exception {
        Path tokens = tokens(30);
        try (dev.kpcload.sim.KpcSimulator sim = dev.kpcload.sim.KpcSimulator.start(
            dev.kpcload.sim.SimConfig.loopback(0))) {
            Path[] json = {dir.resolve("s0.json"), dir.resolve("s1.json"), dir.resolve("s2.json")};
            List<Thread> threads = new ArrayList<>();
            CliHarness[] results = new CliHarness[3];
            for (int i = 0; i < 3; i++) {
                int shard = i;
                threads.add(new Thread(() -> results[shard] = CliHarness.run("run", "--tokens", tokens.toString(),
                    "--server", "127.0.0.1:" + sim.address().getPort(), "--rate", "300/s", "--duration", "2s",
                    "--shards", "3", "--shard-index", String.valueOf(shard), "--run-id", "sharded",
                    "--json-out", json[shard].toString())));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            long scheduled = 0;
            long devices = 0;
            for (int i = 0; i < 3; i++) {
                assertEquals(0, results[i].exitCode(), results[i].err());
                JsonNode summary = JSON.readTree(json[i].toFile());
                assertBalanced(summary.get("messages"));
                assertEquals(100.0, summary.get("config").get("ratePerSecond").asDouble(), 1e-9);
                scheduled += summary.get("messages").get("scheduled").asLong();
                devices += summary.get("devices").get("connected").asLong();
            }
            assertEquals(600, scheduled, "300/s for 2 s, split over 3 shards");
            assertEquals(30, devices);
            assertEquals(30, sim.metadata().size(), "every token reported by exactly one shard");
        }
    }

    @Test
    void noServerListeningExitsWithThree() throws Exception {
        CliHarness result = CliHarness.run("run", "--tokens", tokens(5).toString(), "--server",
            "127.0.0.1:" + Mosquitto.freePort(), "--rate", "10/s", "--duration", "1s");
        assertEquals(3, result.exitCode());
        assertTrue(result.err().contains("no device connected"), result.err());
        assertTrue(result.out().contains("refused 5"), result.out());
    }

    @Test
    void standaloneSimulatorServesARunAndPrintsItsCountersOnSigterm() throws Exception {
        Path tokens = tokens(30);
        Process sim = javaMain("sim", "--port", "0", "--tokens", tokens.toString(), "--stats-interval", "0",
            "--metrics-port", "0");
        BufferedReader simOut = new BufferedReader(new InputStreamReader(sim.getInputStream(),
            StandardCharsets.UTF_8));
        String metricsLine = simOut.readLine();
        assertTrue(metricsLine != null && metricsLine.startsWith("metrics: http://127.0.0.1:"), metricsLine);
        String metricsUrl = metricsLine.substring("metrics: ".length());
        String banner = simOut.readLine();
        assertTrue(banner != null && banner.startsWith("KPC simulator listening on 127.0.0.1:"), banner);
        String port = banner.replaceAll(".*127\\.0\\.0\\.1:(\\d+).*", "$1");
        try {
            CliHarness run = CliHarness.run("run", "--tokens", tokens.toString(), "--server", "127.0.0.1:" + port,
                "--rate", "150/s", "--duration", "1s");
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.out().contains("150 scheduled = 150 confirmed"), run.out());
            String scrape = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(metricsUrl)).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            // 150 plan messages and 30 reports on CONNACK
            assertTrue(scrape.contains("kpcsim_status_replies_total{run_id=\"sim\",shard=\"0\"} 180.0"), scrape);
            assertTrue(scrape.contains("kpcsim_connects_accepted_total"), scrape);
        } finally {
            new ProcessBuilder("kill", "-TERM", String.valueOf(sim.pid())).start().waitFor();
        }
        String rest = simOut.lines().reduce("", (a, b) -> a + b + "\n");
        assertTrue(sim.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, sim.exitValue(), rest);
        assertTrue(rest.contains("30 accepted"), rest);
        assertTrue(rest.contains("replies 180 ok"), rest);
    }

    private static Process javaMain(String... args) throws java.io.IOException {
        List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    @Test
    void sigintStopsGracefullyAndStillWritesTheSummary() throws Exception {
        Path json = dir.resolve("summary.json");
        Process process = javaMain("run", "--tokens", tokens(20).toString(), "--rate", "100/s",
            "--report-interval", "1s", "--json-out", json.toString());
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8))) {
            String line;
            boolean signalled = false;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                if (!signalled && line.contains("] publish")) {
                    new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start().waitFor();
                    signalled = true;
                }
            }
        }
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        String output = String.join("\n", lines);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("SIGINT: stopping"), output);
        assertTrue(output.contains("summary: stopped"), output);
        JsonNode summary = JSON.readTree(Files.readString(json));
        assertEquals("stopped", summary.get("outcome").asText());
        assertTrue(summary.get("messages").get("confirmed").asLong() > 0);
        assertBalanced(summary.get("messages"));
    }
}
