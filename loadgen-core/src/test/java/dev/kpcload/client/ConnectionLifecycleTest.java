package dev.kpcload.client;

import dev.kpcload.client.ConnectionLifecycle.State;
import dev.kpcload.client.SessionHarness.Wire;
import dev.kpcload.metrics.LatencyKind;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import static dev.kpcload.client.SessionHarness.BASE;
import static dev.kpcload.client.SessionHarness.MS;
import static dev.kpcload.client.SessionHarness.connack;
import static dev.kpcload.client.SessionHarness.reconnecting;
import static dev.kpcload.client.SessionHarness.status;
import static org.junit.jupiter.api.Assertions.*;

/** The reconnect transitions, on the embedded loop with a frozen clock and a scripted random source. */
class ConnectionLifecycleTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private static SessionHarness harness(ScriptedRandom random) {
        return new SessionHarness(reconnecting(ConfirmMode.STATUS, 0, 4, SECOND, 30 * SECOND), random);
    }

    /** Connected with the report confirmed. */
    private static void ready(SessionHarness h) {
        h.connected();
        h.receive(status(0));
        assertEquals(State.CONNECTED, h.session.state());
    }

    private static void serverCloses(SessionHarness h) {
        h.current().close();
        h.runTasks();
    }

    private static List<MqttMessageType> types(List<Wire> wires) {
        return wires.stream().map(Wire::type).toList();
    }

    @Test
    void aLostConnectionWaitsTheJitteredBackoffReconnectsAndSendsItsBacklogWithIntendedTimesKept() {
        ScriptedRandom random = new ScriptedRandom(0.5);
        try (SessionHarness h = harness(random)) {
            ready(h);
            long t0 = h.now();
            h.offer(t0);
            assertEquals(List.of(BASE + "/1"), h.sent().stream().map(Wire::topic).toList());

            serverCloses(h);
            assertEquals(State.RECONNECT_WAIT, h.session.state());
            assertEquals(Map.of("closed_by_server", 1L), h.counters.disconnects.snapshot());
            assertEquals(Map.of("connection_lost", 1L), h.counters.failed.snapshot(), "what was in flight");
            assertEquals(0, h.counters.connectedNow.sum());
            assertTrue(h.session.isConnectedForPlan(), "still takes part in the plan");
            assertEquals(0, random.left(), "the wait was drawn at the loss");

            h.advance(100 * MS);
            long t1 = h.now();
            h.offer(t1);
            h.advance(100 * MS);
            long t2 = h.now();
            h.offer(t2);
            assertEquals(0, h.counters.dropped.total(), "queued for the new connection");

            // attempt 0: between half and all of 1 s; the random 0.5 makes it 750 ms
            h.advance(550 * MS - 1);
            assertEquals(State.RECONNECT_WAIT, h.session.state());
            assertEquals(1, h.channels.size());
            h.advance(1);
            assertEquals(State.CONNECTING, h.session.state());
            assertEquals(2, h.channels.size());
            assertEquals(List.of(MqttMessageType.CONNECT), types(h.sent()));
            assertEquals(1, h.counters.reconnects.sum());
            assertEquals(2, h.counters.connectAttempts.sum());
            assertEquals(1, h.counters.connecting.sum());

            h.advance(3 * MS);
            h.receive(connack(MqttConnectReturnCode.CONNECTION_ACCEPTED));
            assertEquals(State.CONNECTED, h.session.state());
            assertEquals(1, h.counters.connectedNow.sum());
            assertEquals(1, h.counters.connected.sum(), "connected counts devices, not connections");
            assertEquals(1, h.resolved.get(), "resolved once, at the first CONNACK");
            // the report again, then the backlog in order; request IDs go on counting
            assertEquals(List.of(BASE + "/2", BASE + "/3", BASE + "/4"),
                h.sent().stream().map(Wire::topic).toList());
            assertEquals(2, h.counters.reportsSent.sum());
            // send lag from each message's own intended time, not from the reconnect
            long now = h.now();
            assertEquals(t0 + 753 * MS, now);
            h.assertLatencies(LatencyKind.SEND_LAG, 0, now - t1, now - t2);
            h.assertLatencies(LatencyKind.CONNECT, 0, 3 * MS);
            h.assertLatencies(LatencyKind.RECONNECT, 753 * MS); // from the loss to the next CONNACK

            h.receive(status(2), status(3), status(4));
            assertEquals(2, h.counters.confirmed.sum());
            assertEquals(3, h.counters.confirmed.sum() + h.counters.failed.total(), "three offered, three fates");
        }
    }

    @Test
    void aFailedReconnectDoublesTheWaitAndACompletedOneStartsOver() {
        ScriptedRandom random = new ScriptedRandom(0.5, 0.5, 0.0, 0.5);
        try (SessionHarness h = harness(random)) {
            ready(h);
            serverCloses(h);
            h.advance(750 * MS);
            assertEquals(State.CONNECTING, h.session.state());
            h.sent();
            h.receive(connack(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE));
            assertEquals(Map.of("connack_server_unavailable", 1L), h.counters.connectFailures.snapshot());
            assertEquals(State.RECONNECT_WAIT, h.session.state());
            assertFalse(h.current().isOpen());
            assertEquals(Map.of("closed_by_server", 1L), h.counters.disconnects.snapshot(),
                "a failed reconnect is no disconnect");

            // attempt 1: between half and all of 2 s; 0.5 makes it 1.5 s, twice the first wait
            h.advance(1500 * MS - 1);
            assertEquals(2, h.channels.size());
            h.advance(1);
            assertEquals(3, h.channels.size());
            assertEquals(State.CONNECTING, h.session.state());
            h.sent();
            h.current().close(); // closed before CONNACK: another failed attempt
            h.runTasks();
            assertEquals(1, h.counters.connectFailures.get("closed_before_connack"));

            // attempt 2: between 2 s and 4 s; 0.0 makes it 2 s
            h.advance(2 * SECOND - 1);
            assertEquals(3, h.channels.size());
            h.advance(1);
            assertEquals(4, h.channels.size());
            h.sent();
            h.receive(connack(MqttConnectReturnCode.CONNECTION_ACCEPTED));
            assertEquals(State.CONNECTED, h.session.state());
            assertEquals(3, h.counters.reconnects.sum());
            assertEquals(1, h.resolved.get());

            // back: the next loss starts again from the first delay (0.5: 750 ms)
            h.sent();
            serverCloses(h);
            h.advance(750 * MS - 1);
            assertEquals(4, h.channels.size());
            h.advance(1);
            assertEquals(5, h.channels.size());
            assertEquals(0, random.left());
            assertEquals(Map.of("closed_by_server", 2L), h.counters.disconnects.snapshot());
        }
    }

    @Test
    void aReconnectThatGetsNoConnackTimesOutAndWaitsLonger() {
        ScriptedRandom random = new ScriptedRandom(1.0 - 1e-9, 0.0);
        try (SessionHarness h = harness(random)) {
            ready(h);
            serverCloses(h);
            long wait = new ReconnectBackoff(SECOND, 30 * SECOND).delayNanos(0, 1.0 - 1e-9);
            h.advance(wait);
            assertEquals(State.CONNECTING, h.session.state());
            h.advance(TimeUnit.SECONDS.toNanos(10)); // the connect timeout
            assertEquals(Map.of("timeout", 1L), h.counters.connectFailures.snapshot());
            assertEquals(State.RECONNECT_WAIT, h.session.state());
            assertEquals(0, h.counters.connecting.sum());
            h.advance(SECOND - 1); // attempt 1 with 0.0: 1 s
            assertEquals(2, h.channels.size());
            h.advance(1);
            assertEquals(3, h.channels.size());
        }
    }

    @Test
    void closingTheBooksDuringTheWaitCancelsTheReconnect() {
        ScriptedRandom random = new ScriptedRandom(0.5);
        try (SessionHarness h = harness(random)) {
            ready(h);
            serverCloses(h);
            h.offer(h.now());
            h.offer(h.now());
            assertEquals(State.RECONNECT_WAIT, h.session.state());
            assertEquals(new DeviceSession.SessionBooks(0, 2), h.session.closeBooks());
            assertEquals(State.CLOSING, h.session.state());
            assertEquals(Map.of("unsent_at_stop", 2L), h.counters.dropped.snapshot());
            h.advance(TimeUnit.MINUTES.toNanos(5));
            assertEquals(1, h.channels.size(), "no reconnect after the books closed");
            assertEquals(0, h.counters.reconnects.sum());
            assertEquals(1, h.counters.connectAttempts.sum());
            assertEquals(0, h.counters.connecting.sum());
            assertEquals(0, h.counters.connectedNow.sum());
            assertFalse(h.session.isConnectedForPlan());
        }
    }

    @Test
    void closingTheBooksDuringAReconnectClosesItUncounted() {
        ScriptedRandom random = new ScriptedRandom(0.5);
        try (SessionHarness h = harness(random)) {
            ready(h);
            serverCloses(h);
            h.advance(750 * MS);
            assertEquals(State.CONNECTING, h.session.state());
            h.sent();
            h.session.closeBooks();
            h.runTasks();
            assertFalse(h.current().isOpen());
            h.advance(TimeUnit.SECONDS.toNanos(20));
            assertEquals(0, h.counters.connectFailures.total());
            assertEquals(0, h.counters.connecting.sum());
            assertEquals(2, h.channels.size());
        }
    }

    @Test
    void whileReconnectingTheDropPolicyDropsAsNotConnected() {
        SessionSettings base = reconnecting(ConfirmMode.STATUS, 0, 4, SECOND, 30 * SECOND);
        SessionSettings drop = new SessionSettings(base.appVersion(), base.epmxInstance(), base.confirm(), base.qos(),
            base.inflight(), BacklogPolicy.DROP, base.maxBacklog(), base.responseTimeoutNanos(),
            base.keepaliveSeconds(), base.connectTimeoutNanos(), base.reconnect());
        try (SessionHarness h = new SessionHarness(drop, new ScriptedRandom(0.5))) {
            ready(h);
            serverCloses(h);
            h.offer(h.now());
            assertEquals(Map.of("not_connected", 1L), h.counters.dropped.snapshot());
        }
    }

    @Test
    void withoutReconnectsALossIsFinalAndDrawsNoRandom() {
        try (SessionHarness h = new SessionHarness(SessionHarness.settings(ConfirmMode.STATUS, 0, 4,
            BacklogPolicy.QUEUE, 10), new ScriptedRandom())) {
            ready(h);
            serverCloses(h);
            assertEquals(State.LOST, h.session.state());
            h.advance(TimeUnit.MINUTES.toNanos(5));
            assertEquals(1, h.channels.size());
        }
    }

    @Test
    void seededLaneRandomsRepeatWithTheSeedAndDifferBetweenLanes() {
        Supplier<RandomGenerator> a = FleetContext.seededLaneRandoms(42);
        Supplier<RandomGenerator> b = FleetContext.seededLaneRandoms(42);
        RandomGenerator a1 = a.get();
        RandomGenerator a2 = a.get();
        RandomGenerator b1 = b.get();
        double first = a1.nextDouble();
        assertEquals(first, b1.nextDouble());
        assertEquals(a1.nextDouble(), b1.nextDouble());
        assertNotEquals(first, a2.nextDouble());
        assertNotEquals(first, new SplittableRandom(43).split().nextDouble());
    }
}
