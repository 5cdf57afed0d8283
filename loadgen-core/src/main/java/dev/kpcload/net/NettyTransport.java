package dev.kpcload.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The I/O transport: native epoll when it loads, else NIO. Epoll classes are touched only through
 * {@link EpollHolder}, so a missing native library falls back instead of failing start-up.
 */
public record NettyTransport(String name, IoHandlerFactory ioHandlerFactory,
                             Class<? extends SocketChannel> socketChannel,
                             Class<? extends ServerSocketChannel> serverChannel) {

    private static final NettyTransport NIO = new NettyTransport("nio", NioIoHandler.newFactory(),
        NioSocketChannel.class, NioServerSocketChannel.class);

    /** Set to {@code nio} to force NIO even where epoll is available (to compare the two). */
    public static final String PROPERTY = "kpcload.transport";

    /** The best transport this machine has, unless {@link #PROPERTY} asks for NIO. */
    public static NettyTransport best() {
        boolean forceNio = "nio".equalsIgnoreCase(System.getProperty(PROPERTY, ""));
        return !forceNio && EpollHolder.AVAILABLE ? EpollHolder.transport() : NIO;
    }

    /** Why epoll is not used, or null when it is. */
    public static String epollUnavailabilityReason() {
        return EpollHolder.AVAILABLE ? null : EpollHolder.reason();
    }

    /**
     * @param daemon daemon threads do not keep the JVM alive (the load generator's loops); a standalone server's
     *               loops are not daemons
     */
    /**
     * Makes sockets bound to a source address take their port at connect time, so that one source address can
     * reach each server on the whole ephemeral port range (epoll's IP_BIND_ADDRESS_NO_PORT; NIO cannot).
     */
    public void bindAddressWithoutPort(io.netty.bootstrap.Bootstrap bootstrap) {
        if ("epoll".equals(name)) {
            EpollHolder.bindAddressWithoutPort(bootstrap);
        }
    }

    public EventLoopGroup newGroup(int threads, String threadNamePrefix, boolean daemon) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(threadNamePrefix, daemon),
            ioHandlerFactory);
    }
}
