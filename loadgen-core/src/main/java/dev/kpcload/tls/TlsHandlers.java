package dev.kpcload.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Makes the {@link SslHandler} of one connection. The engine is created with the host as the user gave it (not the
 * resolved address) and the port: that host is what SNI carries and what the server's certificate is checked
 * against (the context sets the {@code HTTPS} endpoint identification; without a peer host it would have nothing
 * to check). IP literals are checked against the certificate's IP addresses and, as RFC 6066 says, sent without SNI.
 */
public final class TlsHandlers {

    private final Duration handshakeTimeout;

    public TlsHandlers(Duration handshakeTimeout) {
        this.handshakeTimeout = handshakeTimeout;
    }

    public static TlsHandlers of(TlsSettings settings) {
        return new TlsHandlers(settings.handshakeTimeout());
    }

    /** A handler for a connection to {@code server}; unresolved addresses keep their host name. */
    public SslHandler newHandler(SslContext context, ByteBufAllocator alloc, InetSocketAddress server) {
        return newHandler(context, alloc, server.getHostString(), server.getPort());
    }

    /**
     * @param sessionKeyPort the engine's peer port: nothing but the client session cache's key (with the host), see
     *                       {@link TlsResumption}
     */
    public SslHandler newHandler(SslContext context, ByteBufAllocator alloc, String host, int sessionKeyPort) {
        SslHandler handler = context.newHandler(alloc, host, sessionKeyPort);
        handler.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
        return handler;
    }
}
