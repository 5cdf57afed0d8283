package dev.kpcload.sim;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A decoded server packet as plain values, so tests compare strings and release buffers in one place.
 *
 * @param packetId  PUBLISH/PUBACK/SUBACK/UNSUBACK packet ID, else -1
 * @param topic     PUBLISH topic, else null
 * @param payload   PUBLISH payload as UTF-8, else null
 * @param code      CONNACK return code, else -1
 * @param granted   SUBACK granted QoS list, else null
 */
record Frame(MqttMessageType type, int qos, int packetId, String topic, String payload, int code,
             List<Integer> granted) {

    /** Converts and releases the message. */
    static Frame of(MqttMessage message) {
        try {
            if (message.decoderResult().isFailure()) {
                throw new AssertionError("server sent an undecodable packet", message.decoderResult().cause());
            }
            MqttMessageType type = message.fixedHeader().messageType();
            int qos = message.fixedHeader().qosLevel().value();
            if (message instanceof MqttPublishMessage publish) {
                ByteBuf content = publish.content();
                return new Frame(type, qos, publish.variableHeader().packetId(),
                        publish.variableHeader().topicName(), content.toString(StandardCharsets.UTF_8), -1, null);
            }
            if (message instanceof MqttConnAckMessage connAck) {
                return new Frame(type, qos, -1, null, null,
                        connAck.variableHeader().connectReturnCode().byteValue() & 0xFF, null);
            }
            if (message instanceof MqttSubAckMessage subAck) {
                return new Frame(type, qos, subAck.variableHeader().messageId(), null, null, -1,
                        subAck.payload().grantedQoSLevels());
            }
            if (message.variableHeader() instanceof MqttMessageIdVariableHeader id) {
                return new Frame(type, qos, id.messageId(), null, null, -1, null);
            }
            return new Frame(type, qos, -1, null, null, -1, null);
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    boolean isPublish() {
        return type == MqttMessageType.PUBLISH;
    }

    @Override
    public String toString() {
        return type + (topic != null ? " " + topic + " q" + qos + " id" + packetId + " '" + payload + "'" : "")
                + (code >= 0 ? " code " + code : "") + (packetId >= 0 && topic == null ? " id" + packetId : "");
    }
}
