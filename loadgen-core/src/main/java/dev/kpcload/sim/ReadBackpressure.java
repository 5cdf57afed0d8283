package dev.kpcload.sim;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Stops reading from a client that does not read its replies (outbound buffer above the high water mark) and
 * resumes when it drains, so a slow client pushes back through TCP instead of growing the simulator's heap.
 * Through the connection's {@link ReadGate} when it has one, so that other reasons to stop reading stay in force.
 */
@ChannelHandler.Sharable
final class ReadBackpressure extends ChannelInboundHandlerAdapter {

    static final ReadBackpressure INSTANCE = new ReadBackpressure();

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ReadGate gate = ReadGate.of(ctx.channel());
        if (gate == null) {
            ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        } else if (ctx.channel().isWritable()) {
            gate.unblock(ReadGate.BACKPRESSURE);
        } else {
            gate.block(ReadGate.BACKPRESSURE);
        }
        ctx.fireChannelWritabilityChanged();
    }
}
