package dev.kpcload.client;

import dev.kpcload.metrics.DropReason;
import dev.kpcload.metrics.LatencyKind;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.kpcload.client.SessionHarness.MS;
import static org.junit.jupiter.api.Assertions.*;

/** The publish path alone: a publisher writing to a bare channel, without a lifecycle or handlers. */
class PublisherTest {

    private static final String TOPIC = "t/";
    private SessionHarness h;
    private final EmbeddedChannel wire = new EmbeddedChannel();
    private final EmbeddedChannel decoder = new EmbeddedChannel(new MqttDecoder());

    private Publisher publisher(ConfirmMode confirm, int inflight, BacklogPolicy policy, int maxBacklog) {
        h = new SessionHarness(SessionHarness.settings(confirm, 0, inflight, policy, maxBacklog));
        Publisher p = new Publisher(h.lane, new MessageBooks(h.counters), DeviceMessages.single(
            TOPIC.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8), TOPIC));
        p.attach(wire);
        return p;
    }

    /** The topics written and flushed since the last call. */
    private List<String> topics() {
        List<String> topics = new ArrayList<>();
        for (ByteBuf b; (b = wire.readOutbound()) != null; ) {
            decoder.writeInbound(b);
        }
        for (Object m; (m = decoder.readInbound()) != null; ) {
            topics.add(((MqttPublishMessage) m).variableHeader().topicName());
            ReferenceCountUtil.release(m);
        }
        return topics;
    }

    @AfterEach
    void close() {
        h.lane.flushTouched(); // what is written but not flushed would fail as the channel closes
        wire.finishAndReleaseAll();
        decoder.finishAndReleaseAll();
        h.close();
    }

    @Test
    void writesNothingBeforeItMayAndSendsTheBacklogOnceItMay() {
        Publisher p = publisher(ConfirmMode.STATUS, 4, BacklogPolicy.QUEUE, 10);
        long t0 = h.now();
        p.queue(t0, 0);
        p.drainBacklog();
        h.lane.flushTouched();
        assertEquals(List.of(), topics(), "not open yet");
        h.advance(5 * MS);
        p.startWriting();
        p.writeReport(h.now());
        p.drainBacklog();
        h.lane.flushTouched();
        assertEquals(List.of("t/0", "t/1"), topics(), "the report first, then the backlog; IDs count on");
        assertEquals(1, h.counters.sent.sum());
        assertEquals(1, h.counters.reportsSent.sum());
        h.assertLatencies(LatencyKind.SEND_LAG, 5 * MS);
        assertEquals(2, p.window().size());
    }

    @Test
    void aFullWindowQueuesAndAFreedSlotDrains() {
        Publisher p = publisher(ConfirmMode.STATUS, 2, BacklogPolicy.QUEUE, 10);
        p.startWriting();
        for (int i = 0; i < 3; i++) {
            p.offer(h.now(), 0);
        }
        h.lane.flushTouched();
        assertEquals(List.of("t/0", "t/1"), topics());
        assertEquals(1, p.queued());
        p.window().release(p.window().findByRequestId(0));
        p.drainBacklog();
        h.lane.flushTouched();
        assertEquals(List.of("t/2"), topics());
        assertEquals(0, p.queued());
    }

    @Test
    void stoppedItKeepsTheBacklogUntilItIsDroppedWithAReason() {
        Publisher p = publisher(ConfirmMode.STATUS, 1, BacklogPolicy.QUEUE, 2);
        p.startWriting();
        p.offer(h.now(), 0);
        p.stopWriting();
        p.queue(h.now(), 0);
        p.queue(h.now(), 0);
        p.queue(h.now(), 0);
        p.window().clear();
        p.drainBacklog();
        assertEquals(2, p.queued(), "nothing written while stopped");
        assertEquals(Map.of("backlog_full", 1L), h.counters.dropped.snapshot());
        p.dropQueued(DropReason.CONNECTION_LOST);
        assertEquals(Map.of("backlog_full", 1L, "connection_lost", 2L), h.counters.dropped.snapshot());
        assertEquals(0, p.queued());
    }

    @Test
    void theDropPolicySaysWhy() {
        Publisher p = publisher(ConfirmMode.STATUS, 1, BacklogPolicy.DROP, 10);
        p.startWriting();
        p.offer(h.now(), 0);
        p.offer(h.now(), 0);
        wire.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        p.window().clear();
        p.offer(h.now(), 0);
        assertEquals(Map.of("window_full", 1L, "not_writable", 1L), h.counters.dropped.snapshot());
        assertEquals(0, p.queued());
    }

    @Test
    void manyWritesOneFlush() {
        Publisher p = publisher(ConfirmMode.NONE, 1, BacklogPolicy.QUEUE, 10);
        p.startWriting();
        p.offer(h.now(), 0);
        p.offer(h.now(), 0);
        p.markExternalWrite();
        assertEquals(List.of(), topics(), "written, not flushed");
        h.lane.flushTouched();
        assertEquals(List.of("t/", "t/"), topics(), "without request IDs the topic is the prefix itself");
        assertEquals(2, h.counters.confirmed.sum(), "with --confirm none written is confirmed");
        assertFalse(p.hasInflight());
    }
}
