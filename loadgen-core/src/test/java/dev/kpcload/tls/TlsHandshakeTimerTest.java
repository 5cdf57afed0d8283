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
        public void handshakeDone(long nanos) {
            seen.add("done " + nanos);
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
            assertEquals(List.of("done 4000", "event true"), recorder.seen, provider.name());
            client.finishAndReleaseAll();
            serverChannel.finishAndReleaseAll();
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
