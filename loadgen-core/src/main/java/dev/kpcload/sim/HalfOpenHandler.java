package dev.kpcload.sim;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.util.ReferenceCountUtil;

/**
 * The half-open fault on one connection: once {@link ConnectionState#halfOpen()} is set, every packet read is
 * thrown away and nothing is written, while the connection stays open; the simulator's own keepalive check is
 * removed, so only the client can find out. It notes when the first unanswered PINGREQ came and, when the client
 * finally closes, how long after it: what a keepalive is for. Put between the decoder and the session when the fault
 * strikes the connection (not before: the others should not pay for it).
 */
final class HalfOpenHandler extends ChannelDuplexHandler {

    private final SimCounters counters;

    HalfOpenHandler(SimCounters counters) {
        this.counters = counters;
    }

    /** Makes the connection half-open; on its event loop. */
    static void strike(io.netty.channel.Channel channel, SimCounters counters) {
        ConnectionState state = ConnectionState.of(channel);
        if (state == null || state.halfOpen() || !channel.isActive()) {
            return;
        }
        state.markHalfOpen();
        counters.halfOpenStruck.increment();
        // only now in the pipeline: every other connection's packets skip a hop in each direction
        if (channel.pipeline().get(SimChannelInitializer.HALF_OPEN) == null) {
            channel.pipeline().addBefore(SimChannelInitializer.SESSION, SimChannelInitializer.HALF_OPEN,
                    new HalfOpenHandler(counters));
        }
        if (channel.pipeline().get(SimChannelInitializer.IDLE) != null) {
            channel.pipeline().remove(SimChannelInitializer.IDLE);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ConnectionState state = ConnectionState.of(ctx.channel());
        if (state == null || !state.halfOpen()) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (msg instanceof MqttMessage m && m.fixedHeader() != null
                && m.fixedHeader().messageType() == MqttMessageType.PINGREQ) {
            state.ignoredPingAt(ctx.executor().ticker().nanoTime());
        }
        counters.halfOpenIgnored.increment();
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ConnectionState state = ConnectionState.of(ctx.channel());
        if (state != null && state.halfOpen()) {
            ReferenceCountUtil.release(msg);
            promise.trySuccess(); // into the void, as on a dead link
            return;
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        ConnectionState state = ConnectionState.of(ctx.channel());
        if (state != null && state.halfOpen()) {
            counters.halfOpenClosed.increment();
            if (state.firstIgnoredPingNanos() >= 0) {
                counters.halfOpenPingToClose.recordValue(
                        Math.max(0, ctx.executor().ticker().nanoTime() - state.firstIgnoredPingNanos()));
            }
        }
        super.channelInactive(ctx);
    }
}
