package dev.kpcload.client;

import dev.kpcload.metrics.DisconnectReason;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import dev.kpcload.tls.TlsFailures;

import java.nio.charset.StandardCharsets;

/**
 * Sends CONNECT (MQTT 3.1.1, clean session) once the connection can carry it, and reports the CONNACK to the
 * session: over plain TCP when the socket is up, over TLS when the handshake is done (a CONNECT written before
 * would wait in the TLS handler and its time would count as the server's).
 */
final class MqttConnectHandler extends ChannelInboundHandlerAdapter {

    private final DeviceSession session;
    private final boolean afterTlsHandshake;

    MqttConnectHandler(DeviceSession session) {
        this(session, false);
    }

    MqttConnectHandler(DeviceSession session, boolean afterTlsHandshake) {
        this.session = session;
        this.afterTlsHandshake = afterTlsHandshake;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        session.onTcpConnected();
        if (!afterTlsHandshake) {
            ctx.writeAndFlush(connectMessage());
        }
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (afterTlsHandshake && event instanceof SslHandshakeCompletionEvent completion && completion.isSuccess()) {
            ctx.writeAndFlush(connectMessage());
        }
        ctx.fireUserEventTriggered(event);
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

    /**
     * A socket error (reset, broken pipe) from the transport, a TLS error, or an exception of this handler's own.
     * A TLS error before CONNACK is a connect failure of its TLS kind (whichever of this and the handshake's
     * completion event comes first names it; the session counts one).
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (afterTlsHandshake && TlsFailures.isTls(cause)) {
            session.failConnect(ConnectFailures.ofTls(TlsFailures.classify(cause)));
        }
        session.noteLossReason(DisconnectReason.IO_ERROR);
        ctx.close();
    }
}
