package dev.kpcload.client;

import dev.kpcload.client.ConnectionLifecycle.State;
import dev.kpcload.fleet.Device;
import dev.kpcload.metrics.LatencyKind;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.kpcload.client.SessionHarness.MS;
import static dev.kpcload.client.SessionHarness.reconnecting;
import static org.junit.jupiter.api.Assertions.*;

/** Lane.dropConnections on the embedded loop: which devices drop, how they come back, what is counted. */
class StormTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** The harness's device 0 and {@code more} others on the same lane, all connected. */
    private static List<DeviceSession> fleet(SessionHarness h, int more) {
        List<DeviceSession> sessions = new ArrayList<>(List.of(h.session));
        for (int i = 1; i <= more; i++) {
            sessions.add(h.lane.add(new Device(i, "tok" + i, "meter-" + i, null, null,
                String.format("02-00-00-00-00-%02X", i), "MySmartMeter A300")));
        }
        sessions.forEach(s -> connack(h, s));
        h.sent();
        return sessions;
    }

    private static void connack(SessionHarness h, DeviceSession s) {
        if (s.state() != State.CONNECTING) {
            s.connect(h.now());
            h.runTasks();
        }
        ((EmbeddedChannel) s.channel()).writeInbound(Unpooled.wrappedBuffer(new byte[] {0x20, 0x02, 0x00, 0x00}));
        h.runTasks();
        assertEquals(State.CONNECTED, s.state());
    }

    private static StormDrop drop(SessionHarness h, double share, long seed) {
        Future<StormDrop> dropped = h.lane.dropConnections(share, seed);
        h.runTasks();
        assertTrue(dropped.isSuccess());
        return dropped.getNow();
    }

    /** The indexes a storm of this seed drops first, as the lane orders them. */
    private static List<Integer> rankOrder(long seed, int devices) {
        return IntStream.range(0, devices).boxed()
            .sorted(Comparator.comparingLong(i -> Lane.stormRank(seed, i))).toList();
    }

    private static Set<Integer> inState(List<DeviceSession> sessions, State state) {
        return sessions.stream().filter(s -> s.state() == state).map(s -> s.device().index())
            .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void theChosenShareDropsAndEachComesBackAfterItsOwnJitteredBackoff() {
        ScriptedRandom random = new ScriptedRandom(0.0, 0.5);
        try (SessionHarness h = new SessionHarness(reconnecting(ConfirmMode.NONE, 0, 4, SECOND, 30 * SECOND),
            random)) {
            List<DeviceSession> sessions = fleet(h, 3);
            long t = h.now();
            StormDrop storm = drop(h, 0.5, 7);
            List<Integer> order = rankOrder(7, 4);
            DeviceSession first = sessions.get(order.get(0));
            DeviceSession second = sessions.get(order.get(1));

            assertEquals(2, storm.dropped());
            assertEquals(2, storm.pending());
            assertEquals(t, storm.droppedAtNanos());
            assertEquals(-1, storm.lastBackNanos());
            assertFalse(storm.settled().isDone());
            assertEquals(new TreeSet<>(order.subList(0, 2)), inState(sessions, State.RECONNECT_WAIT));
            assertEquals(new TreeSet<>(order.subList(2, 4)), inState(sessions, State.CONNECTED));
            assertEquals(Map.of("dropped_by_generator", 2L), h.counters.disconnects.snapshot());
            assertEquals(2, h.counters.connectedNow.sum());
            assertEquals(0, random.left(), "each drawn its own wait, in the order they were dropped");

            // the first dropped drew 0.0: half of the first delay; the second 0.5: three quarters
            h.advance(500 * MS - 1);
            assertEquals(State.RECONNECT_WAIT, first.state());
            h.advance(1);
            assertEquals(State.CONNECTING, first.state());
            h.advance(2 * MS);
            connack(h, first);
            assertEquals(1, storm.pending());
            assertEquals(t + 502 * MS, storm.lastBackNanos());

            h.advance(248 * MS - 1);
            assertEquals(State.RECONNECT_WAIT, second.state());
            h.advance(1);
            assertEquals(State.CONNECTING, second.state());
            h.advance(3 * MS);
            connack(h, second);
            assertEquals(0, storm.pending());
            assertEquals(t + 753 * MS, storm.lastBackNanos(), "the whole lane back");
            assertTrue(storm.settled().isSuccess());
            assertSame(storm, storm.settled().getNow());

            h.assertLatencies(LatencyKind.RECONNECT, 502 * MS, 753 * MS);
            assertEquals(2, h.counters.reconnects.sum());
            assertEquals(4, h.counters.connectedNow.sum());
            assertEquals(4, h.counters.connected.sum(), "devices, not connections");
            assertEquals(6, h.counters.reportsSent.sum(), "a report on every CONNACK, like a rebooted meter");
        }
    }

    @Test
    void theSameSeedDropsTheSameDevicesAndTheShareIsRounded() {
        List<Set<Integer>> dropped = new ArrayList<>();
        for (long seed : new long[] {11, 11, 12}) {
            try (SessionHarness h = new SessionHarness(reconnecting(ConfirmMode.NONE, 0, 4, SECOND, 30 * SECOND))) {
                List<DeviceSession> sessions = fleet(h, 9);
                StormDrop storm = drop(h, 0.25, seed);
                assertEquals(3, storm.dropped(), "a quarter of 10, rounded");
                Set<Integer> lost = inState(sessions, State.RECONNECT_WAIT);
                assertEquals(new TreeSet<>(rankOrder(seed, 10).subList(0, 3)), lost);
                dropped.add(lost);
            }
        }
        assertEquals(dropped.get(0), dropped.get(1));
        assertNotEquals(dropped.get(0), dropped.get(2));
    }

    @Test
    void onlyConnectedDevicesDrop() {
        try (SessionHarness h = new SessionHarness(reconnecting(ConfirmMode.NONE, 0, 4, SECOND, 30 * SECOND),
            new ScriptedRandom(0.5))) {
            List<DeviceSession> sessions = fleet(h, 2);
            StormDrop firstStorm = drop(h, 1.0 / 3, 1); // one of three
            DeviceSession lost = sessions.stream().filter(s -> s.state() == State.RECONNECT_WAIT).findFirst()
                .orElseThrow();
            StormDrop all = drop(h, 1.0, 1); // the other two; the one on its way back is not dropped again
            assertEquals(2, all.dropped());
            assertEquals(State.RECONNECT_WAIT, lost.state());
            assertEquals(1, firstStorm.pending());
            assertEquals(Map.of("dropped_by_generator", 3L), h.counters.disconnects.snapshot());
        }
    }

    @Test
    void aStormKeepsTheBooksAndTheIntendedTimesOfWhatWaits() {
        try (SessionHarness h = new SessionHarness(reconnecting(ConfirmMode.STATUS, 0, 4, SECOND, 30 * SECOND),
            new ScriptedRandom(0.0))) {
            h.connected();
            h.receive(SessionHarness.status(0));
            long t0 = h.now();
            h.offer(t0); // in flight when dropped
            h.sent();
            StormDrop storm = drop(h, 1, 3);
            assertEquals(1, storm.dropped());
            assertEquals(Map.of("connection_lost", 1L), h.counters.failed.snapshot());
            h.advance(100 * MS);
            long t1 = h.now();
            h.offer(t1);
            assertEquals(0, h.counters.dropped.total());
            h.advance(400 * MS); // 0.0: half a second
            assertEquals(State.CONNECTING, h.session.state());
            h.sent();
            h.receive(SessionHarness.connack(io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_ACCEPTED));
            assertEquals(2, h.sent().size(), "the report and the message that waited");
            h.assertLatencies(LatencyKind.SEND_LAG, 0, 400 * MS);
            h.assertLatencies(LatencyKind.RECONNECT, 500 * MS);
            h.receive(SessionHarness.status(3));
            assertEquals(1, h.counters.confirmed.sum());
            assertEquals(2, h.counters.confirmed.sum() + h.counters.failed.total() + h.counters.dropped.total(),
                "two offered, two fates");
        }
    }

    @Test
    void closingTheBooksSettlesAStormWithWhoeverIsNotBack() {
        try (SessionHarness h = new SessionHarness(reconnecting(ConfirmMode.NONE, 0, 4, SECOND, 30 * SECOND),
            new ScriptedRandom(0.5, 0.5))) {
            fleet(h, 1);
            StormDrop storm = drop(h, 1, 5);
            assertEquals(2, storm.dropped());
            h.lane.closeBooks();
            h.runTasks();
            assertTrue(storm.settled().isSuccess());
            assertEquals(2, storm.pending(), "never came back");
            h.advance(TimeUnit.MINUTES.toNanos(1));
            assertEquals(0, h.counters.reconnects.sum());
            h.assertLatencies(LatencyKind.RECONNECT);
        }
    }

    @Test
    void anEmptyStormIsSettledAtOnceAndAStormNeedsReconnects() {
        try (SessionHarness h = new SessionHarness(reconnecting(ConfirmMode.NONE, 0, 4, SECOND, 30 * SECOND))) {
            fleet(h, 1);
            StormDrop none = drop(h, 0, 5);
            assertEquals(0, none.dropped());
            assertTrue(none.settled().isSuccess());
            assertThrows(IllegalArgumentException.class, () -> h.lane.dropConnections(1.5, 1));
        }
        try (SessionHarness h = new SessionHarness(SessionHarness.settings(ConfirmMode.NONE, 0, 4,
            BacklogPolicy.QUEUE, 10))) {
            assertThrows(IllegalStateException.class, () -> h.lane.dropConnections(1, 1));
        }
    }
}
