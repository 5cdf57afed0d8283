package dev.kpcload.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import dev.kpcload.kp.PayloadWriter;

/**
 * Encodes an MQTT 3.1.1 PUBLISH straight into one pooled buffer of exactly the right size, from topic and
 * payload bytes rendered once per device. The only thing that changes per message, the request ID, is
 * written as decimal digits in place. This avoids {@code MqttMessageBuilders.publish()}, which copies the
 * payload and builds several objects per message; {@code MqttEncoder} passes ready buffers through untouched.
 */
public final class PublishEncoder {

    private static final int PUBLISH = 0x30;

    private PublishEncoder() {
    }

    /**
     * @param topicPrefix the topic, or with a request ID the topic up to and including the last {@code /}
     * @param requestId   appended to the topic in decimal when {@code >= 0}
     * @param qos         0 or 1
     * @param packetId    1..65535, written only when {@code qos > 0}
     */
    public static ByteBuf encode(ByteBufAllocator alloc, byte[] topicPrefix, int requestId, int qos, int packetId,
                                 byte[] payload) {
        ByteBuf buf = header(alloc, topicPrefix, requestId, qos, packetId, payload.length);
        buf.writeBytes(payload);
        return buf;
    }

    /** As {@link #encode(ByteBufAllocator, byte[], int, int, int, byte[])}, the payload written by {@code payload}. */
    public static ByteBuf encode(ByteBufAllocator alloc, byte[] topicPrefix, int requestId, int qos, int packetId,
                                 PayloadWriter payload) {
        ByteBuf buf = header(alloc, topicPrefix, requestId, qos, packetId, payload.length());
        payload.writeTo(buf);
        return buf;
    }

    /** A buffer sized for the whole PUBLISH, holding everything but the payload. */
    private static ByteBuf header(ByteBufAllocator alloc, byte[] topicPrefix, int requestId, int qos, int packetId,
                                  int payloadLength) {
        int idDigits = requestId >= 0 ? digits(requestId) : 0;
        int topicLength = topicPrefix.length + idDigits;
        int remaining = 2 + topicLength + (qos > 0 ? 2 : 0) + payloadLength;
        ByteBuf buf = alloc.buffer(1 + lengthBytes(remaining) + remaining);
        buf.writeByte(PUBLISH | (qos << 1));
        writeRemainingLength(buf, remaining);
        buf.writeShort(topicLength);
        buf.writeBytes(topicPrefix);
        if (requestId >= 0) {
            writeDigits(buf, requestId, idDigits);
        }
        if (qos > 0) {
            buf.writeShort(packetId);
        }
        return buf;
    }

    static int digits(int value) {
        int n = 1;
        while (value >= 10) {
            value /= 10;
            n++;
        }
        return n;
    }

    private static void writeDigits(ByteBuf buf, int value, int count) {
        int end = buf.writerIndex() + count;
        for (int i = end - 1; i >= end - count; i--) {
            buf.setByte(i, '0' + value % 10);
            value /= 10;
        }
        buf.writerIndex(end);
    }

    static int lengthBytes(int remaining) {
        return remaining < 128 ? 1 : remaining < 16_384 ? 2 : remaining < 2_097_152 ? 3 : 4;
    }

    static void writeRemainingLength(ByteBuf buf, int remaining) {
        do {
            int digit = remaining % 128;
            remaining /= 128;
            buf.writeByte(remaining > 0 ? digit | 0x80 : digit);
        } while (remaining > 0);
    }
}
