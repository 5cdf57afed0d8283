package dev.kpcload.fuzz;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;

/**
 * Sits right after the MQTT decoder and watches what it decodes, passing everything on untouched: whether a
 * frame was rejected, and the packets that end a connection on their own (DISCONNECT, a QoS 2 PUBLISH, a refusing
 * CONNACK) before it.
 */
public final class DecodeProbe extends ChannelInboundHandlerAdapter {

    /** What first ended the connection, as far as the decoded packets tell. */
    public enum Terminal { NONE, DECODER_FAILURE, DISCONNECT, QOS2_PUBLISH, REFUSING_CONNACK }

    private Terminal first = Terminal.NONE;
    private boolean failure;
    private String failureCause;
    private boolean mqtt5Connect;
    private int decoded;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof MqttMessage m) {
            decoded++;
            if (m.decoderResult().isFailure()) {
                if (!failure) {
                    failure = true;
                    failureCause = String.valueOf(m.decoderResult().cause());
                }
                noteTerminal(Terminal.DECODER_FAILURE);
            } else if (m.fixedHeader().messageType() == MqttMessageType.DISCONNECT) {
                noteTerminal(Terminal.DISCONNECT);
            } else if (m.fixedHeader().messageType() == MqttMessageType.PUBLISH
                && m.fixedHeader().qosLevel() == MqttQoS.EXACTLY_ONCE) {
                noteTerminal(Terminal.QOS2_PUBLISH);
            } else if (m instanceof MqttConnAckMessage a
                && a.variableHeader().connectReturnCode() != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                noteTerminal(Terminal.REFUSING_CONNACK);
            } else if (m instanceof MqttConnectMessage c && c.variableHeader().version() == MqttVersion.MQTT_5.protocolLevel()) {
                mqtt5Connect = true;
            }
        }
        ctx.fireChannelRead(msg);
    }

    private void noteTerminal(Terminal t) {
        if (first == Terminal.NONE) {
            first = t;
        }
    }

    /** Whether the decoder rejected any frame. */
    public boolean sawFailure() {
        return failure;
    }

    public String failureCause() {
        return failureCause;
    }

    /** The first packet (or rejection) that ends a connection by itself. */
    public Terminal firstTerminal() {
        return first;
    }

    /** An MQTT 5 CONNECT was decoded: the codec then answers in MQTT 5 framing. */
    public boolean sawMqtt5Connect() {
        return mqtt5Connect;
    }

    public int decoded() {
        return decoded;
    }
}
