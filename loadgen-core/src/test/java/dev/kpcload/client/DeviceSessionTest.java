package dev.kpcload.client;

import dev.kpcload.client.SessionHarness.Wire;
import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.RunCounters;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.kpcload.client.SessionHarness.BASE;
import static dev.kpcload.client.SessionHarness.MS;
import static dev.kpcload.client.SessionHarness.REPORT_PAYLOAD;
import static dev.kpcload.client.SessionHarness.error;
import static dev.kpcload.client.SessionHarness.puback;
import static dev.kpcload.client.SessionHarness.reply;
import static dev.kpcload.client.SessionHarness.settings;
import static dev.kpcload.client.SessionHarness.status;
import static org.junit.jupiter.api.Assertions.*;

class DeviceSessionTest {

    private static SessionHarness harness(ConfirmMode confirm, int qos, int inflight, BacklogPolicy policy,
                                          int maxBacklog) {
        return new SessionHarness(settings(confirm, qos, inflight, policy, maxBacklog));
    }

    private static SessionHarness statusHarness(int inflight) {
        return harness(ConfirmMode.STATUS, 0, inflight, BacklogPolicy.QUEUE, 100);
    }

    /** Connected, with the report confirmed, so that the window is empty. */
    private static SessionHarness ready(SessionHarness h) {
        Wire report = h.connected();
        if (h.session.settings().confirm() == ConfirmMode.STATUS) {
            h.receive(status(0));
        } else if (h.session.settings().confirm() == ConfirmMode.PUBACK) {
            h.receive(puback(report.packetId()));
        }
        assertEquals(1, h.counters.reportsConfirmed.sum());
        return h;
    }

    private static void assertPublish(Wire w, String topic, int qos) {
        assertEquals(MqttMessageType.PUBLISH, w.type());
        assertEquals(topic, w.topic());
        assertEquals(qos, w.qos());
        assertEquals(REPORT_PAYLOAD, w.payload());
    }

    // ---- connecting ----

    @Test
    void connectSendsConnectAndConnackSendsTheReport() {
        try (SessionHarness h = statusHarness(4)) {
            long intended = h.now();
            h.advance(2 * MS); // the connect starts 2 ms late
            h.session.connect(intended);
            h.runTasks();
            List<Wire> out = h.sent();
            assertEquals(1, out.size());
            MqttConnectMessage connect = (MqttConnectMessage) out.get(0).raw();
            assertEquals("meter-0", connect.payload().clientIdentifier());
            assertEquals(MqttVersion.MQTT_3_1_1.protocolLevel(), (byte) connect.variableHeader().version());
            assertTrue(connect.variableHeader().isCleanSession());
            assertEquals(60, connect.variableHeader().keepAliveTimeSeconds());
            assertFalse(connect.variableHeader().hasUserName());
            assertFalse(connect.variableHeader().hasPassword());
            assertEquals(1, h.counters.connectAttempts.sum());
            assertFalse(h.session.isConnectedForPlan());
            assertEquals(0, h.resolved.get());

            h.advance(5 * MS);
            h.receive(SessionHarness.connack(MqttConnectReturnCode.CONNECTION_ACCEPTED));
            assertTrue(h.session.isConnectedForPlan());
            assertEquals(1, h.counters.connected.sum());
            assertEquals(1, h.counters.connectedNow.sum());
            assertEquals(1, h.resolved.get());
            h.assertLatencies(LatencyKind.CONNECT, 7 * MS); // from the intended start, not the actual one
            h.assertLatencies(LatencyKind.TCP_CONNECT, 0);

            List<Wire> report = h.sent();
            assertEquals(1, report.size());
            assertPublish(report.get(0), BASE + "/0", 0);
            assertEquals(1, h.counters.reportsSent.sum());
            assertEquals(0, h.counters.sent.sum(), "the report is not a message of the plan");

            h.advance(3 * MS);
            h.receive(status(0));
            assertEquals(1, h.counters.reportsConfirmed.sum());
            assertEquals(0, h.counters.confirmed.sum());
            h.assertLatencies(LatencyKind.STATUS);
            h.assertLatencies(LatencyKind.SERVICE);
            h.assertLatencies(LatencyKind.SEND_LAG);
        }
    }

    @Test
    void connectSendsCredentialsWhenTheDeviceHasThem() {
        try (SessionHarness h = statusHarness(1)) {
            var device = new dev.kpcload.fleet.Device(1, "tok", "cid", "user", "secret", "02-00-00-00-00-01", "M");
            DeviceSession session = h.lane.add(device);
            MqttConnectMessage connect = new MqttConnectHandler(session).connectMessage();
            assertEquals("user", connect.payload().userName());
            assertArrayEquals("secret".getBytes(), connect.payload().passwordInBytes());
            assertTrue(connect.variableHeader().hasUserName());
            assertTrue(connect.variableHeader().hasPassword());
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION, connack_unacceptable_protocol_version",
            "CONNECTION_REFUSED_IDENTIFIER_REJECTED, connack_identifier_rejected",
            "CONNECTION_REFUSED_SERVER_UNAVAILABLE, connack_server_unavailable",
            "CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD, connack_bad_user_name_or_password",
            "CONNECTION_REFUSED_NOT_AUTHORIZED, connack_not_authorized",
    })
    void refusedConnacksAreConnectFailuresByKind(MqttConnectReturnCode code, String kind) {
        try (SessionHarness h = statusHarness(1)) {
            h.connect(h.now());
            h.receive(SessionHarness.connack(code));
            assertEquals(Map.of(kind, 1L), h.counters.connectFailures.snapshot());
            assertFalse(h.channel().isOpen());
            assertFalse(h.session.isConnectedForPlan());
            assertEquals(1, h.resolved.get());
            assertEquals(0, h.counters.connected.sum());
            assertEquals(0, h.counters.connectedNow.sum());
            assertEquals(0, h.counters.disconnects.total(), "closing after a refusal is not a disconnect");
            assertEquals(List.of(), h.sent(), "no report after a refusal");
            h.session.offer(h.now());
            assertEquals(1, h.counters.dropped.get("not_connected"));
        }
    }

    @Test
    void aConnectionClosedBeforeConnackIsAConnectFailure() {
        try (SessionHarness h = statusHarness(1)) {
            h.connect(h.now());
            h.channel().close();
            h.runTasks();
            assertEquals(Map.of("closed_before_connack", 1L), h.counters.connectFailures.snapshot());
            assertEquals(1, h.resolved.get());
        }
    }

    @Test
    void aConnackThatTakesTooLongIsAConnectTimeout() {
        try (SessionHarness h = statusHarness(1)) {
            h.connect(h.now());
            h.advance(TimeUnit.SECONDS.toNanos(10) - 1);
            assertEquals(0, h.counters.connectFailures.total());
            h.advance(1);
            assertEquals(Map.of("timeout", 1L), h.counters.connectFailures.snapshot());
            assertFalse(h.channel().isOpen());
            assertEquals(1, h.resolved.get());
            // a CONNACK that comes after the timeout changes nothing
            h.session.onConnackAccepted();
            assertEquals(0, h.counters.connected.sum());
            assertEquals(1, h.resolved.get());
        }
    }

    @Test
    void theConnectTimeoutIsCancelledByTheConnack() {
        try (SessionHarness h = statusHarness(1)) {
            h.connected();
            h.advance(TimeUnit.SECONDS.toNanos(30));
            assertEquals(0, h.counters.connectFailures.total());
            assertTrue(h.channel().isOpen());
        }
    }

    @Test
    void offersBeforeConnackAreDroppedAsNotConnected() {
        try (SessionHarness h = statusHarness(1)) {
            h.session.offer(h.now());
            h.connect(h.now());
            h.session.offer(h.now());
            assertEquals(2, h.counters.dropped.get("not_connected"));
            assertEquals(0, h.counters.sent.sum());
        }
    }

    // ---- publishing and confirmations ----

    @Test
    void statusRepliesConfirmWithLatencyFromIntendedServiceFromWriteAndSendLag() {
        try (SessionHarness h = ready(statusHarness(4))) {
            long intended = h.now();
            h.advance(3 * MS); // the lane ticks 3 ms late
            h.offer(intended);
            List<Wire> out = h.sent();
            assertEquals(1, out.size());
            assertPublish(out.get(0), BASE + "/1", 0);
            assertEquals(1, h.counters.sent.sum());
            h.advance(7 * MS);
            h.receive(status(1));
            assertEquals(1, h.counters.confirmed.sum());
            h.assertLatencies(LatencyKind.STATUS, 10 * MS);
            h.assertLatencies(LatencyKind.SERVICE, 7 * MS);
            h.assertLatencies(LatencyKind.SEND_LAG, 3 * MS);
            h.assertLatencies(LatencyKind.PUBACK);
            assertEquals(0, h.counters.unmatchedReplies.sum());
            assertEquals(0, h.counters.inFlightEstimate() - 0, "sent 1, confirmed 1");
        }
    }

    @Test
    void messagesOfOneTickAreFlushedOnce() {
        try (SessionHarness h = ready(statusHarness(8))) {
            int before = h.flushes.get();
            h.session.offer(h.now());
            h.session.offer(h.now());
            h.session.offer(h.now());
            assertEquals(List.of(), h.sent(), "nothing leaves before the lane flushes");
            h.lane.flushTouched();
            assertEquals(before + 1, h.flushes.get());
            assertEquals(List.of(BASE + "/1", BASE + "/2", BASE + "/3"), h.sent().stream().map(Wire::topic).toList());
            h.lane.flushTouched();
            assertEquals(before + 1, h.flushes.get(), "nothing new: no flush");
        }
    }

    @Test
    void pubackConfirmsInPubackModeWithLatencyFromIntended() {
        try (SessionHarness h = ready(harness(ConfirmMode.PUBACK, 1, 4, BacklogPolicy.QUEUE, 10))) {
            long intended = h.now();
            h.advance(2 * MS);
            h.offer(intended);
            Wire w = h.sent().get(0);
            assertPublish(w, BASE, 1);
            assertEquals(2, w.packetId(), "packet ID 1 went to the report");
            h.advance(5 * MS);
            h.receive(puback(w.packetId()));
            assertEquals(1, h.counters.confirmed.sum());
            h.assertLatencies(LatencyKind.PUBACK, 7 * MS);
            h.assertLatencies(LatencyKind.SERVICE, 5 * MS);
            h.assertLatencies(LatencyKind.SEND_LAG, 2 * MS);
            h.assertLatencies(LatencyKind.STATUS);
            h.receive(puback(w.packetId())); // a second PUBACK matches nothing
            h.receive(puback(999));
            assertEquals(2, h.counters.unmatchedReplies.sum());
            assertEquals(1, h.counters.confirmed.sum());
        }
    }

    @Test
    void withStatusAndQos1ThePubackIsMeasuredButTheReplyConfirms() {
        try (SessionHarness h = ready(harness(ConfirmMode.STATUS, 1, 4, BacklogPolicy.QUEUE, 10))) {
            long intended = h.now();
            h.offer(intended);
            Wire w = h.sent().get(0);
            assertPublish(w, BASE + "/1", 1);
            h.advance(2 * MS);
            h.receive(puback(w.packetId()));
            assertEquals(0, h.counters.confirmed.sum(), "a PUBACK does not confirm a request that wants a reply");
            h.assertLatencies(LatencyKind.PUBACK, 2 * MS);
            h.receive(puback(w.packetId()));
            assertEquals(0, h.counters.unmatchedReplies.sum(), "PUBACKs are not what confirms in this mode");
            h.advance(4 * MS);
            h.receive(status(1));
            assertEquals(1, h.counters.confirmed.sum());
            h.assertLatencies(LatencyKind.STATUS, 6 * MS);
            h.assertLatencies(LatencyKind.SERVICE, 6 * MS);
        }
    }

    @Test
    void withoutConfirmationAMessageCountsOnceWritten() {
        try (SessionHarness h = harness(ConfirmMode.NONE, 0, 1, BacklogPolicy.QUEUE, 10)) {
            Wire report = h.connected();
            assertPublish(report, BASE, 0);
            assertEquals(1, h.counters.reportsConfirmed.sum());
            for (int i = 0; i < 5; i++) {
                h.offer(h.now()); // far more than the window of 1: nothing waits for anything
            }
            assertEquals(5, h.sent().size());
            assertEquals(5, h.counters.sent.sum());
            assertEquals(5, h.counters.confirmed.sum());
            assertFalse(h.session.hasInflight());
            h.assertLatencies(LatencyKind.SEND_LAG, 0, 0, 0, 0, 0);
            h.assertLatencies(LatencyKind.SERVICE);
        }
    }

    @Test
    void errorRepliesFailByStatusCode() {
        try (SessionHarness h = statusHarness(4)) {
            h.connected();
            h.receive(error(0, 401));
            assertEquals(Map.of("status_401", 1L), h.counters.reportsFailed.snapshot());
            h.offer(h.now());
            h.offer(h.now());
            h.sent();
            h.receive(error(1, 400), reply(BASE + "/2/error", 0, 0, "not json"));
            assertEquals(Map.of("error_reply", 2L), h.counters.failed.snapshot());
            assertEquals(Map.of("400", 1L, "0", 1L), h.counters.errorReplies.snapshot());
            assertEquals(0, h.counters.confirmed.sum());
            assertFalse(h.session.hasInflight());
            h.assertLatencies(LatencyKind.SERVICE);
        }
    }

    @Test
    void repliesThatMatchNothingAreCounted() {
        try (SessionHarness h = ready(statusHarness(4))) {
            h.offer(h.now());
            h.sent();
            h.receive(
                status(7),                                                        // no such request
                reply(BASE + "/x1/status", 0, 0, ""),                             // not digits
                reply(BASE + "//status", 0, 0, ""),                               // empty ID
                reply(BASE + "/99999999999/status", 0, 0, ""),                    // beyond int
                reply("kp1/demo_application_v1/epmx/OTHER/update/keys/1/status", 0, 0, ""), // another token
                reply(BASE + "/1/done", 0, 0, ""),                                // neither status nor error
                status(0));                                                       // the report's: done already
            assertEquals(7, h.counters.unmatchedReplies.sum());
            assertEquals(0, h.counters.confirmed.sum());
            assertTrue(h.session.hasInflight());
            h.receive(status(1));
            assertEquals(1, h.counters.confirmed.sum());
        }
    }

    @Test
    void qos1ServerPublishesArePubacked() {
        try (SessionHarness h = ready(statusHarness(4))) {
            h.offer(h.now());
            h.sent();
            int before = h.flushes.get();
            h.receive(reply(BASE + "/1/status", 1, 321, ""), reply("some/other/topic", 1, 322, "x"),
                reply(BASE + "/5/status", 0, 0, ""));
            List<Wire> out = h.sent();
            assertEquals(List.of(MqttMessageType.PUBACK, MqttMessageType.PUBACK), out.stream().map(Wire::type).toList());
            assertEquals(List.of(321, 322), out.stream().map(Wire::packetId).toList());
            assertEquals(before + 1, h.flushes.get(), "PUBACKs of one read batch go out in one flush");
            assertEquals(1, h.counters.confirmed.sum());
            assertEquals(2, h.counters.unmatchedReplies.sum());
        }
    }

    // ---- window, backlog, writability ----

    @Test
    void aFullWindowQueuesWithTheIntendedTimeKeptAndAConfirmationDrainsIt() {
        try (SessionHarness h = ready(statusHarness(1))) {
            long t0 = h.now();
            h.offer(t0);
            h.advance(MS);
            long t1 = h.now();
            h.offer(t1);
            h.advance(MS);
            long t2 = h.now();
            h.offer(t2);
            assertEquals(List.of(BASE + "/1"), h.sent().stream().map(Wire::topic).toList());
            assertEquals(1, h.counters.sent.sum());
            assertEquals(0, h.counters.dropped.total(), "two wait in the backlog");
            h.advance(8 * MS); // t0 + 10 ms
            h.receive(status(1));
            assertEquals(List.of(BASE + "/2"), h.sent().stream().map(Wire::topic).toList(), "the next one, at once");
            h.advance(10 * MS); // t0 + 20 ms
            h.receive(status(2));
            assertEquals(List.of(BASE + "/3"), h.sent().stream().map(Wire::topic).toList());
            h.advance(10 * MS); // t0 + 30 ms
            h.receive(status(3));
            assertEquals(3, h.counters.confirmed.sum());
            assertEquals(0, h.counters.dropped.total());
            // send lag and latency count from each message's own intended time: t0, t0+1ms, t0+2ms
            h.assertLatencies(LatencyKind.SEND_LAG, 0, 9 * MS, 18 * MS);
            h.assertLatencies(LatencyKind.STATUS, 10 * MS, 19 * MS, 28 * MS);
            h.assertLatencies(LatencyKind.SERVICE, 10 * MS, 10 * MS, 10 * MS);
        }
    }

    @Test
    void theBacklogIsBounded() {
        try (SessionHarness h = ready(harness(ConfirmMode.STATUS, 0, 1, BacklogPolicy.QUEUE, 2))) {
            for (int i = 0; i < 5; i++) {
                h.offer(h.now());
            }
            assertEquals(1, h.counters.sent.sum());
            assertEquals(Map.of("backlog_full", 2L), h.counters.dropped.snapshot());
        }
    }

    @Test
    void dropPolicyCountsWhyAndKeepsNoBacklog() {
        try (SessionHarness h = ready(harness(ConfirmMode.STATUS, 0, 1, BacklogPolicy.DROP, 100))) {
            h.offer(h.now());
            h.offer(h.now());
            h.offer(h.now());
            assertEquals(Map.of("window_full", 2L), h.counters.dropped.snapshot());
            h.receive(status(1));
            assertEquals(List.of(BASE + "/1"), h.sent().stream().map(Wire::topic).toList(), "nothing was queued");
            h.channel().unsafe().outboundBuffer().setUserDefinedWritability(1, false);
            assertFalse(h.channel().isWritable());
            h.offer(h.now());
            assertEquals(Map.of("window_full", 2L, "not_writable", 1L), h.counters.dropped.snapshot());
            assertEquals(1, h.counters.sent.sum());
            h.channel().unsafe().outboundBuffer().setUserDefinedWritability(1, true);
            h.runTasks();
            assertEquals(List.of(), h.sent());
        }
    }

    @Test
    void anUnwritableSocketQueuesAndWritabilityDrainsTheBacklog() {
        try (SessionHarness h = ready(statusHarness(8))) {
            h.channel().unsafe().outboundBuffer().setUserDefinedWritability(1, false);
            long t0 = h.now();
            h.offer(t0);
            h.offer(t0 + MS);
            assertEquals(List.of(), h.sent());
            assertEquals(0, h.counters.sent.sum());
            assertEquals(0, h.counters.dropped.total());
            h.advance(5 * MS);
            h.channel().unsafe().outboundBuffer().setUserDefinedWritability(1, true);
            h.runTasks();
            assertEquals(List.of(BASE + "/1", BASE + "/2"), h.sent().stream().map(Wire::topic).toList());
            h.assertLatencies(LatencyKind.SEND_LAG, 5 * MS, 4 * MS);
        }
    }

    @Test
    void aQueuedMessageKeepsItsPlaceBehindTheBacklog() {
        try (SessionHarness h = ready(statusHarness(1))) {
            h.offer(h.now());
            h.offer(h.now() + 1);
            h.receive(status(1));
            // a new message while the backlog is empty but the window full: queued; order stays 1, 2, 3
            h.offer(h.now() + 2);
            h.receive(status(2));
            h.receive(status(3));
            assertEquals(List.of(BASE + "/1", BASE + "/2", BASE + "/3"), h.sent().stream().map(Wire::topic).toList());
            assertEquals(3, h.counters.confirmed.sum());
        }
    }

    // ---- timeouts, losses, closing ----

    @Test
    void unconfirmedMessagesTimeOutAndLateRepliesAreUnmatched() {
        try (SessionHarness h = harness(ConfirmMode.STATUS, 0, 2, BacklogPolicy.QUEUE, 10)) {
            h.connected(); // the report, written at t0, stays unconfirmed
            long t0 = h.now();
            h.offer(t0);
            h.advance(5 * MS);
            h.offer(h.now()); // queued: the window holds the report and message 1
            assertEquals(1, h.counters.sent.sum());
            h.session.expireOlderThan(t0 - 1);
            assertEquals(0, h.counters.timedOut.sum());
            h.session.expireOlderThan(t0);
            assertEquals(1, h.counters.timedOut.sum());
            assertEquals(Map.of("timeout", 1L), h.counters.reportsFailed.snapshot());
            assertEquals(2, h.counters.sent.sum(), "room again: the backlog drained");
            h.lane.flushTouched();
            assertEquals(List.of(BASE + "/1", BASE + "/2"), h.sent().stream().map(Wire::topic).toList());
            h.receive(status(1), status(0));
            assertEquals(2, h.counters.unmatchedReplies.sum());
            h.receive(status(2));
            assertEquals(1, h.counters.confirmed.sum());
            assertEquals(2, h.counters.sent.sum());
            assertEquals(0, h.counters.inFlightEstimate());
        }
    }

    @Test
    void aLostConnectionFailsWhatIsInFlightAndDropsTheBacklog() {
        try (SessionHarness h = ready(statusHarness(2))) {
            for (int i = 0; i < 5; i++) {
                h.offer(h.now());
            }
            assertEquals(2, h.counters.sent.sum());
            h.channel().close();
            h.runTasks();
            assertEquals(Map.of("closed_by_server", 1L), h.counters.disconnects.snapshot());
            assertEquals(0, h.counters.connectedNow.sum());
            assertEquals(Map.of("connection_lost", 2L), h.counters.failed.snapshot());
            assertEquals(Map.of("connection_lost", 3L), h.counters.dropped.snapshot());
            assertFalse(h.session.isConnectedForPlan());
            assertFalse(h.session.hasInflight());
            h.session.offer(h.now());
            assertEquals(1, h.counters.dropped.get("not_connected"));
            assertBalanced(h.counters, 6, 0);
        }
    }

    @Test
    void aDecoderFailureIsAProtocolErrorAndClosesTheConnection() {
        try (SessionHarness h = ready(statusHarness(2))) {
            h.offer(h.now());
            h.receiveBytes(Unpooled.wrappedBuffer(new byte[] {0x00, 0x00})); // message type 0 is reserved
            assertEquals(1, h.counters.protocolErrors.sum());
            assertFalse(h.channel().isOpen());
            assertEquals(Map.of("protocol_error", 1L), h.counters.disconnects.snapshot());
            assertEquals(Map.of("connection_lost", 1L), h.counters.failed.snapshot());
        }
    }

    @Test
    void aDecoderFailureBeforeConnackIsAConnectFailure() {
        try (SessionHarness h = statusHarness(2)) {
            h.connect(h.now());
            h.receiveBytes(Unpooled.wrappedBuffer(new byte[] {0x00, 0x00}));
            assertEquals(1, h.counters.protocolErrors.sum());
            assertEquals(Map.of("protocol_error", 1L), h.counters.connectFailures.snapshot());
            assertEquals(1, h.resolved.get());
        }
    }

    @Test
    void closingTheBooksReportsInFlightAndQueuedAndIgnoresLaterReplies() {
        try (SessionHarness h = statusHarness(3)) {
            h.connected(); // the report stays in flight: it is not part of the plan's books
            for (int i = 0; i < 6; i++) {
                h.offer(h.now());
            }
            h.receive(status(1));
            h.sent();
            DeviceSession.SessionBooks books = h.session.closeBooks();
            // the report and 2 planned in the window (1 was confirmed, freeing room for one more), 3 queued
            assertEquals(new DeviceSession.SessionBooks(2, 3), books);
            assertEquals(Map.of("unsent_at_stop", 3L), h.counters.dropped.snapshot());
            assertEquals(0, h.counters.connectedNow.sum());
            h.runTasks();
            List<Wire> out = h.sent();
            assertEquals(MqttMessageType.DISCONNECT, out.get(out.size() - 1).type());
            assertFalse(h.channel().isOpen());
            assertEquals(0, h.counters.disconnects.total(), "our own close is not a lost connection");
            assertEquals(0, h.counters.failed.total());
            assertBalanced(h.counters, 6, books.inFlight());
            h.session.onReply(BASE + "/2/status", Unpooled.EMPTY_BUFFER);
            h.session.onPuback(1);
            h.session.offer(h.now());
            assertEquals(1, h.counters.confirmed.sum());
            assertEquals(0, h.counters.unmatchedReplies.sum());
        }
    }

    @Test
    void closingTheBooksOfAConnectingDeviceClosesItsChannel() {
        try (SessionHarness h = statusHarness(3)) {
            h.connect(h.now());
            assertEquals(new DeviceSession.SessionBooks(0, 0), h.session.closeBooks());
            h.runTasks();
            assertFalse(h.channel().isOpen());
            h.advance(TimeUnit.SECONDS.toNanos(20));
            assertEquals(0, h.counters.connectFailures.total(), "neither timeout nor closed_before_connack");
        }
    }

    @Test
    void laneBooksSumTheirSessions() throws Exception {
        try (SessionHarness h = statusHarness(1)) {
            h.connected();
            h.offer(h.now()); // the report holds the window: queued
            var books = h.lane.closeBooks();
            h.runTasks();
            assertEquals(new Lane.LaneBooks(0, 1), books.getNow());
            assertEquals(h.now(), h.lane.stopAtNanos());
        }
    }

    // ---- keepalive and traffic ----

    @Test
    void keepalivePingsWhenIdleAndClosesWhenPingsGoUnanswered() {
        try (SessionHarness h = statusHarness(1)) {
            h.connected();
            h.receive(status(0));
            long keepalive = TimeUnit.SECONDS.toNanos(60);
            h.advance(keepalive - MS);
            assertEquals(List.of(), h.sent());
            h.advance(MS);
            assertEquals(List.of(MqttMessageType.PINGREQ), h.sent().stream().map(Wire::type).toList());
            h.receive(MqttMessage.PINGRESP);
            assertEquals(1, h.counters.pings.sum());
            h.advance(keepalive);
            assertEquals(List.of(MqttMessageType.PINGREQ), h.sent().stream().map(Wire::type).toList());
            assertTrue(h.channel().isOpen());
            h.advance(keepalive); // the second PINGREQ went unanswered for a whole period
            assertFalse(h.channel().isOpen());
            assertEquals(Map.of("keepalive_timeout", 1L), h.counters.disconnects.snapshot());
            assertEquals(1, h.counters.pings.sum());
        }
    }

    @Test
    void trafficIsCountedInBytesOnTheWire() {
        try (SessionHarness h = ready(harness(ConfirmMode.PUBACK, 1, 4, BacklogPolicy.QUEUE, 10))) {
            h.offer(h.now());
            Wire w = h.sent().get(0);
            h.receive(puback(w.packetId()), reply("x/y", 1, 5, "abc"));
            h.sent();
            assertTrue(h.bytesOut > 0);
            assertEquals(h.bytesOut, h.counters.bytesSent.sum());
            assertEquals(h.bytesIn, h.counters.bytesReceived.sum());
        }
    }

    @Test
    void publishesAreWrittenFromTheEncoderOnwardAndFlushedFromTheTail() {
        try (SessionHarness h = ready(harness(ConfirmMode.PUBACK, 1, 4, BacklogPolicy.QUEUE, 10))) {
            int[] writes = new int[1];
            int[] flushes = new int[1];
            h.channel().pipeline().addLast("after-everything", new io.netty.channel.ChannelOutboundHandlerAdapter() {
                @Override
                public void write(io.netty.channel.ChannelHandlerContext ctx, Object msg,
                                  io.netty.channel.ChannelPromise promise) {
                    writes[0]++;
                    ctx.write(msg, promise);
                }

                @Override
                public void flush(io.netty.channel.ChannelHandlerContext ctx) {
                    flushes[0]++;
                    ctx.flush();
                }
            });
            long bytesBefore = h.counters.bytesSent.sum();
            h.offer(h.now());
            List<Wire> sent = h.sent();
            assertEquals(List.of(MqttMessageType.PUBLISH), sent.stream().map(Wire::type).toList());
            assertEquals(0, writes[0], "the encoded PUBLISH skips the handlers after the encoder");
            assertEquals(1, flushes[0], "the flush still passes every handler (the keepalive notes it)");
            assertTrue(h.counters.bytesSent.sum() > bytesBefore, "the traffic counter before the encoder saw it");
        }
    }

    @Test
    void parseDigitsAcceptsOnlyIntRangeDecimals() {
        assertEquals(0, ReplyTopicMatcher.parseDigits("a/0", 2, 3));
        assertEquals(2147483647L, ReplyTopicMatcher.parseDigits("2147483647", 0, 10));
        assertEquals(-1, ReplyTopicMatcher.parseDigits("2147483648", 0, 10));
        assertEquals(-1, ReplyTopicMatcher.parseDigits("12345678901", 0, 11));
        assertEquals(-1, ReplyTopicMatcher.parseDigits("1a", 0, 2));
        assertEquals(-1, ReplyTopicMatcher.parseDigits("abc", 1, 1));
    }

    /** scheduled = confirmed + failed + timed out + dropped + in flight. */
    private static void assertBalanced(RunCounters c, long offered, long inFlight) {
        assertEquals(offered, c.confirmed.sum() + c.failed.total() + c.timedOut.sum() + c.dropped.total() + inFlight,
            "every offered message has exactly one fate");
    }
}
