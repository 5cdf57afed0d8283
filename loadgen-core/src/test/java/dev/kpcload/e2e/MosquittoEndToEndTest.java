package dev.kpcload.e2e;

import dev.kpcload.result.RunOutcome;
import dev.kpcload.client.ConfirmMode;
import dev.kpcload.fleet.Device;
import dev.kpcload.kp.EpmxPayloads;
import dev.kpcload.run.LoadRun;
import dev.kpcload.run.RunControl;
import dev.kpcload.result.RunSummary;
import dev.kpcload.testing.Mosquitto;
import dev.kpcload.testing.RunConfigs;
import dev.kpcload.testing.TestFleets;
import dev.kpcload.testing.TopicRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The load generator against Debian's Mosquitto, a real broker that nobody here wrote. */
class MosquittoEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void qos1PubackRunDeliversEveryMessageWithExactTopicAndPayload() throws Exception {
        int meters = 200;
        double rate = 1000;
        Duration duration = Duration.ofSeconds(3);
        List<Device> devices = TestFleets.meters(meters);
        try (Mosquitto broker = Mosquitto.start(dir);
             TopicRecorder subscriber = TopicRecorder.start(broker.port(), "kp1/#", dir)) {
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            RunSummary summary = new LoadRun(devices,
                RunConfigs.run(broker.port(), rate, duration, 2000, RunConfigs.session(ConfirmMode.PUBACK, 1)),
                new RunControl(), new PrintStream(log, true, StandardCharsets.UTF_8)).execute();

            var m = summary.messages();
            assertEquals(RunOutcome.COMPLETED, summary.outcome(), log.toString());
            assertEquals(meters, summary.devices().connected());
            assertEquals(3000, m.scheduled());
            assertEquals(m.scheduled(), m.confirmed(), "every message PUBACKed: " + m);
            assertTrue(m.balanced());
            assertEquals(meters, summary.reports().confirmed());
            assertEquals(m.confirmed(), summary.latencies().get("puback").count());

            int expected = meters + (int) m.scheduled();
            List<String> lines = subscriber.awaitMessages(expected, 15_000);
            assertEquals(expected, lines.size(), "subscriber saw every report and plan message");
            Map<String, String> expectedLine = new HashMap<>();
            for (Device d : devices) {
                expectedLine.put(d.token(), "kp1/demo_application_v1/epmx/" + d.token() + "/update/keys "
                    + new String(EpmxPayloads.modelAndMac(d.model(), d.mac()), StandardCharsets.UTF_8));
            }
            Map<String, Integer> perDevice = new HashMap<>();
            for (String line : lines) {
                String token = line.split("/", 5)[3];
                assertEquals(expectedLine.get(token), line);
                perDevice.merge(token, 1, Integer::sum);
            }
            // message k goes to device k mod N: 3000 over 200 meters is 15 each, plus the CONNACK report
            assertEquals(meters, perDevice.size());
            perDevice.values().forEach(n -> assertEquals(16, n));
        }
    }
}
