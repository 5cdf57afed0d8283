package dev.kpcload.e2e;

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
import dev.kpcload.sim.DcxSeries;
import dev.kpcload.sim.KpcSimulator;
import dev.kpcload.sim.SimConfig;
import dev.kpcload.testing.PlanExpectations;
import dev.kpcload.testing.RunConfigs;
import dev.kpcload.testing.Runs;
import dev.kpcload.testing.TestFleets;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A mix of all three kinds (update/keys : get : dcx-json = 1 : 1 : 2, DCX batches of 3..7 samples) against the
 * embedded simulator, confirmed by /status: every message confirmed, each kind exactly its share of the plan, and
 * what the simulator stored is what each meter sent: its model and MAC, and for DCX every sample and the meter's
 * energy counter, which never went down.
 */
class MessageMixEndToEndTest {

    private static final long S = TimeUnit.SECONDS.toNanos(1);
    private static final long SEED = 31;
    private static final SampleCount DCX_SAMPLES = new SampleCount(3, 7);
    private static final List<MixEntry> MIX = List.of(
        MixEntry.of(MessageKind.EPMX_UPDATE_KEYS, 1),
        MixEntry.of(MessageKind.EPMX_GET, 1),
        new MixEntry(MessageKind.DCX_JSON, 2, DCX_SAMPLES));
    private static final int DCX = 2;

    @Test
    void everyKindIsConfirmedInItsShareAndTheSimulatorStoredWhatEachMeterSent() throws Exception {
        int meters = 400;
        RateProfile profile = RateProfile.constant(1000, 3 * S);
        long planned = new StagedSchedule(profile, 0).plannedCount();
        assertEquals(3000, planned);
        List<Device> devices = TestFleets.meters(meters);
        try (KpcSimulator sim = KpcSimulator.start(SimConfig.loopback(0))) {
            LoadSpec load = Runs.staged(profile, MIX, 4000, List.of());
            Runs.Result result = Runs.execute(devices, Runs.config(sim.address().getPort(), load,
                RunConfigs.session(ConfirmMode.STATUS, 1), SEED));
            RunSummary summary = result.summary();
            var m = summary.messages();

            assertEquals(RunOutcome.COMPLETED, summary.outcome(), result.log());
            assertEquals(meters, summary.devices().connected());
            assertEquals(planned, m.scheduled());
            assertEquals(planned, m.confirmed(), "every message confirmed by its /status reply: " + m);
            assertTrue(m.balanced(), m.toString());
            assertEquals(meters, summary.reports().confirmed());

            // each kind exactly its share of the plan, each confirmed, each with its own latencies
            FleetMix fleetMix = load.publish().fleetMix(meters);
            assertEquals(MIX.size(), summary.byKind().size(), summary.byKind().toString());
            long sum = 0;
            for (int i = 0; i < MIX.size(); i++) {
                String tag = MIX.get(i).kind().tag();
                RunSummary.Part part = summary.byKind().get(tag);
                long share = fleetMix.countBefore(i, planned);
                assertEquals(share, part.messages().scheduled(), tag);
                assertEquals(share, part.messages().confirmed(), tag + ": " + part.messages());
                assertTrue(part.messages().balanced(), tag);
                assertEquals(share, part.latencies().get("status").count(), tag);
                assertEquals(share, part.latencies().get("send_lag").count(), tag);
                sum += share;
            }
            assertEquals(planned, sum);
            assertEquals(planned / 4, fleetMix.countBefore(0, planned), "1 : 1 : 2 of 3000");
            assertEquals(planned / 2, fleetMix.countBefore(DCX, planned));

            // metadata: the simulator holds exactly what each meter reported (and every get read it back: a
            // mismatch would have failed the message as metadata_mismatch)
            for (Device d : devices) {
                assertEquals(new String(EpmxPayloads.modelAndMac(d.model(), d.mac()), StandardCharsets.UTF_8),
                    sim.metadata().get(d.token()).orElseThrow().toString(), d.token());
            }
            assertEquals(meters, sim.metadata().size());

            // DCX: per meter, the batches and samples its share of the plan holds, ending on its meter's counter
            long[][] perDevice = PlanExpectations.messagesPerDevice(fleetMix, meters, planned);
            long samples = 0;
            int withDcx = 0;
            for (Device d : devices) {
                long batches = perDevice[d.index()][DCX];
                if (batches == 0) {
                    assertTrue(sim.dcxStore().get(d.token()).isEmpty(), d.token());
                    continue;
                }
                withDcx++;
                PlanExpectations.Dcx expected = PlanExpectations.dcx(SEED, d.token(), DCX_SAMPLES, batches);
                DcxSeries stored = sim.dcxStore().get(d.token()).orElseThrow(() -> new AssertionError(d.token()));
                assertEquals(batches, stored.batches(), d.token());
                assertEquals(expected.samples(), stored.samples(), d.token());
                assertEquals(BigDecimal.valueOf(expected.energyMilliwattHours(), 6), stored.lastEnergyKwh(),
                    d.token() + ": the last sample's kWh is the meter's counter");
                assertEquals(0, stored.energyDecreases(), d.token());
                assertTrue(stored.hasTimestamp(), d.token());
                samples += stored.samples();
            }
            assertEquals(withDcx, sim.dcxStore().size());
            assertTrue(withDcx > meters / 2, "most meters sent DCX data: " + withDcx);
            long batches = fleetMix.countBefore(DCX, planned);
            assertTrue(samples >= 3 * batches && samples <= 7 * batches, samples + " samples in " + batches);
            assertEquals(samples, sim.stats().dcxSamples());
            // every plan message and every CONNACK report answered /status
            assertEquals(planned + meters, sim.stats().repliesStatus());
        }
    }
}
