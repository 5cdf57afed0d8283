package dev.kpcload.sim;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * Picks epoll when its native library loads, else NIO. Epoll classes are touched only inside {@link Epolls},
 * so a missing or broken native library means NIO, never a failed start.
 *
 * @param ioHandlerFactory   for {@code MultiThreadIoEventLoopGroup}
 * @param serverChannelClass the matching server socket channel
 * @param name               {@code epoll} or {@code nio}, for start-up messages
 */
public record SimTransport(IoHandlerFactory ioHandlerFactory, Class<? extends ServerChannel> serverChannelClass,
                           String name) {

    /** Set to {@code nio} to force NIO even where epoll is available. */
    public static final String PROPERTY = "kpcload.transport";

    public static SimTransport choose() {
        if (!"nio".equalsIgnoreCase(System.getProperty(PROPERTY, "")) && Epolls.usable()) {
            return Epolls.transport();
        }
        return nio();
    }

    public static SimTransport nio() {
        return new SimTransport(NioIoHandler.newFactory(), NioServerSocketChannel.class, "nio");
    }

    private static final class Epolls {
        static boolean usable() {
            try {
                return io.netty.channel.epoll.Epoll.isAvailable();
            } catch (LinkageError e) {
                // classes or native library missing: NIO it is
                return false;
            }
        }

        static SimTransport transport() {
            return new SimTransport(io.netty.channel.epoll.EpollIoHandler.newFactory(),
                    io.netty.channel.epoll.EpollServerSocketChannel.class, "epoll");
        }
    }
}
