package dev.kpcload.sim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;

import java.nio.charset.StandardCharsets;

/** Client packets for tests, and their encoding with Netty's own encoder. */
final class Mqtt {

    private Mqtt() {
    }

    static MqttConnectMessage connect(String clientId, int keepAliveSeconds) {
        return MqttMessageBuilders.connect().clientId(clientId).protocolVersion(MqttVersion.MQTT_3_1_1)
                .cleanSession(true).keepAlive(keepAliveSeconds).build();
    }

    static MqttPublishMessage publish(String topic, int qos, int packetId, String payload) {
        return new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.valueOf(qos),
                false, 0), new MqttPublishVariableHeader(topic, qos == 0 ? -1 : packetId),
                Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8));
    }

    static MqttMessage simple(MqttMessageType type) {
        return new MqttMessage(new MqttFixedHeader(type, false, MqttQoS.AT_MOST_ONCE, false, 0));
    }

    static MqttMessage pubAck(int packetId) {
        return new MqttMessage(new MqttFixedHeader(MqttMessageType.PUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                MqttMessageIdVariableHeader.from(packetId));
    }

    /** Encodes all messages into one buffer, as if the client wrote them in one go. */
    static ByteBuf encode(MqttMessage... messages) {
        EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
        ByteBuf all = Unpooled.buffer();
        for (MqttMessage message : messages) {
            encoder.writeOutbound(message);
            ByteBuf part;
            while ((part = encoder.readOutbound()) != null) {
                all.writeBytes(part);
                part.release();
            }
        }
        encoder.finishAndReleaseAll();
        return all;
    }

    static byte[] encodeToBytes(MqttMessage... messages) {
        ByteBuf buf = encode(messages);
        try {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            return bytes;
        } finally {
            buf.release();
        }
    }
}
