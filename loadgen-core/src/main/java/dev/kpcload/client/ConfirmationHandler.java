package dev.kpcload.client;

import dev.kpcload.metrics.DisconnectReason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.util.ReferenceCountUtil;

/**
 * Hands 1/KP replies (and any PUBACK that {@link PubackFraming} left to the decoder) to the session, acknowledges
 * QoS 1 replies, drains backlogs when the socket becomes writable again, and flushes once per read batch (PUBACKs
 * confirmed by the framing included). Decoder failures close the connection as {@code protocol_error}.
 */
final class ConfirmationHandler extends ChannelInboundHandlerAdapter {

    private static final int PUBACK = 0x40;

    private final DeviceSession session;

    ConfirmationHandler(DeviceSession session) {
        this.session = session;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!(msg instanceof MqttMessage message)) {
                return;
            }
            if (message.decoderResult().isFailure()) {
                session.counters().protocolErrors.increment();
                session.noteLossReason(DisconnectReason.PROTOCOL_ERROR);
                ctx.close();
                return;
            }
            switch (message.fixedHeader().messageType()) {
                case PUBACK -> session.onPuback(((MqttPubAckMessage) message).variableHeader().messageId());
                case PUBLISH -> onPublish(ctx, (MqttPublishMessage) message);
                default -> {
                    // SUBACK, UNSUBACK and anything else a server may send carry nothing to measure
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onPublish(ChannelHandlerContext ctx, MqttPublishMessage publish) {
        if (publish.fixedHeader().qosLevel().value() > 0) {
            ctx.write(puback(ctx.alloc(), publish.variableHeader().packetId()));
            session.markExternalWrite();
        }
        session.onReply(publish.variableHeader().topicName(), publish.payload());
    }

    /**
     * An MQTT 3.1.1 PUBACK, encoded straight into a 4-byte buffer: the same bytes {@code MqttEncoder} makes of
     * {@code MqttMessageBuilders.pubAck()}, without the three message objects per reply.
     */
    static ByteBuf puback(ByteBufAllocator alloc, int packetId) {
        return alloc.buffer(4, 4).writeByte(PUBACK).writeByte(2).writeShort(packetId);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        session.flushLane();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            session.drainBacklog();
            session.flushLane();
        }
        ctx.fireChannelWritabilityChanged();
    }
}
