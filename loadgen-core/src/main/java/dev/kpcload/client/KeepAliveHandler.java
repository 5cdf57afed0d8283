package dev.kpcload.client;

import dev.kpcload.metrics.DisconnectReason;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * MQTT keepalive: a PINGREQ when nothing was written for the keepalive period, and the connection closed as
 * {@code keepalive_timeout} when a PINGREQ goes unanswered for a whole further period.
 *
 * <p>Writing is noticed at each flush, which costs one clock read per batch; one task per connection,
 * rescheduling itself, checks for idleness. (Netty's {@code IdleStateHandler} did this before, but it watches
 * every write's completion, so it turns each void-promise PUBLISH into a real promise with listeners: about
 * 100 bytes and a few hundred nanoseconds per message, see {@code BENCHMARKS.md}.)
 */
final class KeepAliveHandler extends ChannelDuplexHandler {

    private final DeviceSession session;
    private final long keepaliveNanos;
    private long unansweredPingSince = -1;
    private long lastWriteNanos;
    private ScheduledFuture<?> check;
    private boolean started;

    KeepAliveHandler(DeviceSession session, long keepaliveNanos) {
        this.session = session;
        this.keepaliveNanos = keepaliveNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
            start(ctx);
        }
    }

    @Override
    public void channelRegistered(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
        super.channelRegistered(ctx);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stop();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    private void start(ChannelHandlerContext ctx) {
        if (started) {
            return;
        }
        started = true;
        lastWriteNanos = now(ctx);
        check = ctx.executor().schedule(() -> check(ctx), keepaliveNanos, TimeUnit.NANOSECONDS);
    }

    private void stop() {
        started = true; // never again on this channel
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        lastWriteNanos = now(ctx);
        ctx.flush();
    }

    private void check(ChannelHandlerContext ctx) {
        if (check == null) {
            return;
        }
        long now = now(ctx);
        long left = keepaliveNanos - (now - lastWriteNanos);
        if (left > 0) {
            check = ctx.executor().schedule(() -> check(ctx), left, TimeUnit.NANOSECONDS);
            return;
        }
        check = ctx.executor().schedule(() -> check(ctx), keepaliveNanos, TimeUnit.NANOSECONDS);
        writerIdle(ctx, now);
    }

    private void writerIdle(ChannelHandlerContext ctx, long now) {
        if (unansweredPingSince >= 0 && now - unansweredPingSince >= keepaliveNanos) {
            session.noteLossReason(DisconnectReason.KEEPALIVE_TIMEOUT);
            ctx.close();
            return;
        }
        if (unansweredPingSince < 0) {
            unansweredPingSince = now;
        }
        // written from here, the PINGREQ does not pass this handler's flush: note it as written
        lastWriteNanos = now;
        ctx.writeAndFlush(MqttMessage.PINGREQ);
    }

    /** The event loop's clock, which tests can move. */
    private static long now(ChannelHandlerContext ctx) {
        return ctx.executor().ticker().nanoTime();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // a PINGRESP the decoder rejected (a remaining length other than 0) is a bad frame, not a pong: pass it on
        if (msg instanceof MqttMessage m && m.decoderResult().isSuccess() && m.fixedHeader() != null
            && m.fixedHeader().messageType() == MqttMessageType.PINGRESP) {
            unansweredPingSince = -1;
            session.counters().pings.increment();
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
