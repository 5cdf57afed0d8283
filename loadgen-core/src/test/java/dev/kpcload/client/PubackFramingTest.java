package dev.kpcload.client;

import dev.kpcload.client.SessionHarness.Wire;
import dev.kpcload.metrics.LatencyKind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.kpcload.client.SessionHarness.MS;
import static dev.kpcload.client.SessionHarness.puback;
import static dev.kpcload.client.SessionHarness.reply;
import static dev.kpcload.client.SessionHarness.settings;
import static dev.kpcload.client.SessionHarness.status;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PUBACKs confirmed straight from their bytes ({@link PubackFraming}) must count, match and time exactly as they did
 * through the MQTT decoder, however the server's bytes are cut into reads, and leave every other packet, and every
 * packet the decoder must reject, to the decoder.
 */
class PubackFramingTest {

    private static final int MESSAGES = 3;

    /** Connected in PUBACK mode, the report confirmed, {@link #MESSAGES} planned messages written 1 ms apart. */
    private static Sent sent(ConfirmMode confirm) {
        SessionHarness h = new SessionHarness(settings(confirm, 1, 8, BacklogPolicy.QUEUE, 10));
        Wire report = h.connected();
        h.receive(confirm == ConfirmMode.STATUS ? status(0) : puback(report.packetId()));
        if (confirm == ConfirmMode.STATUS) {
            h.receive(puback(report.packetId()));
        }
        long start = h.now();
        for (int i = 0; i < MESSAGES; i++) {
            h.offer(h.now());
            h.advance(MS);
        }
        List<Wire> out = h.sent();
        assertEquals(MESSAGES, out.size());
        int[] ids = out.stream().mapToInt(Wire::packetId).toArray();
        return new Sent(h, ids, start);
    }

    private record Sent(SessionHarness h, int[] packetIds, long start) {
    }

    private static byte[] pubackBytes(int packetId) {
        return new byte[] {0x40, 0x02, (byte) (packetId >> 8), (byte) packetId};
    }

    private static byte[] concat(List<byte[]> parts) {
        int n = parts.stream().mapToInt(p -> p.length).sum();
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    private static byte[] encoded(MqttMessage m) {
        var encoder = new io.netty.channel.embedded.EmbeddedChannel(io.netty.handler.codec.mqtt.MqttEncoder.INSTANCE);
        assertTrue(encoder.writeOutbound(m));
        ByteBuf buf = encoder.readOutbound();
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        buf.release();
        return bytes;
    }

    /** Feeds {@code bytes} cut at {@code cuts} (ascending offsets), each piece a read batch of its own. */
    private static void receiveCut(SessionHarness h, byte[] bytes, int... cuts) {
        int from = 0;
        for (int cut : cuts) {
            h.receiveBytes(Unpooled.wrappedBuffer(bytes, from, cut - from));
            from = cut;
        }
        h.receiveBytes(Unpooled.wrappedBuffer(bytes, from, bytes.length - from));
    }

    @Test
    void pubacksConfirmAtEveryCutOfTheServersBytes() {
        List<byte[]> parts = new ArrayList<>();
        for (int a = 1; a < 4 * MESSAGES; a++) {
            for (int b = a; b < 4 * MESSAGES; b += 3) {
                Sent s = sent(ConfirmMode.PUBACK);
                try (SessionHarness h = s.h()) {
                    parts.clear();
                    for (int id : s.packetIds()) {
                        parts.add(pubackBytes(id));
                    }
                    h.advance(MS);
                    receiveCut(h, concat(parts), b == a ? new int[] {a} : new int[] {a, b});
                    String cut = "cut at " + a + ", " + b;
                    assertEquals(MESSAGES, h.counters.confirmed.sum(), cut);
                    assertFalse(h.session.hasInflight(), cut);
                    assertEquals(0, h.counters.unmatchedReplies.sum(), cut);
                    assertEquals(0, h.counters.protocolErrors.sum(), cut);
                    // intended at 0, 1 and 2 ms, all confirmed at 4 ms
                    h.assertLatencies(LatencyKind.PUBACK, 4 * MS, 3 * MS, 2 * MS);
                }
            }
        }
    }

    @Test
    void aReplyWhosePayloadLooksLikePubacksGoesWholeToTheDecoder() {
        Sent s = sent(ConfirmMode.STATUS);
        try (SessionHarness h = s.h()) {
            // the status reply to request 1 (the second message), its payload full of PUBACK-shaped bytes
            byte[] payload = concat(List.of(pubackBytes(s.packetIds()[0]), pubackBytes(s.packetIds()[2])));
            byte[] statusReply = encoded(reply(SessionHarness.BASE + "/2/status", 0, 0,
                new String(payload, java.nio.charset.StandardCharsets.ISO_8859_1)));
            byte[] bytes = concat(List.of(pubackBytes(s.packetIds()[1]), statusReply));
            int payloadStart = bytes.length - payload.length;
            receiveCut(h, bytes, payloadStart); // the second read starts with 0x40 0x02 inside the reply
            assertEquals(1, h.counters.confirmed.sum(), "request 2, by its reply");
            assertEquals(0, h.counters.unmatchedReplies.sum());
            assertEquals(0, h.counters.protocolErrors.sum());
            assertTrue(h.channel().isOpen());
            assertTrue(h.session.hasInflight(), "the PUBACK-shaped payload confirmed nothing");
        }
    }

    @Test
    void aPacketAfterAPubackIsDecodedAndAPubackAfterAPacketConfirms() {
        Sent s = sent(ConfirmMode.PUBACK);
        try (SessionHarness h = s.h()) {
            byte[] pingresp = encoded(new MqttMessage(new io.netty.handler.codec.mqtt.MqttFixedHeader(
                MqttMessageType.PINGRESP, false, io.netty.handler.codec.mqtt.MqttQoS.AT_MOST_ONCE, false, 0)));
            byte[] qos1Reply = encoded(reply(SessionHarness.BASE + "/9/status", 1, 77, "{}"));
            byte[] bytes = concat(List.of(pubackBytes(s.packetIds()[0]), pingresp, pubackBytes(s.packetIds()[1]),
                qos1Reply, pubackBytes(s.packetIds()[2])));
            h.receiveBytes(Unpooled.wrappedBuffer(bytes));
            assertEquals(MESSAGES, h.counters.confirmed.sum());
            assertFalse(h.session.hasInflight());
            List<Wire> out = h.sent();
            assertEquals(1, out.size(), "the QoS 1 reply got its PUBACK: " + out);
            assertEquals(MqttMessageType.PUBACK, out.get(0).type());
            assertEquals(77, out.get(0).packetId());
        }
    }

    @Test
    void aPubackWithPacketIdZeroIsStillTheDecodersProtocolError() {
        Sent s = sent(ConfirmMode.PUBACK);
        try (SessionHarness h = s.h()) {
            h.receiveBytes(Unpooled.wrappedBuffer(concat(List.of(pubackBytes(s.packetIds()[0]), pubackBytes(0),
                pubackBytes(s.packetIds()[1])))));
            assertEquals(1, h.counters.confirmed.sum(), "the PUBACK before it counted, none after");
            assertEquals(1, h.counters.protocolErrors.sum());
            assertFalse(h.channel().isOpen());
        }
    }

    @Test
    void aPacketTooLongForTheDecoderIsItsProtocolErrorAndNeverHeldHere() {
        Sent s = sent(ConfirmMode.PUBACK);
        try (SessionHarness h = s.h()) {
            int remaining = ClientChannelInitializer.MAX_MESSAGE_BYTES + 100;
            ByteBuf header = Unpooled.buffer().writeByte(0x30);
            PublishEncoder.writeRemainingLength(header, remaining);
            h.receiveBytes(header, Unpooled.wrappedBuffer(new byte[1000]));
            assertEquals(1, h.counters.protocolErrors.sum());
            assertFalse(h.channel().isOpen());
        }
    }

    @Test
    void packetLengthsFromTheFixedHeader() {
        assertEquals(0, PubackFraming.packetBytes(Unpooled.wrappedBuffer(new byte[] {0x30}), 0, 1), "no length yet");
        assertEquals(2, PubackFraming.packetBytes(Unpooled.wrappedBuffer(new byte[] {(byte) 0xD0, 0}), 0, 2));
        byte[] twoByteLength = {0x30, (byte) 0x80, 0x01};
        assertEquals(3 + 128, PubackFraming.packetBytes(Unpooled.wrappedBuffer(twoByteLength), 0, 3));
        assertEquals(0, PubackFraming.packetBytes(Unpooled.wrappedBuffer(twoByteLength), 0, 2), "length cut");
        byte[] fiveBytes = {0x30, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01};
        assertEquals(-1, PubackFraming.packetBytes(Unpooled.wrappedBuffer(fiveBytes), 0, 6), "malformed");
        assertArrayEquals(new byte[] {0x40, 0x02, 0x01, 0x02}, pubackBytes(258));
    }
}
