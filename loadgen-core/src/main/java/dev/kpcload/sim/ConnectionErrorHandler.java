package dev.kpcload.sim;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.io.IOException;

/**
 * Last in the pipeline: any exception closes the connection. A reset or broken pipe is a client going away
 * and is not counted; anything else is counted as a protocol error (never logged per connection).
 */
@ChannelHandler.Sharable
final class ConnectionErrorHandler extends ChannelInboundHandlerAdapter {

    private final SimCounters counters;

    ConnectionErrorHandler(SimCounters counters) {
        this.counters = counters;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            counters.protocolErrors.increment();
        }
        ctx.close();
    }
}
