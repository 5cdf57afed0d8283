package dev.kpcload.e2e;

import dev.kpcload.client.ReconnectBackoff;
import dev.kpcload.fleet.Device;
import dev.kpcload.result.RunSummary;
import dev.kpcload.sim.Fault;
import dev.kpcload.sim.FaultPlan;
import dev.kpcload.sim.FaultPlanReader;
import dev.kpcload.sim.FaultTiming;
import dev.kpcload.sim.KpcSimulator;
import dev.kpcload.sim.SimConfig;
import dev.kpcload.sim.SimStats;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Injected error replies and CONNACK refusals: the generator counts exactly what the simulator did. */
class SimFaultRepliesEndToEndTest {

    @Test
    void injectedErrorRepliesAreCountedByStatusExactlyAsInjected() throws Exception {
        List<Device> devices = SimFaultRuns.fleet(20, 82);
        // from a fault plan in the simulator's configuration, timed from its start: the whole run
        FaultPlan plan = FaultPlanReader.parse("""
                faults:
                  - error-replies: {ratio: 20%, status: 500, reason: injected for the test}
                """, "errors.yaml");
        try (KpcSimulator sim = KpcSimulator.start(SimConfig.loopback(0).withFaults(plan).withSeed(3))) {
            RunSummary summary = SimFaultRuns.run(devices, SimFaultRuns.config(sim,
                SimFaultRuns.constant(400, Duration.ofSeconds(2), false),
                SimFaultRuns.session(10, 60, ReconnectBackoff.OFF))).summary();
            var m = summary.messages();
            SimFaultRuns.assertBalanced(summary);
            assertEquals(800, m.scheduled());
            assertEquals(m.scheduled(), m.confirmed() + m.failed(), m.toString());
            assertEquals(m.failed(), m.failedByKind().get("error_reply"));
            assertEquals(Map.of("500", m.failed()), m.errorRepliesByStatus());
            double share = (double) m.failed() / m.scheduled();
            assertTrue(share > 0.15 && share < 0.25, "about 20 % of the messages: " + m);
            SimStats stats = sim.stats();
            long injected = stats.faults().errorRepliesByStatus().get(500);
            assertEquals(injected, SimFaultRuns.errorReplies(summary, 500),
                "every error reply injected was counted by the generator, reports included");
            assertEquals(Map.of(500, injected), stats.repliesErrorByStatus());
            assertEquals(m.confirmed() + summary.reports().confirmed(), stats.repliesStatus());
        }
    }

    @Test
    void refusedConnectsAreCountedByTheirConnackCode() throws Exception {
        List<Device> devices = SimFaultRuns.fleet(60, 83);
        try (KpcSimulator sim = KpcSimulator.start(SimConfig.loopback(0).withSeed(5).withFaults(FaultPlan.of(
                new Fault.RefuseConnects(FaultTiming.NOW, 0.5, 3))))) {
            RunSummary summary = SimFaultRuns.run(devices, SimFaultRuns.config(sim,
                SimFaultRuns.constant(100, Duration.ofSeconds(1), false),
                SimFaultRuns.session(10, 60, ReconnectBackoff.OFF))).summary();
            SimStats stats = sim.stats();
            long refused = stats.faults().refusalsByCode().get(3);
            assertTrue(refused > 15 && refused < 45, "about half of 60: " + refused);
            var d = summary.devices();
            assertEquals(Map.of("connack_server_unavailable", refused), d.failuresByKind());
            assertEquals(refused, d.failed());
            assertEquals(60 - refused, d.connected());
            assertEquals(60 - refused, stats.connectsAccepted());
            assertEquals(refused, stats.connectsRefused());
            SimFaultRuns.assertBalanced(summary);
            assertEquals(100, summary.messages().scheduled());
            assertEquals(100, summary.messages().confirmed(), "the connected devices carry the whole plan");
        }
    }
}
