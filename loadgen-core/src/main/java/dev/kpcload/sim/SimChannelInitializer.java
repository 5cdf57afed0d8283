package dev.kpcload.sim;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.flush.FlushConsolidationHandler;


/**
 * The pipeline of one client connection, one handler per concern:
 * traffic counting, the read gate (stall, back-pressure and slow-reader stops), with TLS the SslHandler and the
 * handshake's outcome (so bytes and the slow reader's budget are counted on the encrypted side, and a stall stops
 * handshakes too), flush consolidation (above TLS: several replies go out in one record), MQTT encoder
 * and decoder, (after CONNECT) the keepalive timer, read back-pressure, (once it strikes) the half-open fault, the
 * MQTT session, 1/KP requests (capacity, reply delays, injected errors), and a last-resort error handler.
 */
final class SimChannelInitializer extends ChannelInitializer<Channel> {

    static final String TRAFFIC = "traffic";
    static final String GATE = "gate";
    static final String TLS = "tls";
    static final String TLS_SESSION = "tlssession";
    static final String HALF_OPEN = "halfopen";
    static final String FLUSH = "flush";
    static final String ENCODER = "encoder";
    static final String DECODER = "decoder";
    static final String IDLE = "idle";
    static final String BACKPRESSURE = "backpressure";
    static final String SESSION = "session";
    static final String KP = "kp";
    static final String ERRORS = "errors";

    /** Flushes at most every this many replies while a read is in progress, else at the read's end. */
    private static final int FLUSH_AFTER_WRITES = 256;
    /** MQTT 3.1.1 allows servers longer client IDs than 23 characters; the load generator may use them. */
    private static final int MAX_CLIENT_ID_LENGTH = 65535;

    private final SimCounters counters;
    private final KpRequestRouter router;
    private final SimConfig config;
    private final FaultState faults;
    private final ServiceQueue queue;
    private final java.util.concurrent.atomic.AtomicLong serials = new java.util.concurrent.atomic.AtomicLong();
    private final int maxMessageBytes;
    private final ChannelGroup channels;
    private final TrafficCounter traffic;
    private final ConnectionErrorHandler errors;
    private final ServerTls tls;

    /**
     * @param channels where to register each connection so that the simulator can close them all; may be null
     */
    SimChannelInitializer(SimConfig config, SimCounters counters, KpRequestRouter router, ChannelGroup channels) {
        this(config, counters, router, channels, new FaultState(),
                config.capacity() == null ? null : new ServiceQueue(config.capacity()), null);
    }

    /** A plain (no TLS) pipeline. */
    SimChannelInitializer(SimConfig config, SimCounters counters, KpRequestRouter router, ChannelGroup channels,
                          FaultState faults, ServiceQueue queue) {
        this(config, counters, router, channels, faults, queue, null);
    }

    /**
     * @param faults the faults in force (switched by the simulator's scheduler)
     * @param queue  the capacity's server, shared by every connection; null without a capacity
     * @param tls    the server's TLS, built once; null for plain MQTT
     */
    SimChannelInitializer(SimConfig config, SimCounters counters, KpRequestRouter router, ChannelGroup channels,
                          FaultState faults, ServiceQueue queue, ServerTls tls) {
        this.config = config;
        this.counters = counters;
        this.router = router;
        this.faults = faults;
        this.queue = queue;
        this.maxMessageBytes = config.maxMessageBytes();
        this.channels = channels;
        this.traffic = new TrafficCounter(counters);
        this.errors = new ConnectionErrorHandler(counters);
        this.tls = tls;
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.attr(ConnectionState.KEY).set(new ConnectionState(serials.getAndIncrement(), config.seed()));
        if (channels != null) {
            channels.add(ch);
        }
        ch.pipeline()
                .addLast(TRAFFIC, traffic)
                .addLast(GATE, new ReadGate(faults, counters));
        if (tls != null) {
            ch.pipeline()
                    .addLast(TLS, tls.newHandler(ch.alloc()))
                    .addLast(TLS_SESSION, new TlsSessionHandler(counters, tls.endpoints()));
        }
        ch.pipeline()
                .addLast(FLUSH, new FlushConsolidationHandler(FLUSH_AFTER_WRITES, false))
                .addLast(ENCODER, MqttEncoder.INSTANCE)
                .addLast(DECODER, new MqttDecoder(maxMessageBytes, MAX_CLIENT_ID_LENGTH))
                .addLast(BACKPRESSURE, ReadBackpressure.INSTANCE)
                .addLast(SESSION, new MqttSessionHandler(counters, faults))
                .addLast(KP, new KpRequestHandler(router, counters, config.replyDelay(), config.capacity(), queue,
                        faults))
                .addLast(ERRORS, errors);
    }
}
