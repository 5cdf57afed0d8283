package dev.kpcload.tls;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import java.net.InetSocketAddress;

/** A TLS server on 127.0.0.1 (JDK provider, so the server side is not the provider under test). */
final class TlsTestServer implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel channel;

    private TlsTestServer(SslContext context) throws InterruptedException {
        channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    // Echo: a client that gets its bytes back knows the server accepted the session.
                    ch.pipeline().addLast(context.newHandler(ch.alloc()), new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            ctx.writeAndFlush(msg);
                        }

                        @Override
                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                            ctx.close();
                        }
                    });
                }
            })
            .bind("127.0.0.1", 0).sync().channel();
    }

    /** Serves {@code server}'s certificate; with {@code clientCa}, requires a client certificate signed by it. */
    static TlsTestServer start(OpensslCerts.Pair server, OpensslCerts.Pair clientCa, String... protocols)
        throws Exception {
        SslContextBuilder builder = SslContextBuilder.forServer(server.cert().toFile(), server.key().toFile())
            .sslProvider(SslProvider.JDK);
        if (protocols.length > 0) {
            builder.protocols(protocols);
        }
        if (clientCa != null) {
            builder.trustManager(clientCa.cert().toFile()).clientAuth(ClientAuth.REQUIRE);
        }
        return new TlsTestServer(builder.build());
    }

    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
