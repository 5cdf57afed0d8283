package dev.kpcload.client;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * MQTT keepalive: a PINGREQ when nothing was written for the keepalive period, and the connection closed as
 * {@code keepalive_timeout} when a PINGREQ goes unanswered for a whole further period.
 */
final class KeepAliveHandler extends ChannelInboundHandlerAdapter {

    private final DeviceSession session;
    private final long keepaliveNanos;
    private long unansweredPingSince = -1;

    KeepAliveHandler(DeviceSession session, long keepaliveNanos) {
        this.session = session;
        this.keepaliveNanos = keepaliveNanos;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.WRITER_IDLE) {
            // the event loop's clock, which IdleStateHandler also uses (and tests can move)
            long now = ctx.executor().ticker().nanoTime();
            if (unansweredPingSince >= 0 && now - unansweredPingSince >= keepaliveNanos) {
                session.noteLossReason("keepalive_timeout");
                ctx.close();
                return;
            }
            if (unansweredPingSince < 0) {
                unansweredPingSince = now;
            }
            ctx.writeAndFlush(MqttMessage.PINGREQ);
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof MqttMessage m && m.fixedHeader() != null
            && m.fixedHeader().messageType() == MqttMessageType.PINGRESP) {
            unansweredPingSince = -1;
            session.counters().pings.increment();
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
