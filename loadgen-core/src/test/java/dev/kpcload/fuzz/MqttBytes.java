package dev.kpcload.fuzz;

import dev.kpcload.client.PublishEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;

import java.nio.charset.StandardCharsets;

/** Valid frames as bytes, from the real encoders: Netty's {@code MqttEncoder} and the generator's {@link PublishEncoder}. */
public final class MqttBytes {

    private static final UnpooledByteBufAllocator HEAP = new UnpooledByteBufAllocator(false);

    private MqttBytes() {
    }

    /**
     * {@code message} encoded by Netty's MqttEncoder, on a channel of its own (an MQTT 5 CONNECT switches its channel's
     * codec to MQTT 5).
     */
    public static byte[] encode(MqttMessage message) {
        EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
        try {
            encoder.writeOutbound(message);
            ByteBuf all = HEAP.buffer();
            for (ByteBuf part; (part = encoder.readOutbound()) != null; ) {
                all.writeBytes(part);
                part.release();
            }
            return bytes(all);
        } finally {
            encoder.finishAndReleaseAll();
        }
    }

    /** A PUBLISH as the load generator encodes it (QoS 0 to 2; a packet ID only above 0). */
    public static byte[] publish(String topic, int qos, int packetId, byte[] payload) {
        return bytes(PublishEncoder.encode(HEAP, topic.getBytes(StandardCharsets.UTF_8), -1, qos, packetId, payload));
    }

    private static byte[] bytes(ByteBuf buf) {
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }
}
