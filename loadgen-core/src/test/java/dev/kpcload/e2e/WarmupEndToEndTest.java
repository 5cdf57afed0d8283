package dev.kpcload.e2e;

import dev.kpcload.client.ConfirmMode;
import dev.kpcload.client.MixEntry;
import dev.kpcload.kp.MessageKind;
import dev.kpcload.kp.SampleCount;
import dev.kpcload.plan.FleetMix;
import dev.kpcload.plan.RateProfile;
import dev.kpcload.plan.Stage;
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
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A warm-up stage then a measured stage against the embedded simulator: the warm-up's messages are sent and kept
 * apart (RunSummary.warmup()), the headline holds exactly the rest, and both balance on their own.
 */
class WarmupEndToEndTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final List<MixEntry> MIX = List.of(
        MixEntry.of(MessageKind.EPMX_UPDATE_KEYS, 1),
        new MixEntry(MessageKind.DCX_JSON, 1, SampleCount.fixed(2)));

    @Test
    void warmupMessagesAreKeptApartAndTheHeadlineHoldsExactlyTheMeasuredStage() throws Exception {
        int meters = 200;
        // 1.5 s held at 500/s as warm-up, then 2 s ramping to 1000/s, measured
        RateProfile profile = new RateProfile(500, List.of(new Stage(1500 * MS, 500, true), Stage.ramp(2000 * MS, 1000)));
        StagedSchedule plan = new StagedSchedule(profile, 0);
        List<StagedSchedule.StageWindow> stages = plan.windows();
        long warmup = stages.get(0).messages();
        long planned = plan.plannedCount();
        long measured = planned - warmup;
        assertEquals(750, warmup);
        assertEquals(1500, measured);
        assertEquals(warmup, stages.get(1).firstMessage(), "warm-up messages are the first ones");

        try (KpcSimulator sim = KpcSimulator.start(SimConfig.loopback(0))) {
            LoadSpec load = Runs.staged(profile, MIX, 2000, List.of());
            Runs.Result result = Runs.execute(TestFleets.meters(meters), Runs.config(sim.address().getPort(), load,
                RunConfigs.session(ConfirmMode.STATUS, 1), 51));
            RunSummary summary = result.summary();
            assertEquals(RunOutcome.COMPLETED, summary.outcome(), result.log());

            RunSummary.Part w = summary.warmup();
            assertNotNull(w, "a run with a warm-up stage reports it apart");
            assertEquals(warmup, w.messages().scheduled(), w.messages().toString());
            assertEquals(warmup, w.messages().sent());
            assertEquals(warmup, w.messages().confirmed(), w.messages().toString());
            assertTrue(w.messages().balanced(), w.messages().toString());
            assertEquals(w.messages().confirmed(), w.latencies().get("status").count());
            assertEquals(w.messages().sent(), w.latencies().get("send_lag").count());

            var m = summary.messages();
            assertEquals(measured, m.scheduled(), "the headline leaves the warm-up out: " + m);
            assertEquals(measured, m.sent());
            assertEquals(measured, m.confirmed(), m.toString());
            assertTrue(m.balanced(), m.toString());
            assertEquals(m.confirmed(), summary.latencies().get("status").count(), "headline latencies: measured only");
            assertEquals(m.confirmed(), summary.latencies().get("service").count());
            assertEquals(m.sent(), summary.latencies().get("send_lag").count());

            // per kind: the measured messages only, each kind its share of them
            FleetMix mix = load.publish().fleetMix(meters);
            long sum = 0;
            for (int i = 0; i < MIX.size(); i++) {
                RunSummary.Part part = summary.byKind().get(MIX.get(i).kind().tag());
                long share = mix.countBefore(i, planned) - mix.countBefore(i, warmup);
                assertEquals(share, part.messages().scheduled(), MIX.get(i).kind().tag());
                assertEquals(share, part.messages().confirmed(), MIX.get(i).kind().tag());
                assertEquals(share, part.latencies().get("status").count(), MIX.get(i).kind().tag());
                sum += share;
            }
            assertEquals(measured, sum);
            // the simulator saw both: every plan message and every CONNACK report answered
            assertEquals(planned + meters, sim.stats().repliesStatus());
        }
    }
}
