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

    /** Handshake time (null when it failed), the failure if any, and the protocol of an accepted session. */
    record Outcome(Long handshakeNanos, TlsFailure failure, Throwable cause, String protocol) {
        boolean accepted() {
            return failure == null;
        }
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    Outcome connect(SslContext context, TlsHandlers handlers, String host, int port) throws Exception {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        InetSocketAddress address = InetSocketAddress.createUnresolved(host, port);
        long[] handshake = {-1};
        Channel channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
            .handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    SslHandler ssl = handlers.newHandler(context, ch.alloc(), address);
                    ch.pipeline().addLast(ssl, new TlsHandshakeTimer(new TlsHandshakeListener() {
                        @Override
                        public void handshakeDone(long nanos) {
                            handshake[0] = nanos;
                            ch.writeAndFlush(Unpooled.copiedBuffer("ping", StandardCharsets.US_ASCII));
                        }

                        @Override
                        public void handshakeFailed(TlsFailure kind, Throwable cause, long nanos) {
                            outcome.complete(new Outcome(null, kind, cause, null));
                        }

                        @Override
                        public void refusedAfterHandshake(TlsFailure kind, Throwable cause) {
                            outcome.complete(new Outcome(handshake[0], kind, cause, null));
                        }
                    }), new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            ReferenceCountUtil.release(msg);
                            outcome.complete(new Outcome(handshake[0], null, null,
                                ssl.engine().getSession().getProtocol()));
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
