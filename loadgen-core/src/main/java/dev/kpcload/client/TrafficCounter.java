package dev.kpcload.client;

import dev.kpcload.metrics.RunCounters;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/** Counts the bytes on the wire in both directions; sits next to the socket, so it sees encoded frames. */
@ChannelHandler.Sharable
final class TrafficCounter extends ChannelDuplexHandler {

    private final RunCounters counters;

    TrafficCounter(RunCounters counters) {
        this.counters = counters;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            counters.bytesReceived.add(buf.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf) {
            counters.bytesSent.add(buf.readableBytes());
        }
        ctx.write(msg, promise);
    }
}
