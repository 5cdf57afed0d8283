package dev.kpcload.client;

import dev.kpcload.metrics.DisconnectReason;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The pipeline's last handler: an exception thrown by a handler before it (a bug, or input nobody foresaw) is
 * counted as a handler error and closes the connection as {@code handler_error}, instead of reaching the
 * pipeline's tail, where Netty would only log it and leave a connection in an unknown state open.
 */
final class UnexpectedErrorHandler extends ChannelInboundHandlerAdapter {

    private final DeviceSession session;

    UnexpectedErrorHandler(DeviceSession session) {
        this.session = session;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        session.counters().handlerErrors.increment();
        session.noteLossReason(DisconnectReason.HANDLER_ERROR);
        ctx.close();
    }
}
