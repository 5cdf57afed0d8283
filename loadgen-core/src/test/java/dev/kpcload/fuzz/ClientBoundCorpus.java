package dev.kpcload.fuzz;

import dev.kpcload.kp.KpErrorPayload;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a server may send a device, as valid frames from the real encoders: CONNACKs with every return code, every
 * other packet type (those a broker never sends a client too), and 1/KP replies built per input for the device's
 * messages in flight ({@link #replies}): {@code /status} with metadata that matches or not, {@code /error} bodies.
 */
public final class ClientBoundCorpus {

    private final List<byte[]> fixed = new ArrayList<>();

    public ClientBoundCorpus() {
        for (MqttConnectReturnCode code : MqttConnectReturnCode.values()) {
            if ((code.byteValue() & 0xFF) <= 5) {
                fixed.add(connack(code, false));
            }
        }
        fixed.add(connack(MqttConnectReturnCode.CONNECTION_ACCEPTED, true));
        for (MqttMessageType type : List.of(MqttMessageType.PINGRESP, MqttMessageType.PINGREQ,
            MqttMessageType.DISCONNECT)) {
            fixed.add(MqttBytes.encode(new MqttMessage(new MqttFixedHeader(type, false, MqttQoS.AT_MOST_ONCE, false, 0))));
        }
        fixed.add(MqttBytes.encode(MqttMessageBuilders.subAck().packetId(3).addGrantedQos(MqttQoS.AT_LEAST_ONCE)
            .addGrantedQos(MqttQoS.FAILURE).build()));
        fixed.add(MqttBytes.encode(MqttMessageBuilders.unsubAck().packetId(4).build()));
        for (MqttMessageType type : List.of(MqttMessageType.PUBREC, MqttMessageType.PUBREL, MqttMessageType.PUBCOMP,
            MqttMessageType.UNSUBACK)) {
            fixed.add(MqttBytes.encode(new MqttMessage(new MqttFixedHeader(type, false,
                type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE, false, 0),
                MqttMessageIdVariableHeader.from(5))));
        }
        fixed.add(MqttBytes.encode(MqttMessageBuilders.connect().clientId("server?").protocolVersion(MqttVersion.MQTT_3_1_1)
            .build()));
        fixed.add(MqttBytes.publish("kp1/other_app/epmx/someoneElse/update/keys/1/status", 1, 9, new byte[0]));
        fixed.add(MqttBytes.publish("some/topic", 0, 0, utf8("hello")));
    }

    /** A CONNACK without session present. */
    public static byte[] connack(MqttConnectReturnCode code) {
        return connack(code, false);
    }

    private static byte[] connack(MqttConnectReturnCode code, boolean sessionPresent) {
        return MqttBytes.encode(MqttMessageBuilders.connAck().returnCode(code).sessionPresent(sessionPresent).build());
    }

    /** Frames that do not depend on what the device has in flight. */
    public List<byte[]> fixed() {
        return fixed;
    }

    /** A PUBACK as a server encodes it. */
    public static byte[] puback(int packetId) {
        return new byte[] {0x40, 0x02, (byte) (packetId >>> 8), (byte) packetId};
    }

    /**
     * Replies to one request topic: {@code /status} empty, with the device's metadata (matching and not), and
     * {@code /error} with status codes, at QoS 0 and 1.
     */
    public static List<PublishTemplate> replies(String requestTopic, String model, String mac) {
        List<PublishTemplate> out = new ArrayList<>();
        String status = requestTopic + "/status";
        String error = requestTopic + "/error";
        for (int qos = 0; qos <= 1; qos++) {
            out.add(new PublishTemplate(status, qos, new byte[0]));
            out.add(new PublishTemplate(status, qos, utf8("{\"model\":\"" + model + "\",\"mac\":\"" + mac + "\"}")));
            out.add(new PublishTemplate(status, qos, utf8("{ \"mac\" : \"" + mac + "\", \"extra\": [1, {\"a\": null}],"
                + " \"model\":\"" + model + "\" }")));
            out.add(new PublishTemplate(status, qos, utf8("{\"mo\\u0064el\":\"" + model + "\",\"mac\":\"" + mac + "\"}")));
            out.add(new PublishTemplate(status, qos, utf8("{\"model\":\"Other\",\"mac\":\"" + mac + "\"}")));
            out.add(new PublishTemplate(error, qos, new KpErrorPayload(400, "bad request").toJsonBytes()));
            out.add(new PublishTemplate(error, qos, new KpErrorPayload(503, "busy").toJsonBytes()));
        }
        out.add(new PublishTemplate(error, 0, utf8("not json at all")));
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
