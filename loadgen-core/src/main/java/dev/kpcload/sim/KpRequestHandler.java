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
 * 1/KP over PUBLISH: acknowledges QoS 1, serves the request through the {@link KpRequestRouter}, and when the
 * topic carries a request ID publishes the reply to this connection at the request's QoS. QoS 2 is not
 * supported: counted as rejected and the connection is closed. A request whose reply topic would be longer than
 * MQTT allows is counted as rejected and not served.
 *
 * <p>When the reply leaves: with a service capacity, at the end of the request's service in the shared
 * {@link ServiceQueue} (a request that finds it full gets a 503 {@code /error} at once, or nothing); then after
 * the drawn reply delay; a reply due during a stall leaves when the stall ends. The request is served (stored)
 * when it arrives; only its answer waits. The PUBACK leaves at once unless the capacity includes it, then at the
 * end of service. While the error-replies fault is on, a share of the requests is answered with its
 * {@code /error} instead of being served.
 */
final class KpRequestHandler extends ChannelInboundHandlerAdapter {

    private static final int MAX_PACKET_ID = 0xFFFF;
    /** The longest topic MQTT's two-byte length field can say. */
    private static final int MAX_TOPIC_BYTES = 0xFFFF;
    /** A reply due in a stall whose end has not been processed yet looks again this much later. */
    private static final long STALL_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final KpRequestRouter router;
    private final SimCounters counters;
    private final ReplyDelay delay;
    private final Capacity capacity;
    private final ServiceQueue queue;
    private final FaultState faults;
    /** Packet IDs of our QoS 1 replies; the client's PUBACKs are not tracked, so IDs simply wrap. */
    private int lastPacketId;
    /** After a QoS 2 PUBLISH: further PUBLISHes decoded from the same read are dropped. */
    private boolean closing;

    KpRequestHandler(KpRequestRouter router, SimCounters counters, Duration responseDelay) {
        this(router, counters, new ReplyDelay.Fixed(responseDelay), null, null, new FaultState());
    }

    KpRequestHandler(KpRequestRouter router, SimCounters counters, ReplyDelay delay, Capacity capacity,
                     ServiceQueue queue, FaultState faults) {
        this.router = router;
        this.counters = counters;
        this.delay = delay;
        this.capacity = capacity;
        this.queue = queue;
        this.faults = faults;
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
        int packetId = publish.variableHeader().packetId();
        boolean pubackWaits = queue != null && capacity.includesPuback();
        if (qos == MqttQoS.AT_MOST_ONCE) {
            counters.publishesQos0.increment();
        } else if (qos == MqttQoS.AT_LEAST_ONCE) {
            counters.publishesQos1.increment();
        } else {
            counters.publishesRejected.increment();
            closing = true;
            ctx.close();
            return;
        }
        boolean qos1 = qos == MqttQoS.AT_LEAST_ONCE;
        if (qos1 && !pubackWaits) {
            ctx.writeAndFlush(pubAck(packetId)); // before any reply, so a client sees PUBACK then /status
        }
        String requestTopic = publish.variableHeader().topicName();
        TopicParse parse = KpTopics.parseRequest(requestTopic);
        if (!parse.isOk()) {
            counters.publishesRejected.increment(); // not 1/KP: no topic to answer on, and no service
            if (qos1 && pubackWaits) {
                ctx.writeAndFlush(pubAck(packetId));
            }
            return;
        }
        KpTopic topic = parse.topic();
        if (topic.hasRequestId()
            && ByteBufUtil.utf8Bytes(requestTopic) > MAX_TOPIC_BYTES - KpTopic.STATUS_SUFFIX.length()) {
            // its reply topic would not fit MQTT's two-byte length (the encoder would write a corrupt frame)
            counters.publishesRejected.increment();
            if (qos1 && pubackWaits) {
                ctx.writeAndFlush(pubAck(packetId));
            }
            return;
        }
        long now = ctx.executor().ticker().nanoTime();
        long served = now;
        if (queue != null) {
            served = queue.admit(now);
            if (served == ServiceQueue.FULL) {
                queueFull(ctx, topic, requestTopic, qos, packetId, pubackWaits);
                return;
            }
            counters.capacityAdmitted.increment();
            counters.capacityLatency(served - now);
        }
        ConnectionState state = ConnectionState.of(ctx.channel());
        Fault.ErrorReplies injected = topic.hasRequestId() && state != null
                ? faults.injectError(state.random()) : null;
        KpOutcome outcome;
        if (injected != null) {
            outcome = KpOutcome.error(injected.statusCode(), injected.reason());
            counters.faultErrorReplies.increment(String.valueOf(injected.statusCode()));
        } else {
            outcome = router.route(topic, ByteBufUtil.getBytes(publish.content()),
                    state == null ? null : state.certifiedEndpoint());
        }
        if (qos1 && pubackWaits) {
            at(ctx, served, now, () -> ctx.writeAndFlush(pubAck(packetId)));
        }
        if (!topic.hasRequestId()) {
            counters.noReplyRequests.increment();
            return;
        }
        long replyAt = served;
        if (!delay.isZero()) {
            long drawn = delay.sampleNanos(state != null ? state.random() : java.util.concurrent.ThreadLocalRandom.current());
            counters.injectedDelay(drawn);
            replyAt += drawn;
        }
        at(ctx, replyAt, now, () -> reply(ctx, requestTopic, qos, outcome));
    }

    /** A request that found the capacity's queue full: a 503 at once, or nothing (then not even its PUBACK). */
    private void queueFull(ChannelHandlerContext ctx, KpTopic topic, String requestTopic, MqttQoS qos, int packetId,
                           boolean pubackWaits) {
        counters.capacityFull.increment();
        if (capacity.whenFull() == QueueFullAction.DROP) {
            return;
        }
        if (qos == MqttQoS.AT_LEAST_ONCE && pubackWaits) {
            ctx.writeAndFlush(pubAck(packetId));
        }
        if (topic.hasRequestId()) {
            reply(ctx, requestTopic, qos, KpOutcome.error(KpOutcome.SERVICE_UNAVAILABLE,
                    "service capacity exceeded: queue full"));
        } else {
            counters.noReplyRequests.increment();
        }
    }

    /** Runs {@code action} at {@code when} on this channel's loop: now if due, later otherwise, after any stall. */
    private void at(ChannelHandlerContext ctx, long when, long now, Runnable action) {
        if (when <= now && !faults.stalled()) {
            action.run();
            return;
        }
        ctx.executor().schedule(() -> whenNotStalled(ctx, action), Math.max(0, when - now), TimeUnit.NANOSECONDS);
    }

    private void whenNotStalled(ChannelHandlerContext ctx, Runnable action) {
        if (!faults.stalled()) {
            action.run();
            return;
        }
        long now = ctx.executor().ticker().nanoTime();
        long wait = Math.max(STALL_RECHECK_NANOS, faults.stallEndNanos() - now);
        ctx.executor().schedule(() -> whenNotStalled(ctx, action), wait, TimeUnit.NANOSECONDS);
    }

    private static MqttMessage pubAck(int packetId) {
        return new MqttMessage(new MqttFixedHeader(MqttMessageType.PUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                MqttMessageIdVariableHeader.from(packetId));
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
        ConnectionState state = ConnectionState.of(ctx.channel());
        if (state != null && state.halfOpen()) {
            return; // a half-open connection answers nothing (its handler would swallow it anyway)
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
