package dev.kpcload.sim;

import dev.kpcload.kp.KpTopic;
import dev.kpcload.kp.KpTopics;
import dev.kpcload.kp.TopicParse;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * 1/KP over PUBLISH: acknowledges QoS 1 at once, serves the request through the {@link KpRequestRouter}, and
 * when the topic carries a request ID publishes the reply to this connection at the request's QoS, after the
 * configured response delay. QoS 2 is not supported: counted as rejected and the connection is closed. A request
 * whose reply topic would be longer than MQTT allows is counted as rejected and not served.
 */
final class KpRequestHandler extends ChannelInboundHandlerAdapter {

    private static final int MAX_PACKET_ID = 0xFFFF;
    /** The longest topic MQTT's two-byte length field can say. */
    private static final int MAX_TOPIC_BYTES = 0xFFFF;

    private final KpRequestRouter router;
    private final SimCounters counters;
    private final long delayNanos;
    /** Packet IDs of our QoS 1 replies; the client's PUBACKs are not tracked, so IDs simply wrap. */
    private int lastPacketId;
    /** After a QoS 2 PUBLISH: further PUBLISHes decoded from the same read are dropped. */
    private boolean closing;

    KpRequestHandler(KpRequestRouter router, SimCounters counters, Duration responseDelay) {
        this.router = router;
        this.counters = counters;
        this.delayNanos = responseDelay.toNanos();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof MqttPublishMessage publish)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            serve(ctx, publish);
        } finally {
            publish.release();
        }
    }

    private void serve(ChannelHandlerContext ctx, MqttPublishMessage publish) {
        if (closing) {
            return;
        }
        MqttQoS qos = publish.fixedHeader().qosLevel();
        if (qos == MqttQoS.AT_MOST_ONCE) {
            counters.publishesQos0.increment();
        } else if (qos == MqttQoS.AT_LEAST_ONCE) {
            counters.publishesQos1.increment();
            // before any reply, so a client sees PUBACK then /status
            ctx.writeAndFlush(new MqttMessage(new MqttFixedHeader(MqttMessageType.PUBACK, false,
                    MqttQoS.AT_MOST_ONCE, false, 0),
                    MqttMessageIdVariableHeader.from(publish.variableHeader().packetId())));
        } else {
            counters.publishesRejected.increment();
            closing = true;
            ctx.close();
            return;
        }
        String requestTopic = publish.variableHeader().topicName();
        TopicParse parse = KpTopics.parseRequest(requestTopic);
        if (!parse.isOk()) {
            counters.publishesRejected.increment(); // not 1/KP: no topic to answer on
            return;
        }
        KpTopic topic = parse.topic();
        if (topic.hasRequestId()
            && ByteBufUtil.utf8Bytes(requestTopic) > MAX_TOPIC_BYTES - KpTopic.STATUS_SUFFIX.length()) {
            // its reply topic would not fit MQTT's two-byte length (the encoder would write a corrupt frame)
            counters.publishesRejected.increment();
            return;
        }
        KpOutcome outcome = router.route(topic, ByteBufUtil.getBytes(publish.content()));
        if (!topic.hasRequestId()) {
            counters.noReplyRequests.increment();
            return;
        }
        if (delayNanos == 0) {
            reply(ctx, requestTopic, qos, outcome);
        } else {
            ctx.executor().schedule(() -> reply(ctx, requestTopic, qos, outcome), delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Replies on the request topic as received plus {@code /status} or {@code /error}: the same as
     * {@link KpTopic#statusTopic()} except that a request ID written with leading zeros ({@code get/007}) is
     * echoed as written, as a server appending to the request topic does.
     */
    private void reply(ChannelHandlerContext ctx, String requestTopic, MqttQoS qos, KpOutcome outcome) {
        if (!ctx.channel().isActive()) {
            return; // the client left while the reply was delayed
        }
        String replyTopic;
        if (outcome.isSuccess()) {
            replyTopic = requestTopic + KpTopic.STATUS_SUFFIX;
            counters.repliesStatus.increment();
        } else {
            replyTopic = requestTopic + KpTopic.ERROR_SUFFIX;
            counters.errorReply(outcome.statusCode());
        }
        int packetId = qos == MqttQoS.AT_MOST_ONCE ? 0 : nextPacketId();
        byte[] payload = outcome.replyPayload();
        ctx.writeAndFlush(new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, false, qos, false, 0),
                new MqttPublishVariableHeader(replyTopic, packetId),
                payload.length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(payload)));
    }

    private int nextPacketId() {
        lastPacketId = packetIdAfter(lastPacketId);
        return lastPacketId;
    }

    /** 1..65535, then 1 again: 0 is not a valid packet ID. */
    static int packetIdAfter(int packetId) {
        return packetId >= MAX_PACKET_ID ? 1 : packetId + 1;
    }
}
