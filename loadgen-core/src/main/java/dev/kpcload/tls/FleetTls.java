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
    private final TlsResumption resumption;
    /** OFF: a new session-cache key per connect, so no cached session ever matches (both providers). */
    private final java.util.concurrent.atomic.AtomicInteger nextUnusedKey = new java.util.concurrent.atomic.AtomicInteger();

    public FleetTls(ClientContexts contexts, NanoClock clock, TlsResumption resumption) {
        this.contexts = contexts;
        this.handlers = TlsHandlers.of(contexts.settings());
        this.clock = clock;
        this.resumption = resumption;
    }

    /** The port an engine is made with: the session cache's key (see {@link TlsResumption}), in 1..65535. */
    static int sessionKeyPort(TlsResumption resumption, int serverPort, int deviceIndex, int connectSerial) {
        return switch (resumption) {
            case FLEET -> serverPort;
            case DEVICE -> 1 + Math.floorMod(deviceIndex, 65_535);
            case OFF -> 1 + Math.floorMod(connectSerial, 65_535);
        };
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
        int serial = resumption == TlsResumption.OFF ? nextUnusedKey.getAndIncrement() : 0;
        return handlers.newHandler(contexts.forDevice(deviceIndex), alloc, server.getHostString(),
            sessionKeyPort(resumption, server.getPort(), deviceIndex, serial));
    }

    @Override
    public ChannelHandler newTimer(TlsHandshakeListener listener) {
        return new TlsHandshakeTimer(listener, clock::nanoTime);
    }
}
