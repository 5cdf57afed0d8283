package dev.kpcload.tls;

import dev.kpcload.client.ConnectionTls;
import dev.kpcload.plan.NanoClock;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;

import java.net.InetSocketAddress;

/** The TLS of a run's fleet: each device's shared {@code SslContext}, an {@code SslHandler} per connection. */
public final class FleetTls implements ConnectionTls {

    private final ClientContexts contexts;
    private final TlsHandlers handlers;
    private final NanoClock clock;

    public FleetTls(ClientContexts contexts, NanoClock clock) {
        this.contexts = contexts;
        this.handlers = TlsHandlers.of(contexts.settings());
        this.clock = clock;
    }

    public ClientContexts contexts() {
        return contexts;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public ChannelHandler newHandler(int deviceIndex, ByteBufAllocator alloc, InetSocketAddress server) {
        return handlers.newHandler(contexts.fleetContext(), alloc, server);
    }

    @Override
    public ChannelHandler newTimer(TlsHandshakeListener listener) {
        return new TlsHandshakeTimer(listener, clock::nanoTime);
    }
}
