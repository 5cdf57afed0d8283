package dev.kpcload.fuzz;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Placed just after the MQTT encoder (so that handlers' writes pass it before being encoded), records writes
 * whose promise fails: an encoder that cannot encode a reply fails only the promise, and the reply is gone.
 * Void promises fail through the pipeline's exception path instead, which an {@link ExceptionProbe} sees.
 */
public final class WriteProbe extends ChannelOutboundHandlerAdapter {

    private Throwable first;
    private int failures;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!promise.isVoid()) {
            promise.addListener(f -> {
                if (!f.isSuccess() && !(f.cause() instanceof java.nio.channels.ClosedChannelException)) {
                    if (first == null) {
                        first = f.cause();
                    }
                    failures++;
                }
            });
        }
        ctx.write(msg, promise);
    }

    public int failures() {
        return failures;
    }

    public Throwable first() {
        return first;
    }
}
