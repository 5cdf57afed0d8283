package dev.kpcload.net;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;

/** Loaded only when asked, so that a missing or broken native library cannot break class loading elsewhere. */
final class EpollHolder {

    static final boolean AVAILABLE = probe();

    private EpollHolder() {
    }

    private static boolean probe() {
        try {
            return Epoll.isAvailable();
        } catch (Throwable t) {
            return false;
        }
    }

    static NettyTransport transport() {
        return new NettyTransport("epoll", EpollIoHandler.newFactory(), EpollSocketChannel.class,
            EpollServerSocketChannel.class);
    }

    static void bindAddressWithoutPort(io.netty.bootstrap.Bootstrap bootstrap) {
        bootstrap.option(io.netty.channel.epoll.EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
    }

    static String reason() {
        try {
            Throwable cause = Epoll.unavailabilityCause();
            return cause == null ? "unknown" : String.valueOf(cause.getMessage());
        } catch (Throwable t) {
            return String.valueOf(t.getMessage());
        }
    }
}
