package dev.kpcload.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

class PublishEncoderTest {

    private static final String BASE = "kp1/demo_application_v1/epmx/JTjdbENzHh/update/keys";
    private static final int NO_ID = -1;

    private static byte[] payload(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    /** What the Netty codec itself makes of the same PUBLISH. */
    private static ByteBuf reference(String topic, int qos, int packetId, byte[] payload) {
        MqttPublishMessage message = MqttMessageBuilders.publish()
            .topicName(topic)
            .qos(MqttQoS.valueOf(qos))
            .retained(false)
            .messageId(packetId)
            .payload(Unpooled.wrappedBuffer(payload))
            .build();
        EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
        assertTrue(encoder.writeOutbound(message));
        ByteBuf out = encoder.readOutbound();
        assertFalse(encoder.finish());
        return out;
    }

    private static void roundTrip(String prefix, int requestId, int qos, int packetId, byte[] payload) {
        String topic = requestId >= 0 ? prefix + requestId : prefix;
        ByteBuf encoded = PublishEncoder.encode(ByteBufAllocator.DEFAULT, prefix.getBytes(StandardCharsets.UTF_8),
            requestId, qos, packetId, payload);
        ByteBuf expected = reference(topic, qos, packetId, payload);
        try {
            assertEquals(encoded.readableBytes(), encoded.capacity(), "buffer of exactly the right size");
            // bulk copies: a byte-wise comparison of leak-tracked buffers is slow under paranoid leak detection
            assertArrayEquals(ByteBufUtil.getBytes(expected), ByteBufUtil.getBytes(encoded), "same bytes as MqttEncoder");
        } finally {
            expected.release();
        }
        EmbeddedChannel decoder = new EmbeddedChannel(new MqttDecoder(4 * 1024 * 1024));
        assertTrue(decoder.writeInbound(encoded));
        MqttPublishMessage decoded = decoder.readInbound();
        try {
            assertTrue(decoded.decoderResult().isSuccess(), () -> String.valueOf(decoded.decoderResult().cause()));
            assertEquals(MqttMessageType.PUBLISH, decoded.fixedHeader().messageType());
            assertEquals(qos, decoded.fixedHeader().qosLevel().value());
            assertFalse(decoded.fixedHeader().isDup());
            assertFalse(decoded.fixedHeader().isRetain());
            assertEquals(topic, decoded.variableHeader().topicName());
            assertEquals(qos > 0 ? packetId : -1, decoded.variableHeader().packetId());
            assertArrayEquals(payload, ByteBufUtil.getBytes(decoded.payload()));
        } finally {
            decoded.release();
        }
        assertNull(decoder.readInbound());
        assertFalse(decoder.finish());
    }

    @ParameterizedTest(name = "qos {0}, request ID {1}, packet ID {2}")
    @CsvSource({
            "0, -1, 0",
            "0, 0, 0",
            "0, 9, 0",
            "0, 10, 0",
            "0, 99, 0",
            "0, 100, 0",
            "0, 2147483647, 0",
            "1, -1, 1",
            "1, 0, 2",
            "1, 9, 255",
            "1, 10, 256",
            "1, 1000000, 32768",
            "1, 2147483647, 65535",
    })
    void roundTripsThroughTheNettyCodec(int qos, int requestId, int packetId) {
        String prefix = requestId >= 0 ? BASE + "/" : BASE;
        roundTrip(prefix, requestId, qos, packetId,
            "{\"model\":\"MySmartMeter A300\",\"mac\":\"02-1A-3F-00-00-07\"}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void emptyPayloadAndEmptyPrefix() {
        roundTrip(BASE, NO_ID, 0, 0, new byte[0]);
        roundTrip("", 42, 1, 7, new byte[0]);
    }

    /** Remaining length = 2 + topic + (2 with QoS 1) + payload; pick payloads that land on each boundary. */
    @ParameterizedTest(name = "remaining length {0}, qos {1}, request ID {2}")
    @CsvSource({
            "127, 0, -1", "128, 0, -1", "127, 1, 12", "128, 1, 12",
            "16383, 0, 7", "16384, 0, 7", "16383, 1, -1", "16384, 1, -1",
            "2097151, 1, 2147483647", "2097152, 1, 2147483647",
    })
    void remainingLengthBoundaries(int remaining, int qos, int requestId) {
        String prefix = requestId >= 0 ? BASE + "/" : BASE;
        int topicLength = prefix.length() + (requestId >= 0 ? String.valueOf(requestId).length() : 0);
        int payloadSize = remaining - 2 - topicLength - (qos > 0 ? 2 : 0);
        ByteBuf encoded = PublishEncoder.encode(ByteBufAllocator.DEFAULT, prefix.getBytes(StandardCharsets.UTF_8),
            requestId, qos, 1, payload(payloadSize));
        try {
            int lengthBytes = remaining < 128 ? 1 : remaining < 16_384 ? 2 : remaining < 2_097_152 ? 3 : 4;
            assertEquals(1 + lengthBytes + remaining, encoded.readableBytes());
            assertEquals(lengthBytes, PublishEncoder.lengthBytes(remaining));
        } finally {
            encoded.release();
        }
        roundTrip(prefix, requestId, qos, 1, payload(payloadSize));
    }

    @Test
    void digitsCountsDecimalDigits() {
        int[] values = {0, 9, 10, 99, 100, 999_999_999, 1_000_000_000, Integer.MAX_VALUE};
        int[] digits = {1, 1, 2, 2, 3, 9, 10, 10};
        for (int i = 0; i < values.length; i++) {
            assertEquals(digits[i], PublishEncoder.digits(values[i]), "digits of " + values[i]);
        }
    }

    @Test
    void theTopicPrefixIsNotChanged() {
        byte[] prefix = (BASE + "/").getBytes(StandardCharsets.UTF_8);
        byte[] copy = prefix.clone();
        PublishEncoder.encode(ByteBufAllocator.DEFAULT, prefix, 123, 1, 1, new byte[3]).release();
        assertTrue(Arrays.equals(copy, prefix));
    }
}
