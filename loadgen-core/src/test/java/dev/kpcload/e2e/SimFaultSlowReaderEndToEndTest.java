package dev.kpcload.e2e;

import dev.kpcload.fleet.Device;
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

/** A server that reads slowly: the generator's in-flight windows fill and its own send lag shows it. */
class SimFaultSlowReaderEndToEndTest {

    @Test
    void aSlowReaderShowsAsSendLagAndEverythingIsServedAfterIt() throws Exception {
        List<Device> devices = SimFaultRuns.fleet(10, 87);
        try (KpcSimulator sim = KpcSimulator.start(SimConfig.loopback(0))) {
            // 20 messages/s per meter of about 115 bytes each, read at 400 B/s per connection for 2 s
            var strike = SimFaultRuns.strikeWhen(sim, 10 + 200, FaultPlan.of(
                new Fault.SlowReader(FaultTiming.NOW.lasting(Duration.ofSeconds(2)), 400)));
            RunSummary summary = SimFaultRuns.run(devices, SimFaultRuns.config(sim,
                SimFaultRuns.constant(200, Duration.ofSeconds(4), false),
                SimFaultRuns.session(10, 60, SimFaultRuns.reconnecting()))).summary();
            strike.assertStruck();
            var m = summary.messages();
            SimFaultRuns.assertBalanced(summary);
            assertEquals(800, m.scheduled());
            assertEquals(m.scheduled(), m.confirmed(), "served once the server reads at speed again: " + m);
            var lag = summary.latencies().get("send_lag");
            assertTrue(lag.max() >= 1000, "the windows filled and messages waited to be sent: " + lag);
            assertTrue(summary.latencies().get("status").max() >= 1500, summary.latencies().get("status").toString());
            SimStats stats = sim.stats();
            assertTrue(stats.faults().slowReaderPauses() >= 10, "every connection paused: " + stats.faults());
            long budget = 10 * (400 * 2 + 40) * 11 / 10; // 2 s at 400 B/s plus the bucket, 10 % slack
            assertTrue(stats.faults().slowReaderBytes() <= budget, stats.faults() + " within " + budget);
            long sent = summary.other().bytesSent();
            assertEquals(sent, SimFaultRuns.awaitBytesIn(sim, sent), "the simulator read every byte sent");
        }
    }
}
