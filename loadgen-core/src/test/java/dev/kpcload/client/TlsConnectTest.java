package dev.kpcload.client;

import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.TlsSession;
import dev.kpcload.tls.TlsHandshakeListener;
import dev.kpcload.tls.TlsHandshakeTimer;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.net.InetSocketAddress;
import java.security.cert.CertPathBuilderException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.kpcload.client.SessionHarness.MS;
import static dev.kpcload.client.SessionHarness.connack;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A device's connection over TLS, on the production pipeline with a stand-in for the SslHandler (the handshake
 * itself is tested against real peers): CONNECT waits for the handshake, the handshake is timed from TCP connected,
 * and a failed handshake is one connect failure of its TLS kind.
 */
class TlsConnectTest {

    /** Where the pipeline's TLS handler would be: passes everything through; records what it was made for. */
    private static final class StandInTls implements ConnectionTls {
        final List<InetSocketAddress> servers = new ArrayList<>();
        final List<Integer> devices = new ArrayList<>();
        SessionHarness harness;

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public ChannelHandler newHandler(int deviceIndex, ByteBufAllocator alloc, InetSocketAddress server) {
            devices.add(deviceIndex);
            servers.add(server);
            return new ChannelDuplexHandler();
        }

        @Override
        public ChannelHandler newTimer(TlsHandshakeListener listener) {
            return new TlsHandshakeTimer(listener, () -> harness.now());
        }
    }

    private static SessionHarness harness(StandInTls tls) {
        SessionHarness h = new SessionHarness(SessionHarness.settings(ConfirmMode.PUBACK, 1, 10, BacklogPolicy.QUEUE,
            100), tls);
        tls.harness = h;
        return h;
    }

    @Test
    void connectIsSentWhenTheHandshakeIsDoneAndTheHandshakeIsTimedFromTcpConnected() {
        StandInTls tls = new StandInTls();
        try (SessionHarness h = harness(tls)) {
            h.session.connect(h.now());
            h.runTasks();
            assertEquals(List.of(0), tls.devices);
            assertEquals(new InetSocketAddress("127.0.0.1", 1883), tls.servers.get(0), "SNI and the name check");
            assertEquals(List.of(), h.sent(), "nothing before the handshake is done");
            assertNotNull(h.channel().pipeline().get("tls"));
            assertEquals(List.of("traffic", "tls", "tls-timer", "pubacks", "decoder"),
                h.channel().pipeline().names().subList(1, 6), "bytes counted on the encrypted side");

            h.advance(7 * MS);
            h.channel().pipeline().fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);
            h.runTasks();
            var out = h.sent();
            assertEquals(1, out.size());
            assertEquals(MqttMessageType.CONNECT, out.get(0).type());
            h.assertLatencies(LatencyKind.TLS_HANDSHAKE, 7 * MS);
            assertEquals(1, h.counters.tlsHandshakes.get(TlsSession.FULL), "no engine to say otherwise: full");
            assertEquals(0, h.counters.tlsHandshakes.get(TlsSession.RESUMED));

            h.advance(2 * MS);
            h.receive(connack(MqttConnectReturnCode.CONNECTION_ACCEPTED));
            assertEquals(1, h.counters.connected.sum());
            h.assertLatencies(LatencyKind.CONNECT, 9 * MS);
            assertEquals(0, h.counters.connectFailures.total());
        }
    }

    @Test
    void aResumedHandshakeIsCountedAsResumedOnceAndOnlyWhileConnecting() {
        StandInTls tls = new StandInTls();
        try (SessionHarness h = harness(tls)) {
            h.session.connect(h.now());
            h.runTasks();
            h.session.tlsListener().handshakeDone(3 * MS, true);
            assertEquals(1, h.counters.tlsHandshakes.get(TlsSession.RESUMED));
            assertEquals(0, h.counters.tlsHandshakes.get(TlsSession.FULL));
            h.receive(connack(MqttConnectReturnCode.CONNECTION_ACCEPTED));
            h.session.tlsListener().handshakeDone(3 * MS, false); // connected: not a connect attempt's handshake
            assertEquals(1, h.counters.tlsHandshakes.total());
        }
    }

    @Test
    void aFailedHandshakeIsOneConnectFailureOfItsKind() {
        StandInTls tls = new StandInTls();
        try (SessionHarness h = harness(tls)) {
            h.session.connect(h.now());
            h.runTasks();
            var untrusted = new SSLHandshakeException("PKIX path building failed");
            untrusted.initCause(new CertPathBuilderException("unable to find valid certification path"));
            h.channel().pipeline().fireUserEventTriggered(new SslHandshakeCompletionEvent(untrusted));
            h.runTasks();
            assertEquals(Map.of("tls_untrusted", 1L), h.counters.connectFailures.snapshot());
            assertEquals(List.of(), h.sent(), "no CONNECT after a failed handshake");
            assertFalse(h.channel().isOpen());
            assertEquals(ConnectionLifecycle.State.FAILED, h.session.state());
            h.assertLatencies(LatencyKind.TLS_HANDSHAKE);
        }
    }

    @Test
    void anExceptionBeforeTheCompletionEventNamesTheKindToo() {
        StandInTls tls = new StandInTls();
        try (SessionHarness h = harness(tls)) {
            h.session.connect(h.now());
            h.runTasks();
            var timeout = new SslHandshakeTimeoutException("handshake timed out");
            h.channel().pipeline().fireExceptionCaught(timeout);
            h.channel().pipeline().fireUserEventTriggered(new SslHandshakeCompletionEvent(timeout));
            h.runTasks();
            assertEquals(Map.of("tls_handshake_timeout", 1L), h.counters.connectFailures.snapshot(), "counted once");
        }
    }

    @Test
    void aServerThatRefusesOurCertificateAfterTheHandshakeIsABadCertificateNotAnIoError() {
        StandInTls tls = new StandInTls();
        try (SessionHarness h = harness(tls)) {
            h.session.connect(h.now());
            h.runTasks();
            h.channel().pipeline().fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);
            h.runTasks();
            assertEquals(MqttMessageType.CONNECT, h.sent().get(0).type());
            // TLS 1.3: the alert answers our Finished, after our side of the handshake
            h.channel().pipeline().fireExceptionCaught(
                new javax.net.ssl.SSLException("Received fatal alert: bad_certificate"));
            h.runTasks();
            assertEquals(Map.of("tls_bad_certificate", 1L), h.counters.connectFailures.snapshot());
            assertEquals(0, h.counters.connected.sum());
        }
    }

    @Test
    void aPlainConnectionHasNoTlsHandlersAndSendsConnectAtOnce() {
        try (SessionHarness h = new SessionHarness(SessionHarness.settings(ConfirmMode.PUBACK, 1, 10,
                BacklogPolicy.QUEUE, 100))) {
            h.connect(h.now());
            assertNull(h.channel().pipeline().get("tls"));
            h.assertLatencies(LatencyKind.TLS_HANDSHAKE);
        }
    }
}
