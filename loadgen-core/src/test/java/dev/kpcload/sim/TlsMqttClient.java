package dev.kpcload.sim;

import dev.kpcload.net.WireByteCounter;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * An MQTT client over TLS for tests: Netty's SslHandler (host name checked against {@code host}), then Netty's
 * MQTT codec; server packets arrive as {@link Frame}s. Waits on events (the handshake's end, the next packet, the
 * close), never for a fixed time.
 */
final class TlsMqttClient implements AutoCloseable {

    private static final int WAIT_SECONDS = 10;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    /** The first exception the pipeline saw (a refusal after our handshake arrives as an alert here). */
    private final CompletableFuture<Throwable> failure = new CompletableFuture<>();
    /** The bytes on the wire, counted next to the socket as the simulator counts them. */
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    private final Channel channel;
    private final SslHandler ssl;

    private TlsMqttClient(SslContext context, String host, int port) throws InterruptedException {
        SslHandler[] handler = new SslHandler[1];
        channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
            .handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    handler[0] = context.newHandler(ch.alloc(), host, port);
                    ch.pipeline().addLast(new WireByteCounter(bytesIn, bytesOut), handler[0], MqttEncoder.INSTANCE, new MqttDecoder(1 << 20),
                        new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                frames.add(Frame.of((MqttMessage) msg));
                            }

                            @Override
                            public void channelInactive(ChannelHandlerContext ctx) {
                                closed.complete(null);
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                failure.complete(cause);
                                ctx.close();
                            }
                        });
                }
            })
            .connect(new InetSocketAddress("127.0.0.1", port)).sync().channel();
        ssl = handler[0];
    }

    /** Connects to 127.0.0.1:{@code port}, checking the server's certificate against {@code host}. */
    static TlsMqttClient connect(SslContext context, String host, int port) throws InterruptedException {
        return new TlsMqttClient(context, host, port);
    }

    /** Waits for the handshake; null when it succeeded (on our side), else its failure. */
    Throwable handshake() throws InterruptedException {
        if (!ssl.handshakeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("the handshake did not end in " + WAIT_SECONDS + " s");
        }
        return ssl.handshakeFuture().cause();
    }

    /** Waits for the handshake and fails unless it succeeded. */
    TlsMqttClient handshaken() throws InterruptedException {
        Throwable failure = handshake();
        if (failure != null) {
            throw new AssertionError("handshake failed", failure);
        }
        return this;
    }

    SslHandler ssl() {
        return ssl;
    }

    void send(MqttMessage... messages) {
        for (MqttMessage message : messages) {
            channel.write(message);
        }
        channel.flush();
    }

    /** The next packet from the server; fails when none comes or the connection closes first. */
    Frame next() throws Exception {
        Frame frame = frames.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (frame == null) {
            throw new IOException(closed.isDone() ? "server closed the connection" : "no packet in " + WAIT_SECONDS
                + " s");
        }
        return frame;
    }

    /** Waits for the connection to close (the server's doing, in the tests), then whether no packet came. */
    boolean closedWithoutPackets() throws Exception {
        closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
        return frames.isEmpty();
    }

    /**
     * Waits for the connection to close and returns why, as our side saw it: the handshake's failure, else the first
     * exception (an alert received after our handshake ended), else null (closed without a word).
     */
    Throwable refusal() throws Exception {
        closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
        Throwable handshake = ssl.handshakeFuture().cause();
        if (handshake != null) {
            return handshake;
        }
        return failure.getNow(null);
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        frames.clear();
    }
}
