package dev.kpcload.e2e;

import dev.kpcload.fleet.Device;
import dev.kpcload.result.RunOutcome;
import dev.kpcload.result.RunSummary;
import dev.kpcload.sim.Fault;
import dev.kpcload.sim.FaultPlan;
import dev.kpcload.sim.FaultTiming;
import dev.kpcload.sim.KpcSimulator;
import dev.kpcload.sim.SimConfig;
import dev.kpcload.sim.SimStats;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A 2 s stall of the simulator mid-run: nothing lost, and the stall shows where a user looks for it. */
class SimFaultStallEndToEndTest {

    @Test
    void aTwoSecondStallShowsInTheLatencyFromIntendedTimeAndInServiceTime() throws Exception {
        List<Device> devices = SimFaultRuns.fleet(20, 81);
        try (KpcSimulator sim = KpcSimulator.start(SimConfig.loopback(0).withIoThreads(2))) {
            // 1 s into the plan (20 reports + 200 messages), stall for 2 s
            var strike = SimFaultRuns.strikeWhen(sim, 220,
                FaultPlan.of(new Fault.Stall(FaultTiming.NOW.lasting(Duration.ofSeconds(2)))));
            RunSummary summary = SimFaultRuns.run(devices, SimFaultRuns.config(sim,
                SimFaultRuns.constant(200, Duration.ofSeconds(5), false),
                SimFaultRuns.session(10, 60, SimFaultRuns.reconnecting()))).summary();
            strike.assertStruck();

            var m = summary.messages();
            SimFaultRuns.assertBalanced(summary);
            assertEquals(RunOutcome.COMPLETED, summary.outcome());
            assertEquals(1000, m.scheduled());
            assertEquals(m.scheduled(), m.confirmed(), "everything queued in the stall is served after it: " + m);
            assertEquals(0, SimFaultRuns.sum(summary.devices().disconnectsByKind()), summary.devices().toString());
            var status = summary.latencies().get("status");
            var service = summary.latencies().get("service");
            assertTrue(status.max() >= 1900, "latency from intended time shows the stall: " + status);
            assertTrue(service.max() >= 1900, "a message written as the stall began waited it out: " + service);
            assertTrue(status.p50() < 1000, "most messages were not in the stall: " + status);
            SimStats stats = sim.stats();
            assertEquals(1, stats.faults().stalls());
            // the simulator answered exactly what the generator confirmed, reports included
            assertEquals(m.confirmed() + summary.reports().confirmed(), stats.repliesStatus());
        }
    }
}
