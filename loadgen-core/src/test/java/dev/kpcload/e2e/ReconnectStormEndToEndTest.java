package dev.kpcload.e2e;

import dev.kpcload.client.ConfirmMode;
import dev.kpcload.client.SessionSettings;
import dev.kpcload.fleet.Device;
import dev.kpcload.plan.RateProfile;
import dev.kpcload.plan.StagedSchedule;
import dev.kpcload.result.RunOutcome;
import dev.kpcload.result.RunSummary;
import dev.kpcload.run.LoadSpec;
import dev.kpcload.sim.KpcSimulator;
import dev.kpcload.sim.SimConfig;
import dev.kpcload.testing.RunConfigs;
import dev.kpcload.testing.Runs;
import dev.kpcload.testing.TestFleets;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #7's reconnect storm as a run plans it: 2,000 meters against the embedded simulator, 1,000 messages/s
 * for 4 s, and 2 s in every connection dropped by the generator at once; each meter reconnects after its
 * jittered backoff (200 ms doubling up to 1 s). The whole fleet comes back, every reconnect is measured, and the
 * messages due meanwhile waited and were confirmed (those on the wire at the drop are lost, and counted).
 */
class ReconnectStormEndToEndTest {

    private static final long S = TimeUnit.SECONDS.toNanos(1);
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int METERS = 2000;

    @Test
    void twoThousandMetersDroppedAtOnceAllComeBackAndTheBooksBalance() throws Exception {
        RateProfile profile = RateProfile.constant(1000, 4 * S);
        long planned = new StagedSchedule(profile, 0).plannedCount();
        List<Device> devices = TestFleets.meters(METERS);
        SessionSettings session = Runs.reconnecting(RunConfigs.session(ConfirmMode.STATUS, 1), 200 * MS, 1000 * MS);
        try (KpcSimulator sim = KpcSimulator.start(SimConfig.loopback(0))) {
            LoadSpec load = Runs.staged(profile, LoadSpec.PublishSpec.TUTORIAL_MIX, 4000,
                List.of(new LoadSpec.StormSpec(2 * S, 1.0, "test storm")));
            Runs.Result result = Runs.execute(devices, Runs.config(sim.address().getPort(), load, session, 41));
            RunSummary summary = result.summary();
            var m = summary.messages();

            assertEquals(RunOutcome.COMPLETED, summary.outcome(), result.log());
            assertEquals(METERS, summary.devices().connected());
            assertEquals(1, summary.storms().size(), summary.storms().toString());
            RunSummary.Storm storm = summary.storms().get(0);
            assertEquals(2.0, storm.atSeconds(), 1e-9);
            assertEquals(METERS, storm.dropped(), storm.toString());
            assertEquals(METERS, storm.reconnected(), storm.toString());
            assertNotNull(storm.fleetBackSeconds(), "the whole fleet came back: " + storm);
            // no meter may try before half its first delay (how long the last takes depends on the machine's load)
            assertTrue(storm.fleetBackSeconds() >= 0.1, storm.toString());
            System.out.printf(Locale.ROOT, "storm of %d meters: fleet back after %.3f s; reconnect latency p50 %.1f ms,"
                + " p99 %.1f ms, max %.1f ms; %d reconnect attempts, failures %s; tcp connect p50 %.1f ms, max %.1f ms%n", METERS, storm.fleetBackSeconds(),
                summary.latencies().get("reconnect").p50(), summary.latencies().get("reconnect").p99(),
                summary.latencies().get("reconnect").max(), summary.devices().reconnects(),
                summary.devices().failuresByKind(), summary.latencies().get("tcp_connect").p50(),
                summary.latencies().get("tcp_connect").max());

            assertEquals(Map.of("dropped_by_generator", (long) METERS), summary.devices().disconnectsByKind());
            assertTrue(summary.devices().reconnects() >= METERS, summary.devices().toString());
            assertTrue(summary.latencies().get("reconnect").count() >= METERS,
                "one reconnect latency per dropped meter at least: " + summary.latencies().get("reconnect"));
            assertTrue(summary.latencies().get("reconnect").p50() >= 100, "from the drop, backoff included: "
                + summary.latencies().get("reconnect"));
            assertEquals(2 * METERS, summary.reports().sent(), "a report on each CONNACK");

            assertEquals(planned, m.scheduled());
            assertTrue(m.balanced(), m.toString());
            assertEquals(0, m.dropped(), "messages due while reconnecting waited in the backlogs: " + m);
            // only what was on the wire when the connections closed is lost (QoS 1, clean session: not resent)
            assertEquals(0, m.timedOut(), m.toString());
            assertTrue(m.failedByKind().keySet().stream().allMatch("connection_lost"::equals), m.toString());
            assertTrue(m.failed() <= 200, "at most what was in flight at the drop: " + m);
            assertEquals(planned - m.failed(), m.confirmed(), m.toString());
            // the messages that waited show their wait: measured from their intended time
            assertTrue(summary.latencies().get("status").max() >= 100, summary.latencies().get("status").toString());
        }
    }
}
