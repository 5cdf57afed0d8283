package dev.kpcload.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the bytes on the wire in both directions. It sits next to the socket, so it sees encoded frames; bytes
 * out are counted when handed to the socket, not when sent: cheap, and a failed write closes the connection.
 */
@ChannelHandler.Sharable
public class WireByteCounter extends ChannelDuplexHandler {

    private final LongAdder bytesIn;
    private final LongAdder bytesOut;

    public WireByteCounter(LongAdder bytesIn, LongAdder bytesOut) {
        this.bytesIn = bytesIn;
        this.bytesOut = bytesOut;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            bytesIn.add(buf.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf) {
            bytesOut.add(buf.readableBytes());
        }
        ctx.write(msg, promise);
    }
}
