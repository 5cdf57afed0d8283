package dev.kpcload.client;

import dev.kpcload.fleet.Device;
import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.LatencyRecorders;
import dev.kpcload.metrics.LatencyTotals;
import dev.kpcload.metrics.RunCounters;
import dev.kpcload.net.NettyTransport;
import dev.kpcload.plan.NanoClock;
import dev.kpcload.plan.UniformSchedule;
import dev.kpcload.sim.KpcSimulator;
import dev.kpcload.sim.SimConfig;
import dev.kpcload.testing.RunConfigs;
import dev.kpcload.testing.TestFleets;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A reconnect storm over real loopback sockets against the embedded simulator: lanes on a real event loop group,
 * as a run builds them, 200 meters publishing, all dropped at once mid-plan. Waits on events (the connects, the
 * storm's settling, the plan's end), never on sleeps.
 */
class StormEndToEndTest {

    private static final int METERS = 200;
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long FIRST_DELAY = 100 * MS;

    @Test
    void twoHundredMetersDroppedAtOnceAllComeBackAfterTheirJitteredBackoffAndTheBooksBalance() throws Exception {
        List<Device> devices = TestFleets.meters(METERS);
        SessionSettings base = RunConfigs.session(ConfirmMode.STATUS, 1);
        SessionSettings settings = new SessionSettings(base.appVersion(), base.epmxInstance(), base.confirm(),
            base.qos(), base.inflight(), base.backlogPolicy(), base.maxBacklog(), base.responseTimeoutNanos(),
            base.keepaliveSeconds(), base.connectTimeoutNanos(), new ReconnectBackoff(FIRST_DELAY, 1000 * MS));
        RunCounters counters = new RunCounters();
        LatencyRecorders recorders = new LatencyRecorders();
        LatencyTotals totals = new LatencyTotals(recorders);
        NanoClock clock = NanoClock.SYSTEM;
        CountDownLatch resolved = new CountDownLatch(METERS);
        FleetContext context = new FleetContext(settings, counters, recorders, clock, resolved::countDown,
            FleetContext.seededLaneRandoms(42));
        NettyTransport transport = NettyTransport.best();
        EventLoopGroup group = transport.newGroup(2, "storm-test", true);
        try (KpcSimulator sim = KpcSimulator.start(SimConfig.loopback(0))) {
            Bootstrap bootstrap = new Bootstrap().channel(transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true);
            List<Lane> lanes = new ArrayList<>();
            for (EventExecutor executor : group) {
                lanes.add(new Lane((EventLoop) executor, bootstrap, Endpoints.of(List.of(sim.address())), context));
            }
            devices.forEach(d -> lanes.get(d.index() % lanes.size()).add(d));

            for (Lane lane : lanes) {
                lane.startConnecting(UniformSchedule.of(clock.nanoTime() + 20 * MS, 2000, 0), METERS);
            }
            assertTrue(resolved.await(10, TimeUnit.SECONDS), "every meter connected or failed");
            assertEquals(METERS, counters.connectedNow.sum());

            // 400/s for 2 s over all meters; device i holds slot i (lane i mod L holds increasing slots)
            UniformSchedule plan = UniformSchedule.of(clock.nanoTime() + 20 * MS, 400, 2000 * MS);
            CountDownLatch planDone = new CountDownLatch(lanes.size());
            for (Lane lane : lanes) {
                DeviceSession[] targets = lane.sessions().toArray(new DeviceSession[0]);
                int[] slots = lane.sessions().stream().mapToInt(s -> s.device().index()).toArray();
                lane.startPublishing(plan, slots, targets, METERS, planDone::countDown);
            }
            // half a second into the plan (a timer on a loop, not a sleep), every lane drops all its meters
            List<Future<StormDrop>> drops = group.next().schedule(
                () -> lanes.stream().map(l -> l.dropConnections(1.0, 7)).toList(), 520, TimeUnit.MILLISECONDS)
                .get(5, TimeUnit.SECONDS);
            List<StormDrop> storms = new ArrayList<>();
            for (Future<StormDrop> drop : drops) {
                storms.add(drop.get(5, TimeUnit.SECONDS));
            }
            for (StormDrop storm : storms) {
                assertTrue(storm.settled().await(10, TimeUnit.SECONDS), "the lane's meters came back");
            }
            assertEquals(METERS, counters.connectedNow.sum(), "all connected again");
            assertTrue(planDone.await(10, TimeUnit.SECONDS), "the plan ran to its end");

            long inFlight = 0;
            for (Lane lane : lanes) {
                Lane.LaneBooks books = lane.closeBooks().get(5, TimeUnit.SECONDS);
                inFlight += books.inFlight();
                assertEquals(0, books.queued(), "the backlogs were sent after the reconnect");
            }
            for (Lane lane : lanes) {
                lane.awaitClosed(TimeUnit.SECONDS.toNanos(5));
            }

            assertEquals(METERS, storms.stream().mapToInt(StormDrop::dropped).sum());
            assertEquals(0, storms.stream().mapToInt(StormDrop::pending).sum());
            long droppedAt = storms.stream().mapToLong(StormDrop::droppedAtNanos).min().orElseThrow();
            long allBack = storms.stream().mapToLong(StormDrop::lastBackNanos).max().orElseThrow();
            assertTrue(allBack - droppedAt >= FIRST_DELAY / 2, "the fleet waited its backoff before coming back");
            assertTrue(allBack - droppedAt < 5000 * MS, "fleet back after " + (allBack - droppedAt) / MS + " ms");

            assertEquals(Map.of("dropped_by_generator", (long) METERS), counters.disconnects.snapshot());
            assertTrue(counters.reconnects.sum() >= METERS, "at least one attempt each: " + counters.reconnects.sum());
            assertEquals(2 * METERS, counters.reportsSent.sum(), "a report on each CONNACK");

            totals.sampleInterval();
            Histogram reconnect = totals.total(LatencyKind.RECONNECT);
            assertEquals(METERS, reconnect.getTotalCount(), "one reconnect latency per dropped meter");
            assertTrue(reconnect.getMinValue() >= FIRST_DELAY / 2 - MS, "no attempt before half the first delay");

            long scheduled = counters.scheduled.sum();
            assertEquals(800, scheduled);
            assertEquals(scheduled, counters.confirmed.sum() + counters.failed.total() + counters.timedOut.sum()
                + counters.dropped.total() + inFlight, "scheduled = confirmed + failed + timed out + dropped + "
                + "in flight: " + counters.failed.snapshot() + " " + counters.dropped.snapshot() + " " + inFlight);
            assertTrue(counters.confirmed.sum() > scheduled / 2, "confirmed " + counters.confirmed.sum());
            assertEquals(0, counters.dropped.total(), "messages due while reconnecting waited: "
                + counters.dropped.snapshot());
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
    }
}
