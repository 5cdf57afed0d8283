package dev.kpcload.sim;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * Owns reading on one connection, next to the socket: reading stops while any reason holds (a stall, a client
 * that does not drain its replies, the slow-reader budget), bytes already read when it stopped are held back
 * rather than served, and read requests from further up (a decoder wanting more) are refused meanwhile, so
 * "not reading" is exact. Under the slow-reader fault it passes at most {@code bytesPerSecond} on, in small
 * chunks. Only touched on the channel's event loop.
 */
final class ReadGate extends ChannelDuplexHandler {

    static final int STALL = 1;
    static final int BACKPRESSURE = 2;
    static final int SLOW = 4;

    /** How often held bytes trickle out under the slow reader, and the bucket's depth in time. */
    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long BUCKET_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final FaultState faults;
    private final SimCounters counters;
    private ChannelHandlerContext ctx;
    private int blocked;
    private ByteBuf held;
    private double tokens;
    private long refilledAt = Long.MIN_VALUE;
    private long rateInForce;
    private ScheduledFuture<?> tick;

    ReadGate(FaultState faults, SimCounters counters) {
        this.faults = faults;
        this.counters = counters;
    }

    static ReadGate of(io.netty.channel.Channel channel) {
        return channel.pipeline().get(ReadGate.class);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    boolean isBlocked() {
        return blocked != 0;
    }

    void block(int reason) {
        if ((blocked & reason) == 0 && reason == SLOW) {
            counters.slowReaderPauses.increment();
        }
        blocked |= reason;
        ctx.channel().config().setAutoRead(false);
    }

    void unblock(int reason) {
        blocked &= ~reason;
        if ((blocked & ~SLOW) == 0) {
            resume();
        }
    }

    /** The slow-reader setting changed (its window began or ended): pass on what is now allowed. */
    void reevaluate() {
        if ((blocked & ~SLOW) == 0) {
            resume();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf bytes)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (blocked != 0 || held != null) {
            hold(bytes);
            return;
        }
        long rate = faults.slowReaderBytesPerSecond();
        if (rate == 0) {
            ctx.fireChannelRead(bytes);
            return;
        }
        hold(bytes);
        trickle(rate);
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        if (blocked == 0) {
            ctx.read();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (faults.stalled()) {
            block(STALL); // accepted as the stall began: the stall's end unblocks it with the others
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        discard();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        discard();
    }

    private void hold(ByteBuf bytes) {
        held = held == null ? bytes : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), held, bytes);
    }

    /** Nothing but the slow reader blocks: pass on what was held (through its budget if it is on), read again. */
    private void resume() {
        long rate = faults.slowReaderBytesPerSecond();
        if (held != null && rate > 0) {
            trickle(rate);
            return;
        }
        blocked &= ~SLOW;
        cancelTick();
        if (held != null) {
            ByteBuf out = held;
            held = null;
            ctx.fireChannelRead(out);
            ctx.fireChannelReadComplete();
        }
        if (blocked == 0 && ctx.channel().isActive()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** Passes on as much of {@link #held} as the budget allows; holds the rest and comes back for it. */
    private void trickle(long rate) {
        long now = ctx.executor().ticker().nanoTime();
        if (rate != rateInForce || refilledAt == Long.MIN_VALUE) {
            rateInForce = rate;
            refilledAt = now;
            tokens = Math.max(tokens, 0);
        }
        double depth = Math.max(1, rate * (BUCKET_NANOS / 1e9));
        tokens = Math.min(depth, tokens + (now - refilledAt) * (rate / 1e9));
        refilledAt = now;
        int allowed = (int) Math.min(held.readableBytes(), Math.floor(tokens));
        if (allowed > 0) {
            tokens -= allowed;
            counters.slowReaderBytes.add(allowed);
            ByteBuf chunk = held.readRetainedSlice(allowed);
            if (!held.isReadable()) {
                held.release();
                held = null;
            }
            ctx.fireChannelRead(chunk);
            ctx.fireChannelReadComplete();
        }
        if (held == null) {
            if ((blocked & SLOW) != 0) {
                blocked &= ~SLOW;
            }
            if (blocked == 0 && ctx.channel().isActive()) {
                ctx.channel().config().setAutoRead(true);
            }
            return;
        }
        if ((blocked & SLOW) == 0) {
            block(SLOW);
        }
        if (tick == null && ctx.channel().isActive()) {
            tick = ctx.executor().schedule(this::onTick, TICK_NANOS, TimeUnit.NANOSECONDS);
        }
    }

    private void onTick() {
        tick = null;
        if (held == null || !ctx.channel().isActive()) {
            return;
        }
        if ((blocked & ~SLOW) != 0) {
            return; // another reason holds: its unblock resumes
        }
        resume();
    }

    private void cancelTick() {
        if (tick != null) {
            tick.cancel(false);
            tick = null;
        }
    }

    private void discard() {
        cancelTick();
        if (held != null) {
            ReferenceCountUtil.safeRelease(held);
            held = null;
        }
    }
}
