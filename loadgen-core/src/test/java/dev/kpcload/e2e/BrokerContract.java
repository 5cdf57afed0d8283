package dev.kpcload.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kpcload.client.ConfirmMode;
import dev.kpcload.client.MixEntry;
import dev.kpcload.fleet.Device;
import dev.kpcload.kp.EpmxPayloads;
import dev.kpcload.kp.MessageKind;
import dev.kpcload.kp.SampleCount;
import dev.kpcload.plan.FleetMix;
import dev.kpcload.plan.RateProfile;
import dev.kpcload.plan.StagedSchedule;
import dev.kpcload.result.RunOutcome;
import dev.kpcload.result.RunSummary;
import dev.kpcload.run.LoadSpec;
import dev.kpcload.testing.PlanExpectations;
import dev.kpcload.testing.RunConfigs;
import dev.kpcload.testing.Runs;
import dev.kpcload.testing.TestFleets;
import dev.kpcload.testing.TopicRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every real broker must do with a run: the same three runs against each (QoS 0 with {@code --confirm none},
 * QoS 1 with {@code --confirm puback}, and a mix of EPMX update/keys and DCX json at QoS 1), each watched by an
 * independent subscriber ({@code mosquitto_sub} on {@code kp1/#}) that must see every message, with its exact topic
 * and payload, exactly as often as the plan sent it to that meter. A subclass starts one broker for its class.
 */
abstract class BrokerContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long S = TimeUnit.SECONDS.toNanos(1);
    private static final String APP = "kp1/demo_application_v1/";
    private static final int METERS = 300;
    private static final double RATE = 1000;
    private static final long SEED = 8;
    private static final SampleCount DCX_SAMPLES = new SampleCount(2, 4);
    private static final List<MixEntry> MIX = List.of(
        MixEntry.of(MessageKind.EPMX_UPDATE_KEYS, 1),
        new MixEntry(MessageKind.DCX_JSON, 3, DCX_SAMPLES));

    @TempDir
    Path dir;

    /** The broker's port on 127.0.0.1. */
    abstract int port() throws Exception;

    /** The broker's log so far, for failure messages. */
    abstract String brokerLog() throws Exception;

    @Test
    void qos0RunWithConfirmNoneDeliversEveryMessageWithExactTopicAndPayload() throws Exception {
        publishEveryMessage(ConfirmMode.NONE, 0);
    }

    @Test
    void qos1RunWithConfirmPubackDeliversEveryMessageExactlyOnce() throws Exception {
        publishEveryMessage(ConfirmMode.PUBACK, 1);
    }

    private void publishEveryMessage(ConfirmMode confirm, int qos) throws Exception {
        List<Device> devices = TestFleets.meters(METERS);
        try (TopicRecorder subscriber = TopicRecorder.start(port(), "kp1/#", dir)) {
            Runs.Result result = Runs.execute(devices,
                RunConfigs.run(port(), RATE, Duration.ofSeconds(3), 2000, RunConfigs.session(confirm, qos)));
            RunSummary summary = result.summary();
            var m = summary.messages();
            assertEquals(RunOutcome.COMPLETED, summary.outcome(), result.log());
            assertEquals(METERS, summary.devices().connected(), result.log() + brokerLog());
            assertEquals(3000, m.scheduled());
            assertEquals(m.scheduled(), m.confirmed(),
                (confirm == ConfirmMode.NONE ? "every message written: " : "every message PUBACKed: ") + m);
            assertTrue(m.balanced(), m.toString());
            assertEquals(METERS, summary.reports().confirmed());
            assertEquals(confirm == ConfirmMode.PUBACK ? m.confirmed() : 0, summary.latencies().get("puback").count());

            int expected = METERS + (int) m.scheduled();
            List<String> lines = subscriber.awaitMessages(expected, 15_000);
            Map<String, String> expectedLine = new HashMap<>();
            for (Device d : devices) {
                expectedLine.put(d.token(), APP + "epmx/" + d.token() + "/update/keys "
                    + new String(EpmxPayloads.modelAndMac(d.model(), d.mac()), StandardCharsets.UTF_8));
            }
            Map<String, Integer> perDevice = new HashMap<>();
            for (String line : lines) {
                String token = line.split("/", 5)[3];
                assertEquals(expectedLine.get(token), line, "topic and payload, exactly");
                perDevice.merge(token, 1, Integer::sum);
            }
            assertEquals(expected, lines.size(), "the subscriber saw every report and plan message");
            // message k goes to meter k mod N: 3000 over 300 meters is 10 each, plus the report on CONNACK
            assertEquals(METERS, perDevice.size());
            perDevice.forEach((token, n) -> assertEquals(11, n, token));
        }
    }

    /** What the subscriber saw of one meter, in the order it arrived. */
    private static final class Seen {
        int updates;
        final List<JsonNode> batches = new ArrayList<>();
    }

    @Test
    void mixOfUpdateKeysAndDcxJsonArrivesEachKindInItsShareOnItsTopic() throws Exception {
        RateProfile profile = RateProfile.constant(RATE, 2 * S);
        long planned = new StagedSchedule(profile, 0).plannedCount();
        List<Device> devices = TestFleets.meters(METERS);
        try (TopicRecorder subscriber = TopicRecorder.start(port(), "kp1/#", dir)) {
            LoadSpec load = Runs.staged(profile, MIX, 2000, List.of());
            Runs.Result result = Runs.execute(devices, Runs.config(port(), load,
                RunConfigs.session(ConfirmMode.PUBACK, 1), SEED));
            RunSummary summary = result.summary();
            var m = summary.messages();
            assertEquals(RunOutcome.COMPLETED, summary.outcome(), result.log());
            assertEquals(METERS, summary.devices().connected(), result.log() + brokerLog());
            assertEquals(planned, m.scheduled());
            assertEquals(planned, m.confirmed(), "every message PUBACKed: " + m);
            assertTrue(m.balanced(), m.toString());

            int expectedLines = METERS + (int) planned;
            List<String> lines = subscriber.awaitMessages(expectedLines, 15_000);
            Map<String, Seen> seen = new HashMap<>();
            Map<String, Device> byToken = new HashMap<>();
            devices.forEach(d -> byToken.put(d.token(), d));
            for (String line : lines) {
                int space = line.indexOf(' ');
                String topic = line.substring(0, space);
                String payload = line.substring(space + 1);
                Device d = byToken.get(topic.split("/", -1)[3]);
                assertTrue(d != null && topic.startsWith(APP), "a meter's topic: " + line);
                Seen s = seen.computeIfAbsent(d.token(), t -> new Seen());
                if (topic.equals(APP + "epmx/" + d.token() + "/update/keys")) {
                    assertEquals(new String(EpmxPayloads.modelAndMac(d.model(), d.mac()), StandardCharsets.UTF_8),
                        payload);
                    s.updates++;
                } else if (topic.equals(APP + "dcx/" + d.token() + "/json")) {
                    s.batches.add(JSON.readTree(payload));
                } else {
                    throw new AssertionError("neither .../epmx/TOKEN/update/keys nor .../dcx/TOKEN/json: " + line);
                }
            }
            assertEquals(expectedLines, lines.size(), "every report and plan message arrived, once");

            FleetMix fleetMix = load.publish().fleetMix(METERS);
            long[][] perDevice = PlanExpectations.messagesPerDevice(fleetMix, METERS, planned);
            long updates = 0;
            long batches = 0;
            for (Device d : devices) {
                Seen s = seen.get(d.token());
                assertEquals(perDevice[d.index()][0] + 1, s.updates, d.token() + ": its update/keys and its report");
                assertEquals(perDevice[d.index()][1], s.batches.size(), d.token());
                updates += s.updates - 1;
                batches += s.batches.size();
                PlanExpectations.assertReadings(SEED, d, DCX_SAMPLES, s.batches, perDevice[d.index()][1]);
            }
            assertEquals(planned / 4, updates, "1 : 3 of " + planned);
            assertEquals(3 * planned / 4, batches);
            assertEquals(updates, summary.byKind().get("epmx-update-keys").messages().confirmed());
            assertEquals(batches, summary.byKind().get("dcx-json").messages().confirmed());
        }
    }

}
