package dev.kpcload.sim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;

/**
 * Takes one meter's connection (CONNECT, its metadata report on CONNACK, the replies) through the plain pipeline on
 * an {@link EmbeddedChannel} before the listener opens, with counters and stores of its own. The first connection
 * of a storm then finds every class of its path loaded and initialised (Jackson's mappers alone take tens of
 * milliseconds), instead of stalling the serving loop while the accept queue fills. It loads classes; it does not
 * try to warm the JIT (a few calls compile nothing).
 */
final class ConnectionPathPreload {

    /** A topic and body like the tutorial meter's report on CONNACK ({@code update/keys}, request ID 1). */
    private static final String REPORT_TOPIC = "kp1/preload_v1/epmx/preload/update/keys/1";
    private static final String REPORT_BODY = "{\"model\":\"preload\",\"mac\":\"00:00:00:00:00:00\"}";

    private ConnectionPathPreload() {
    }

    /**
     * Runs on the default configuration (no reply delay, capacity or faults: the classes are the same, and every
     * reply comes at once).
     *
     * @return whether the connection was answered as a real one is: accepted, and the report's {@code /status} sent
     */
    static boolean run() {
        SimConfig config = SimConfig.loopback(0);
        SimCounters counters = new SimCounters();
        KpRequestRouter router = KpRequestRouter.standard(config, new MetadataStore(), new DcxStore(), counters);
        EmbeddedChannel server = new EmbeddedChannel(new SimChannelInitializer(config, counters, router, null,
                new FaultState(), null, null));
        try {
            server.writeInbound(encode(connect()));
            server.writeInbound(encode(report()));
            Object out;
            while ((out = server.readOutbound()) != null) {
                ReferenceCountUtil.release(out);
            }
            return counters.connectsAccepted.sum() == 1 && counters.repliesStatus.sum() == 1;
        } finally {
            server.finishAndReleaseAll();
        }
    }

    private static MqttConnectMessage connect() {
        return MqttMessageBuilders.connect().clientId("preload").protocolVersion(MqttVersion.MQTT_3_1_1)
                .cleanSession(true).keepAlive(60).build();
    }

    private static MqttPublishMessage report() {
        return new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.AT_LEAST_ONCE,
                false, 0), new MqttPublishVariableHeader(REPORT_TOPIC, 1),
                Unpooled.copiedBuffer(REPORT_BODY, StandardCharsets.UTF_8));
    }

    private static ByteBuf encode(MqttMessage message) {
        EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
        try {
            encoder.writeOutbound(message);
            ByteBuf all = Unpooled.buffer();
            ByteBuf part;
            while ((part = encoder.readOutbound()) != null) {
                all.writeBytes(part);
                part.release();
            }
            return all;
        } finally {
            encoder.finishAndReleaseAll();
        }
    }
}
