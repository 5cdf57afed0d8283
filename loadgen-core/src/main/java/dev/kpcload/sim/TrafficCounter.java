package dev.kpcload.sim;

import dev.kpcload.net.WireByteCounter;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;

/** Counts open connections and the raw bytes in and out; sits next to the socket to see every byte. */
@ChannelHandler.Sharable
final class TrafficCounter extends WireByteCounter {

    private final SimCounters counters;

    TrafficCounter(SimCounters counters) {
        super(counters.bytesIn, counters.bytesOut);
        this.counters = counters;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        counters.connectionsOpen.increment();
        if (ctx.channel().remoteAddress() instanceof java.net.InetSocketAddress remote) {
            counters.connectionsBySource.increment(remote.getAddress().getHostAddress());
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        counters.connectionsOpen.decrement();
        ctx.fireChannelInactive();
    }
}
