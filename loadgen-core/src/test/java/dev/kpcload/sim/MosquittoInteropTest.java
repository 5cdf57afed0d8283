package dev.kpcload.sim;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A third-party MQTT client (mosquitto_pub) against the simulator. Skipped when mosquitto_pub is not installed,
 * unless LOADGEN_REQUIRE_EXTERNAL=1 makes its absence a failure (CI machines that must run it).
 */
@Timeout(30)
class MosquittoInteropTest {

    private static final Path MOSQUITTO_PUB = Path.of("/usr/bin/mosquitto_pub");
    private static final String TOK = "JTjdbENzHh";
    private static final String TOPIC = "kp1/demo_application_v1/epmx/" + TOK + "/update/keys";
    private static final String METADATA = "{\"model\":\"X\",\"mac\":\"02-00-00-00-00-01\"}";

    private KpcSimulator sim;

    @BeforeEach
    void requireMosquitto() {
        if (!Files.isExecutable(MOSQUITTO_PUB)) {
            String why = MOSQUITTO_PUB + " not found (install mosquitto-clients)";
            if ("1".equals(System.getenv("LOADGEN_REQUIRE_EXTERNAL"))) {
                fail(why + ", and LOADGEN_REQUIRE_EXTERNAL=1 requires it");
            }
            Assumptions.abort(why + ": skipping the third-party client test");
        }
        sim = KpcSimulator.start(SimConfig.loopback(0));
    }

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private void mosquittoPub(String... extra) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(MOSQUITTO_PUB.toString(), "-h", "127.0.0.1",
                "-p", Integer.toString(sim.address().getPort()), "-V", "mqttv311", "-i", "meter-mosq"));
        command.addAll(List.of(extra));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("mosquitto_pub did not finish within 10 s: " + command);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), () -> "mosquitto_pub failed: " + output);
    }

    @Test
    void qos1UpdateWithRequestIdIsStoredAndAnswered() throws Exception {
        mosquittoPub("-q", "1", "-t", TOPIC + "/7", "-m", METADATA);
        assertEquals(METADATA, sim.metadata().get(TOK).orElseThrow().toString());
        SimStats stats = sim.stats();
        assertEquals(1, stats.publishesQos1());
        assertEquals(1, stats.repliesStatus());
        assertEquals(0, stats.protocolErrors());
    }

    @Test
    void tutorialStyleQos0UpdateWithoutRequestId() throws Exception {
        mosquittoPub("-q", "0", "-t", TOPIC, "-m", METADATA);
        // a QoS 0 publisher disconnects right after writing: wait for the server to have read it
        KpcSimulatorLoopbackTest.awaitValue(1, () -> sim.stats().noReplyRequests());
        assertTrue(sim.metadata().get(TOK).isPresent());
        assertEquals(METADATA, sim.metadata().get(TOK).orElseThrow().toString());
    }
}
