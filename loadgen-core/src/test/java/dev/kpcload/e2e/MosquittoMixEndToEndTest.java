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
import dev.kpcload.testing.Mosquitto;
import dev.kpcload.testing.PlanExpectations;
import dev.kpcload.testing.RunConfigs;
import dev.kpcload.testing.Runs;
import dev.kpcload.testing.TestFleets;
import dev.kpcload.testing.TopicRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A mix of EPMX update/keys and DCX json (1 : 3, batches of 2..4 samples) published at QoS 1 to Debian's
 * Mosquitto and confirmed by PUBACK: an independent subscriber on {@code kp1/#} sees every message once, each
 * kind in its share, on the kind's topic, and DCX payloads that are JSON arrays of smart-meter readings adding up
 * to each meter's plan. (EPMX get needs a /status reply, which a broker never sends.)
 */
class MosquittoMixEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long S = TimeUnit.SECONDS.toNanos(1);
    private static final long SEED = 32;
    private static final String APP = "kp1/demo_application_v1/";
    private static final SampleCount DCX_SAMPLES = new SampleCount(2, 4);
    private static final List<MixEntry> MIX = List.of(
        MixEntry.of(MessageKind.EPMX_UPDATE_KEYS, 1),
        new MixEntry(MessageKind.DCX_JSON, 3, DCX_SAMPLES));

    @TempDir
    Path dir;

    /** What the subscriber saw of one meter, in the order it arrived. */
    private static final class Seen {
        int updates;
        final List<JsonNode> batches = new ArrayList<>();
    }

    @Test
    void aSubscriberOnKp1SeesEachKindInItsShareOnItsTopicWithMeterReadings() throws Exception {
        int meters = 200;
        RateProfile profile = RateProfile.constant(1000, 2 * S);
        long planned = new StagedSchedule(profile, 0).plannedCount();
        List<Device> devices = TestFleets.meters(meters);
        try (Mosquitto broker = Mosquitto.start(dir);
             TopicRecorder subscriber = TopicRecorder.start(broker.port(), "kp1/#", dir)) {
            LoadSpec load = Runs.staged(profile, MIX, 2000, List.of());
            Runs.Result result = Runs.execute(devices, Runs.config(broker.port(), load,
                RunConfigs.session(ConfirmMode.PUBACK, 1), SEED));
            RunSummary summary = result.summary();
            var m = summary.messages();
            assertEquals(RunOutcome.COMPLETED, summary.outcome(), result.log());
            assertEquals(meters, summary.devices().connected());
            assertEquals(planned, m.scheduled());
            assertEquals(planned, m.confirmed(), "every message PUBACKed: " + m);
            assertTrue(m.balanced(), m.toString());

            int expectedLines = meters + (int) planned;
            List<String> lines = subscriber.awaitMessages(expectedLines, 15_000);
            Map<String, Seen> seen = new HashMap<>();
            Map<String, Device> byToken = new HashMap<>();
            devices.forEach(d -> byToken.put(d.token(), d));
            for (String line : lines) {
                int space = line.indexOf(' ');
                String topic = line.substring(0, space);
                String payload = line.substring(space + 1);
                String[] levels = topic.split("/", -1);
                Device d = byToken.get(levels[3]);
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

            // each kind in its share: in all, and meter by meter as message k goes to meter k mod N
            FleetMix fleetMix = load.publish().fleetMix(meters);
            long[][] perDevice = PlanExpectations.messagesPerDevice(fleetMix, meters, planned);
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
            assertEquals(fleetMix.countBefore(0, planned), updates);
            assertEquals(fleetMix.countBefore(1, planned), batches);
            assertEquals(planned / 4, updates, "1 : 3 of " + planned);
            assertEquals(3 * planned / 4, batches);
            assertEquals(updates, summary.byKind().get("epmx-update-keys").messages().confirmed());
            assertEquals(batches, summary.byKind().get("dcx-json").messages().confirmed());
        }
    }

}
