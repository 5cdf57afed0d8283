package dev.kpcload.client;

import dev.kpcload.tls.TlsHandshakeListener;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;

import java.net.InetSocketAddress;

/**
 * Whether and how a device's connection speaks TLS: plain TCP, or the handlers a TLS connection needs in front of
 * its MQTT codec. One object for the whole fleet; the contexts behind it are built before anything connects.
 */
public interface ConnectionTls {

    /** Plain TCP: no handlers. */
    ConnectionTls PLAIN = new ConnectionTls() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public ChannelHandler newHandler(int deviceIndex, ByteBufAllocator alloc, InetSocketAddress server) {
            throw new IllegalStateException("plain TCP has no TLS handler");
        }

        @Override
        public ChannelHandler newTimer(TlsHandshakeListener listener) {
            throw new IllegalStateException("plain TCP has no TLS handshake");
        }
    };

    boolean enabled();

    /** The TLS handler (an {@code SslHandler}) of device {@code deviceIndex}'s connection to {@code server}. */
    ChannelHandler newHandler(int deviceIndex, ByteBufAllocator alloc, InetSocketAddress server);

    /** The handler that times the handshake and tells {@code listener} how it ended; goes right after the TLS one. */
    ChannelHandler newTimer(TlsHandshakeListener listener);
}
