package dev.kpcload.client;

import dev.kpcload.metrics.DisconnectReason;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttVersion;

import java.nio.charset.StandardCharsets;

/** Sends CONNECT (MQTT 3.1.1, clean session) once the socket is up and reports the CONNACK to the session. */
final class MqttConnectHandler extends ChannelInboundHandlerAdapter {

    private final DeviceSession session;

    MqttConnectHandler(DeviceSession session) {
        this.session = session;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        session.onTcpConnected();
        ctx.writeAndFlush(connectMessage());
        ctx.fireChannelActive();
    }

    MqttConnectMessage connectMessage() {
        var device = session.device();
        MqttMessageBuilders.ConnectBuilder builder = MqttMessageBuilders.connect()
            .protocolVersion(MqttVersion.MQTT_3_1_1)
            .clientId(device.clientId())
            .cleanSession(true)
            .keepAlive(session.settings().keepaliveSeconds());
        if (device.username() != null) {
            builder.hasUser(true).username(device.username());
        }
        if (device.password() != null) {
            builder.hasPassword(true).password(device.password().getBytes(StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof MqttConnAckMessage connack && connack.decoderResult().isSuccess()) {
            MqttConnectReturnCode code = connack.variableHeader().connectReturnCode();
            if (code == MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                session.onConnackAccepted();
            } else {
                session.failConnect(ConnectFailures.ofConnack(code));
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        session.onChannelInactive();
        ctx.fireChannelInactive();
    }

    /** A socket error (reset, broken pipe) from the transport, or an exception of this handler's own. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        session.noteLossReason(DisconnectReason.IO_ERROR);
        ctx.close();
    }
}
