package dev.kpcload.tls;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The timer between two in-memory channels: handshake time by a fake clock, and the event passed on. */
class TlsHandshakeTimerTest {

    @TempDir
    static Path dir;
    static OpensslCerts.Pair ca;
    static OpensslCerts.Pair server;

    @BeforeAll
    static void makePki() throws Exception {
        OpensslCerts openssl = new OpensslCerts(dir);
        ca = openssl.ca("timer-ca");
        server = openssl.server("timer-server", ca, "DNS:localhost");
    }

    /** What the listener and the handler after the timer saw, in order. */
    static final class Recorder extends ChannelInboundHandlerAdapter implements TlsHandshakeListener {
        final List<String> seen = new ArrayList<>();

        @Override
        public void handshakeDone(long nanos, boolean resumed) {
            seen.add("done " + nanos + (resumed ? " resumed" : " full"));
        }

        @Override
        public void handshakeFailed(TlsFailure kind, Throwable cause, long nanos) {
            seen.add("failed " + kind + " " + nanos);
        }

        @Override
        public void refusedAfterHandshake(TlsFailure kind, Throwable cause) {
            seen.add("refused " + kind);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent e) {
                seen.add("event " + e.isSuccess());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // the SslHandler closes the channel itself
        }
    }

    private static EmbeddedChannel client(TlsSettings settings, Recorder recorder, AtomicLong clock)
        throws Exception {
        ClientContexts contexts = ClientContexts.create(settings);
        EmbeddedChannel channel = new EmbeddedChannel(false, false);
        SslHandler ssl = TlsHandlers.of(settings).newHandler(contexts.fleetContext(), channel.alloc(),
            InetSocketAddress.createUnresolved("localhost", 8883));
        channel.pipeline().addLast(ssl, new TlsHandshakeTimer(recorder, clock::get), recorder);
        channel.register();
        return channel;
    }

    @Test
    void measuresFromConnectedToHandshakeDoneAndPassesTheEventOn() throws Exception {
        SslContext serverContext = SslContextBuilder.forServer(server.cert().toFile(), server.key().toFile())
            .sslProvider(SslProvider.JDK).build();
        for (TlsProvider provider : List.of(TlsProvider.OPENSSL, TlsProvider.JDK)) {
            AtomicLong clock = new AtomicLong(1_000);
            Recorder recorder = new Recorder();
            EmbeddedChannel client = client(TlsSettings.defaults().withCaFile(ca.cert()).withProvider(provider),
                recorder, clock);
            EmbeddedChannel serverChannel = new EmbeddedChannel(serverContext.newHandler(client.alloc()));
            clock.set(5_000);
            TlsPump.pump(client, serverChannel);
            assertEquals(List.of("done 4000 full", "event true"), recorder.seen, provider.name());
            client.finishAndReleaseAll();
            serverChannel.finishAndReleaseAll();
        }
    }

    /**
     * One handshake between a client channel of {@code contexts} (session-cache key port {@code keyPort}) and a new
     * server channel; what the listener heard, and the client's session.
     */
    private static List<String> handshake(ClientContexts contexts, SslContext serverContext, int keyPort,
                                          java.util.function.LongSupplier wallMillis, javax.net.ssl.SSLSession[] session)
        throws Exception {
        Recorder recorder = new Recorder();
        EmbeddedChannel client = new EmbeddedChannel(false, false);
        SslHandler ssl = TlsHandlers.of(contexts.settings()).newHandler(contexts.fleetContext(), client.alloc(),
            "localhost", keyPort);
        client.pipeline().addLast(ssl, new TlsHandshakeTimer(recorder, () -> 0L, wallMillis), recorder);
        client.register();
        EmbeddedChannel serverChannel = new EmbeddedChannel(serverContext.newHandler(client.alloc()));
        TlsPump.pump(client, serverChannel); // the server's tickets too, which follow its TLS 1.3 handshake
        session[0] = ssl.engine().getSession();
        client.finishAndReleaseAll();
        serverChannel.finishAndReleaseAll();
        return recorder.seen;
    }

    @Test
    void aSecondHandshakeUnderTheSameKeyIsResumedAndOneUnderANewKeyIsFull() throws Exception {
        SslContext serverContext = SslContextBuilder.forServer(server.cert().toFile(), server.key().toFile())
            .sslProvider(SslProvider.JDK).build();
        for (TlsProvider provider : List.of(TlsProvider.OPENSSL, TlsProvider.JDK)) {
            for (TlsVersion version : List.of(TlsVersion.TLS_1_2, TlsVersion.TLS_1_3)) {
                String what = provider + " " + version;
                ClientContexts contexts = ClientContexts.create(TlsSettings.defaults().withCaFile(ca.cert())
                    .withProvider(provider).withVersions(List.of(version)));
                javax.net.ssl.SSLSession[] first = new javax.net.ssl.SSLSession[1];
                javax.net.ssl.SSLSession[] next = new javax.net.ssl.SSLSession[1];
                assertEquals(List.of("done 0 full", "event true"),
                    handshake(contexts, serverContext, 1001, System::currentTimeMillis, first), what);
                // the next connect starts after the first session was made (the JDK's test; OpenSSL's ignores it)
                long after = first[0].getCreationTime() + 1;
                assertEquals(List.of("done 0 resumed", "event true"),
                    handshake(contexts, serverContext, 1001, () -> after, next), what);
                assertEquals(List.of("done 0 full", "event true"),
                    handshake(contexts, serverContext, 1002, System::currentTimeMillis, next), what + ": new key");
            }
        }
    }

    @Test
    void aSilentServerIsAHandshakeTimeoutAtTheConfiguredTime() throws Exception {
        AtomicLong clock = new AtomicLong(0);
        Recorder recorder = new Recorder();
        EmbeddedChannel client = client(TlsSettings.defaults().withCaFile(ca.cert()).withProvider(TlsProvider.JDK)
            .withHandshakeTimeout(Duration.ofMillis(300)), recorder, clock);
        client.releaseOutbound();
        client.advanceTimeBy(299, TimeUnit.MILLISECONDS);
        client.runScheduledPendingTasks();
        assertTrue(recorder.seen.isEmpty(), recorder.seen::toString);
        clock.set(300_000_000L);
        client.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        client.runScheduledPendingTasks();
        assertEquals(List.of("failed HANDSHAKE_TIMEOUT 300000000", "event false"), recorder.seen);
        client.finishAndReleaseAll();
    }
}
