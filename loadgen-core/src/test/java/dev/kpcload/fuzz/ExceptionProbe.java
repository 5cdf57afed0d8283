package dev.kpcload.fuzz;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Records every exception that passes it, then passes it on: placed before a pipeline's last-resort handler, it
 * sees each exception a handler let escape (which that handler would then count and close on).
 */
public final class ExceptionProbe extends ChannelInboundHandlerAdapter {

    private Throwable first;
    private int count;

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (first == null) {
            first = cause;
        }
        count++;
        ctx.fireExceptionCaught(cause);
    }

    public int count() {
        return count;
    }

    public Throwable first() {
        return first;
    }
}
