package dev.kpcload.sim;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/** Counts open connections and the raw bytes in and out; sits next to the socket to see every byte. */
@ChannelHandler.Sharable
final class TrafficCounter extends ChannelDuplexHandler {

    private final SimCounters counters;

    TrafficCounter(SimCounters counters) {
        this.counters = counters;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        counters.connectionsOpen.increment();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        counters.connectionsOpen.decrement();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            counters.bytesIn.add(buf.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        // counted when handed to the socket, not when sent: cheap, and a failed write closes the connection
        if (msg instanceof ByteBuf buf) {
            counters.bytesOut.add(buf.readableBytes());
        }
        ctx.write(msg, promise);
    }
}
