package dev.kpcload.client;

import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.MessageFailure;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static dev.kpcload.client.SessionHarness.MS;
import static org.junit.jupiter.api.Assertions.*;

/** Matching alone: what comes back, handed in as calls, against what a publisher put in flight. */
class ConfirmationsTest {

    private static final String PREFIX = "kp1/a/epmx/T/update/keys/";
    private SessionHarness h;
    private Publisher publisher;
    private Confirmations confirmations;
    private EmbeddedChannel wire;

    private void setUp(ConfirmMode confirm, int qos) {
        h = new SessionHarness(SessionHarness.settings(confirm, qos, 4, BacklogPolicy.QUEUE, 10));
        wire = new EmbeddedChannel();
        MessageBooks books = new MessageBooks(h.counters);
        String topic = confirm == ConfirmMode.STATUS ? PREFIX : PREFIX.substring(0, PREFIX.length() - 1);
        DeviceMessages messages = DeviceMessages.single(topic.getBytes(StandardCharsets.UTF_8), new byte[0], PREFIX);
        publisher = new Publisher(h.lane, books, messages);
        publisher.attach(wire);
        publisher.startWriting();
        confirmations = new Confirmations(h.lane.settings(), messages, publisher, books,
            h.lane.latencies(), h.lane.clock());
    }

    @AfterEach
    void close() {
        h.lane.flushTouched(); // what is written but not flushed would fail as the channel closes
        wire.finishAndReleaseAll();
        h.close();
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    @Test
    void statusConfirmsAndErrorFailsByStatusCode() {
        setUp(ConfirmMode.STATUS, 0);
        publisher.writeReport(h.now()); // request 0
        long t0 = h.now();
        publisher.offer(t0, 0);            // 1
        publisher.offer(t0, 0);            // 2
        h.advance(4 * MS);
        confirmations.onReply(PREFIX + "1/status", Unpooled.EMPTY_BUFFER);
        ByteBuf error = text("{\"statusCode\":429,\"reasonPhrase\":\"slow down\"}");
        confirmations.onReply(PREFIX + "2/error", error);
        error.release();
        ByteBuf reportError = text("{\"statusCode\":401,\"reasonPhrase\":\"who\"}");
        confirmations.onReply(PREFIX + "0/error", reportError);
        reportError.release();
        confirmations.onReply(PREFIX + "9/status", Unpooled.EMPTY_BUFFER);
        assertEquals(1, h.counters.confirmed.sum());
        assertEquals(Map.of("error_reply", 1L), h.counters.failed.snapshot());
        assertEquals(Map.of("429", 1L), h.counters.errorReplies.snapshot());
        assertEquals(Map.of("status_401", 1L), h.counters.reportsFailed.snapshot());
        assertEquals(1, h.counters.unmatchedReplies.sum());
        h.assertLatencies(LatencyKind.STATUS, 4 * MS);
        h.assertLatencies(LatencyKind.SERVICE, 4 * MS);
        assertFalse(publisher.hasInflight());
    }

    @Test
    void aPubackConfirmsOnlyInPubackModeAndIsMeasuredInBoth() {
        setUp(ConfirmMode.PUBACK, 1);
        publisher.offer(h.now(), 0); // packet 1
        h.advance(2 * MS);
        confirmations.onPuback(1);
        confirmations.onPuback(1);
        assertEquals(1, h.counters.confirmed.sum());
        assertEquals(1, h.counters.unmatchedReplies.sum());
        h.assertLatencies(LatencyKind.PUBACK, 2 * MS);
        h.assertLatencies(LatencyKind.SERVICE, 2 * MS);
        close();

        setUp(ConfirmMode.STATUS, 1);
        publisher.offer(h.now(), 0); // request 0, packet 1
        h.advance(3 * MS);
        confirmations.onPuback(1);
        confirmations.onPuback(1);
        assertEquals(0, h.counters.confirmed.sum(), "the reply confirms, not the PUBACK");
        assertEquals(0, h.counters.unmatchedReplies.sum());
        h.assertLatencies(LatencyKind.PUBACK, 3 * MS);
        assertTrue(publisher.hasInflight());
    }

    @Test
    void silenceTimesOutAndALostConnectionFailsWhatIsLeft() {
        setUp(ConfirmMode.STATUS, 0);
        publisher.writeReport(h.now());
        long t0 = h.now();
        publisher.offer(t0, 0);
        h.advance(5 * MS);
        publisher.offer(h.now(), 0);
        confirmations.expireOlderThan(t0);
        assertEquals(1, h.counters.timedOut.sum());
        assertEquals(Map.of("timeout", 1L), h.counters.reportsFailed.snapshot());
        confirmations.failAll(MessageFailure.CONNECTION_LOST);
        assertEquals(Map.of("connection_lost", 1L), h.counters.failed.snapshot());
        assertFalse(publisher.hasInflight());
    }
}
