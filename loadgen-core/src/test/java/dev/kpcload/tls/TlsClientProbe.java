package dev.kpcload.tls;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Connects once with a client context and reports how it ended. After a successful handshake it sends a line and
 * waits for the echo server's answer: a TLS 1.3 server checks our certificate after our Finished and, refusing it,
 * answers with an alert instead of the echo, so the outcome is known without waiting for a time.
 */
final class TlsClientProbe implements AutoCloseable {

    /**
     * Handshake time (null when it failed), the failure if any, the protocol of an accepted session and whether the
     * handshake resumed an earlier session.
     */
    record Outcome(Long handshakeNanos, TlsFailure failure, Throwable cause, String protocol, boolean resumed) {
        boolean accepted() {
            return failure == null;
        }
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    /** What is sent once the handshake is done; the first bytes back complete the outcome. */
    private final byte[] hello;

    /** A probe for an echo server: sends {@code ping}. */
    TlsClientProbe() {
        this("ping".getBytes(StandardCharsets.US_ASCII));
    }

    TlsClientProbe(byte[] hello) {
        this.hello = hello.clone();
    }

    Outcome connect(SslContext context, TlsHandlers handlers, String host, int port) throws Exception {
        return connect(context, handlers, host, port, port);
    }

    /** As above, with the engine's session-cache key port {@code keyPort} (see {@link TlsResumption}). */
    Outcome connect(SslContext context, TlsHandlers handlers, String host, int port, int keyPort) throws Exception {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        long[] handshake = {-1};
        boolean[] resumed = {false};
        Channel channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
            .handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    SslHandler ssl = handlers.newHandler(context, ch.alloc(), host, keyPort);
                    ch.pipeline().addLast(ssl, new TlsHandshakeTimer(new TlsHandshakeListener() {
                        @Override
                        public void handshakeDone(long nanos, boolean wasResumed) {
                            handshake[0] = nanos;
                            resumed[0] = wasResumed;
                            ch.writeAndFlush(Unpooled.wrappedBuffer(hello));
                        }

                        @Override
                        public void handshakeFailed(TlsFailure kind, Throwable cause, long nanos) {
                            outcome.complete(new Outcome(null, kind, cause, null, false));
                        }

                        @Override
                        public void refusedAfterHandshake(TlsFailure kind, Throwable cause) {
                            outcome.complete(new Outcome(handshake[0], kind, cause, null, resumed[0]));
                        }
                    }), new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            ReferenceCountUtil.release(msg);
                            outcome.complete(new Outcome(handshake[0], null, null,
                                ssl.engine().getSession().getProtocol(), resumed[0]));
                        }

                        @Override
                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                            ctx.close();
                        }
                    });
                }
            })
            .connect(new InetSocketAddress("127.0.0.1", port)).sync().channel();
        try {
            return outcome.get(20, TimeUnit.SECONDS);
        } finally {
            channel.close().sync();
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
