package dev.kpcload.tls;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

import java.net.SocketAddress;
import java.util.function.LongSupplier;

/**
 * Times one connection's TLS handshake, from TCP connected to {@link SslHandshakeCompletionEvent}, and tells a
 * {@link TlsHandshakeListener} how it ended, a failure classified by {@link TlsFailures}.
 *
 * <p>Goes in the pipeline right <em>after</em> the {@code SslHandler}, where it sees the completion event and
 * the SslHandler's exceptions. The clock starts when the connect promise succeeds, which Netty completes before it
 * fires {@code channelActive}, so the ClientHello the SslHandler builds at {@code channelActive} is inside the
 * measured time; added to a channel whose connect it did not see, it starts at {@code channelActive} instead.
 *
 * <p>With TLS 1.3 the client's handshake is done before the server has looked at our certificate: a server that
 * refuses it answers our Finished with an alert, which reaches {@link TlsHandshakeListener#refusedAfterHandshake}.
 * Every event is passed on, so the handler after this one can send CONNECT on the successful completion event; an
 * exception is not once a failure has been told (the listener closes the connection).
 *
 * <p>A successful handshake also says whether it resumed an earlier session ({@link SessionReuse}), read from the
 * {@code SslHandler}'s engine once, as the handshake completes.
 */
public final class TlsHandshakeTimer extends ChannelDuplexHandler {

    private enum State { WAITING, DONE, FAILED, REFUSED }

    private final TlsHandshakeListener listener;
    private final LongSupplier nanoClock;
    private final LongSupplier wallMillis;
    private long startNanos;
    private long startMillis;
    private boolean started;
    private State state = State.WAITING;

    public TlsHandshakeTimer(TlsHandshakeListener listener) {
        this(listener, System::nanoTime);
    }

    public TlsHandshakeTimer(TlsHandshakeListener listener, LongSupplier nanoClock) {
        this(listener, nanoClock, System::currentTimeMillis);
    }

    /**
     * @param wallMillis the wall clock a JDK session's creation time is compared with ({@link SessionReuse})
     */
    public TlsHandshakeTimer(TlsHandshakeListener listener, LongSupplier nanoClock, LongSupplier wallMillis) {
        this.listener = listener;
        this.nanoClock = nanoClock;
        this.wallMillis = wallMillis;
    }

    @Override
    public void connect(ChannelHandlerContext ctx, SocketAddress remote, SocketAddress local, ChannelPromise promise) {
        promise.addListener(future -> {
            if (future.isSuccess()) {
                start();
            }
        });
        ctx.connect(remote, local, promise);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start();
        ctx.fireChannelActive();
    }

    private void start() {
        if (!started) {
            started = true;
            startNanos = nanoClock.getAsLong();
            startMillis = wallMillis.getAsLong();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent completion && state == State.WAITING) {
            long nanos = nanoClock.getAsLong() - startNanos;
            if (completion.isSuccess()) {
                state = State.DONE;
                SslHandler ssl = ctx.pipeline().get(SslHandler.class);
                listener.handshakeDone(nanos, ssl != null && SessionReuse.resumed(ssl.engine(), startMillis));
            } else {
                state = State.FAILED;
                listener.handshakeFailed(TlsFailures.classify(completion.cause()), completion.cause(), nanos);
            }
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // During the handshake the completion event carries the same failure (whichever comes first tells the
        // connection); after it, only TLS errors count.
        if (state == State.DONE && TlsFailures.isTls(cause)) {
            state = State.REFUSED;
            listener.refusedAfterHandshake(TlsFailures.classify(cause), cause);
            return; // told: the listener closes the connection, nothing after this has more to say
        }
        if (state == State.FAILED || state == State.REFUSED) {
            return; // the failure the completion event (or the refusal) already told
        }
        ctx.fireExceptionCaught(cause);
    }
}
