package dev.kpcload.sim;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.flush.FlushConsolidationHandler;

import java.time.Duration;

/**
 * The pipeline of one client connection, one handler per concern:
 * traffic counting, flush consolidation, MQTT encoder and decoder, (after CONNECT) the keepalive timer,
 * read back-pressure, the MQTT session, 1/KP requests, and a last-resort error handler.
 */
final class SimChannelInitializer extends ChannelInitializer<Channel> {

    static final String TRAFFIC = "traffic";
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
    private final Duration responseDelay;
    private final int maxMessageBytes;
    private final ChannelGroup channels;
    private final TrafficCounter traffic;
    private final ConnectionErrorHandler errors;

    /**
     * @param channels where to register each connection so that the simulator can close them all; may be null
     */
    SimChannelInitializer(SimConfig config, SimCounters counters, KpRequestRouter router, ChannelGroup channels) {
        this.counters = counters;
        this.router = router;
        this.responseDelay = config.responseDelay();
        this.maxMessageBytes = config.maxMessageBytes();
        this.channels = channels;
        this.traffic = new TrafficCounter(counters);
        this.errors = new ConnectionErrorHandler(counters);
    }

    @Override
    protected void initChannel(Channel ch) {
        if (channels != null) {
            channels.add(ch);
        }
        ch.pipeline()
                .addLast(TRAFFIC, traffic)
                .addLast(FLUSH, new FlushConsolidationHandler(FLUSH_AFTER_WRITES, false))
                .addLast(ENCODER, MqttEncoder.INSTANCE)
                .addLast(DECODER, new MqttDecoder(maxMessageBytes, MAX_CLIENT_ID_LENGTH))
                .addLast(BACKPRESSURE, ReadBackpressure.INSTANCE)
                .addLast(SESSION, new MqttSessionHandler(counters))
                .addLast(KP, new KpRequestHandler(router, counters, responseDelay))
                .addLast(ERRORS, errors);
    }
}
