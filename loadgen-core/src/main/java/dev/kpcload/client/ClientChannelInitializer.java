package dev.kpcload.client;

import dev.kpcload.net.WireByteCounter;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * One device's pipeline: bytes counted (on the wire, so encrypted with TLS), with TLS the TLS handler and its
 * handshake timer, MQTT codec, one handler per protocol concern, and a last one that counts
 * unexpected exceptions and closes their connection. Typed on any
 * {@link Channel} (it needs nothing of a socket) so that tests can run it on an {@code EmbeddedChannel}.
 */
final class ClientChannelInitializer extends ChannelInitializer<Channel> {

    static final int MAX_MESSAGE_BYTES = 64 * 1024;
    /**
     * The MQTT encoder's name: the publisher writes its encoded PUBLISHes from this context, so every handler
     * that must see outbound bytes goes before it (towards the socket); after it come inbound and flush handlers.
     */
    static final String ENCODER = "encoder";

    private final DeviceSession session;
    private final ConnectionTls tls;
    private final InetSocketAddress server;

    /** A plain TCP pipeline. */
    ClientChannelInitializer(DeviceSession session) {
        this(session, ConnectionTls.PLAIN, null);
    }

    /** @param server where the connection goes: the host TLS names in SNI and checks the certificate against */
    ClientChannelInitializer(DeviceSession session, ConnectionTls tls, InetSocketAddress server) {
        this.session = session;
        this.tls = tls;
        this.server = server;
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast("traffic", new WireByteCounter(session.counters().bytesReceived, session.counters().bytesSent));
        if (tls.enabled()) {
            p.addLast("tls", tls.newHandler(session.device().index(), ch.alloc(), server));
            p.addLast("tls-timer", tls.newTimer(session.tlsListener()));
        }
        p.addLast("pubacks", new PubackFraming(session, MAX_MESSAGE_BYTES));
        p.addLast("decoder", new MqttDecoder(MAX_MESSAGE_BYTES));
        p.addLast(ENCODER, MqttEncoder.INSTANCE);
        p.addLast("connect", new MqttConnectHandler(session, tls.enabled()));
        int keepalive = session.settings().keepaliveSeconds();
        if (keepalive > 0) {
            p.addLast("keepalive", new KeepAliveHandler(session, TimeUnit.SECONDS.toNanos(keepalive)));
        }
        p.addLast("confirmations", new ConfirmationHandler(session));
        p.addLast("errors", new UnexpectedErrorHandler(session)); // last: nothing reaches the tail uncounted
    }
}
