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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connections dropped, made half-open, and the whole server restarted, mid-run. */
class SimFaultConnectionsEndToEndTest {

    @Test
    void droppedConnectionsShowAsDisconnectsThenReconnects() throws Exception {
        List<Device> devices = SimFaultRuns.fleet(40, 84);
        try (KpcSimulator sim = KpcSimulator.start(SimConfig.loopback(0).withIoThreads(2))) {
            // a quarter at once, then 4/s for 1 s: 10 + 4 connections closed by the simulator
            var strike = SimFaultRuns.strikeWhen(sim, 40 + 200, FaultPlan.of(
                new Fault.DropConnections(FaultTiming.NOW, 0.25, 0),
                new Fault.DropConnections(FaultTiming.at(Duration.ofMillis(1500)).lasting(Duration.ofSeconds(1)), 0,
                    4)));
            RunSummary summary = SimFaultRuns.run(devices, SimFaultRuns.config(sim,
                SimFaultRuns.constant(200, Duration.ofSeconds(4), false),
                SimFaultRuns.session(10, 60, SimFaultRuns.reconnecting()))).summary();
            strike.assertStruck();
            SimStats stats = sim.stats();
            assertEquals(14, stats.faults().dropped());
            var d = summary.devices();
            assertEquals(14, SimFaultRuns.sum(d.disconnectsByKind()), d.toString());
            // a close that meets a write in flight reads as a reset (io_error) rather than an orderly close: both are the
            // server's doing, and a loaded machine makes the race common
            assertTrue(java.util.Set.of("closed_by_server", "io_error").containsAll(d.disconnectsByKind().keySet()),
                d.toString());
            assertEquals(14, d.reconnects(), d.toString());
            assertEquals(40 + 14, stats.connectsAccepted(), "every dropped device came back");
            assertEquals(40 + 14, summary.reports().sent(), "and reported again, like a rebooted meter");
            var m = summary.messages();
            SimFaultRuns.assertBalanced(summary);
            assertEquals(800, m.scheduled());
            assertEquals(m.scheduled(), m.confirmed() + m.failedByKind().getOrDefault("connection_lost", 0L), m.toString());
        }
    }

    @Test
    void halfOpenConnectionsAreFoundByTheClientsKeepaliveWithinOneAndAHalfPeriods() throws Exception {
        List<Device> devices = SimFaultRuns.fleet(20, 85);
        try (KpcSimulator sim = KpcSimulator.start(SimConfig.loopback(0))) {
            // keepalive 1 s, one message in flight: a device whose server went silent stops writing at once, so
            // its keepalive is what must find the dead link
            var strike = SimFaultRuns.strikeWhen(sim, 20 + 40, FaultPlan.of(
                new Fault.HalfOpen(FaultTiming.NOW, 0.25)));
            RunSummary summary = SimFaultRuns.run(devices, SimFaultRuns.config(sim,
                SimFaultRuns.constant(40, Duration.ofSeconds(5), false),
                SimFaultRuns.session(1, 1, SimFaultRuns.reconnecting()))).summary();
            strike.assertStruck();
            SimStats stats = sim.stats();
            assertEquals(5, stats.faults().halfOpen());
            var d = summary.devices();
            assertEquals(Map.of("keepalive_timeout", 5L), d.disconnectsByKind(), d.toString());
            assertEquals(5, d.reconnects());
            // on the simulator's side: from each dead connection's first unanswered PINGREQ to the client's close
            var pingToClose = stats.faults().pingToClose();
            assertEquals(5, pingToClose.count(), stats.faults().toString());
            assertTrue(pingToClose.maxNanos() <= 1_500_000_000L, "found within 1.5 keepalive periods: "
                + pingToClose);
            assertTrue(pingToClose.p50Nanos() >= 900_000_000L, "not before a keepalive period: " + pingToClose);
            var m = summary.messages();
            SimFaultRuns.assertBalanced(summary);
            assertEquals(200, m.scheduled());
            assertEquals(m.scheduled(), m.confirmed() + m.failedByKind().getOrDefault("connection_lost", 0L),
                m.toString());
            assertTrue(m.failedByKind().getOrDefault("connection_lost", 0L) <= 5, "one in flight per dead link: " + m);
        }
    }

    @Test
    void aRestartClosesEverythingAndTheFleetComesBackOnTheSamePort() throws Exception {
        List<Device> devices = SimFaultRuns.fleet(30, 86);
        try (KpcSimulator sim = KpcSimulator.start(SimConfig.loopback(0))) {
            int port = sim.address().getPort();
            var strike = SimFaultRuns.strikeWhen(sim, 30 + 150, FaultPlan.of(
                new Fault.Restart(FaultTiming.NOW.lasting(Duration.ofSeconds(1)))));
            RunSummary summary = SimFaultRuns.run(devices, SimFaultRuns.config(sim,
                SimFaultRuns.constant(150, Duration.ofSeconds(4), false),
                SimFaultRuns.session(10, 60, SimFaultRuns.reconnecting()))).summary();
            strike.assertStruck();
            assertTrue(sim.listening());
            assertEquals(port, sim.address().getPort());
            SimStats stats = sim.stats();
            assertEquals(1, stats.faults().restarts());
            assertEquals(30, stats.faults().restartClosed());
            var d = summary.devices();
            assertEquals(30, SimFaultRuns.sum(d.disconnectsByKind()), d.toString());
            assertTrue(d.failuresByKind().getOrDefault("refused", 0L) > 0, "reconnects refused while down: " + d);
            assertEquals(60, stats.connectsAccepted(), "every device back after the restart");
            var m = summary.messages();
            SimFaultRuns.assertBalanced(summary);
            assertEquals(600, m.scheduled());
            assertEquals(m.scheduled(), m.confirmed() + m.failedByKind().getOrDefault("connection_lost", 0L),
                m.toString());
            assertTrue(summary.latencies().get("status").max() >= 900,
                "messages due while it was down waited, measured from their intended times: "
                + summary.latencies().get("status"));
        }
    }
}
