package dev.kpcload.sim;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The MQTT session of one connection: CONNECT/CONNACK, PINGREQ, SUBSCRIBE, UNSUBSCRIBE, DISCONNECT and the
 * keepalive. PUBLISH after a successful CONNECT goes on to the 1/KP handler; everything else stops here.
 * A decoder failure or a packet out of place closes the connection (MQTT 3.1.1 sections 3.1 and 4.8).
 */
final class MqttSessionHandler extends ChannelInboundHandlerAdapter {

    /** KPC honours the client's keepalive; like most brokers, allow one and a half of it. */
    static final long KEEPALIVE_GRACE_PERMILLE = 1500;

    private final SimCounters counters;
    private final FaultState faults;
    private boolean connected;
    /** Set once the handler decided to close: packets decoded from the same read are then dropped. */
    private boolean closing;

    MqttSessionHandler(SimCounters counters) {
        this(counters, new FaultState());
    }

    MqttSessionHandler(SimCounters counters, FaultState faults) {
        this.counters = counters;
        this.faults = faults;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!(msg instanceof MqttMessage message)) {
            ReferenceCountUtil.release(msg);
            protocolError(ctx);
            return;
        }
        if (message.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            decoderFailure(ctx, message);
            return;
        }
        MqttMessageType type = message.fixedHeader().messageType();
        if (type == MqttMessageType.PUBLISH && connected) {
            ctx.fireChannelRead(msg); // the 1/KP handler owns it now
            return;
        }
        // no other packet type carries a buffer, but stay safe against codec changes
        ReferenceCountUtil.release(msg);
        if (!connected) {
            if (type == MqttMessageType.CONNECT) {
                connect(ctx, (MqttConnectMessage) message);
            } else {
                protocolError(ctx);
            }
            return;
        }
        switch (type) {
            case PUBACK:
                break; // the client confirms a QoS 1 reply: nothing is retried, so nothing to do
            case PINGREQ:
                counters.pings.increment();
                ctx.writeAndFlush(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGRESP, false,
                        MqttQoS.AT_MOST_ONCE, false, 0)));
                break;
            case SUBSCRIBE:
                counters.subscribes.increment();
                ctx.writeAndFlush(subAck((MqttSubscribeMessage) message));
                break;
            case UNSUBSCRIBE:
                ctx.writeAndFlush(unsubAck((MqttUnsubscribeMessage) message));
                break;
            case DISCONNECT:
                closing = true;
                ctx.close();
                break;
            default:
                // a second CONNECT, QoS 2 flow packets (unsupported), or server-to-client packets
                protocolError(ctx);
                break;
        }
    }

    private void connect(ChannelHandlerContext ctx, MqttConnectMessage connect) {
        MqttVersion version = MqttVersion.fromProtocolNameAndLevel(
                connect.variableHeader().name(), (byte) connect.variableHeader().version());
        if (version == MqttVersion.MQTT_5) {
            // the decoder switched the codec to MQTT 5 framing, so refuse with the MQTT 5 reason code
            refuse(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_UNSUPPORTED_PROTOCOL_VERSION);
            return;
        }
        if (connect.payload().clientIdentifier().isEmpty() && !connect.variableHeader().isCleanSession()) {
            refuse(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED); // MQTT-3.1.3-8
            return;
        }
        ConnectionState state = ConnectionState.of(ctx.channel());
        int refusal = state == null ? 0 : faults.refusal(state.random());
        if (refusal != 0) {
            counters.faultRefusals.increment(String.valueOf(refusal));
            refuse(ctx, MqttConnectReturnCode.valueOf((byte) refusal));
            return;
        }
        connected = true;
        if (state != null) {
            state.markConnected();
        }
        counters.connectsAccepted.increment();
        int keepAliveSeconds = connect.variableHeader().keepAliveTimeSeconds();
        if (keepAliveSeconds > 0) {
            long limitMillis = keepAliveSeconds * KEEPALIVE_GRACE_PERMILLE;
            // before the decoder: any bytes at all count as life, even a packet still arriving
            ctx.pipeline().addBefore(SimChannelInitializer.DECODER, SimChannelInitializer.IDLE,
                    new IdleStateHandler(limitMillis, 0, 0, TimeUnit.MILLISECONDS));
        }
        ctx.writeAndFlush(connAck(MqttConnectReturnCode.CONNECTION_ACCEPTED));
    }

    private void decoderFailure(ChannelHandlerContext ctx, MqttMessage message) {
        Throwable cause = message.decoderResult().cause();
        boolean isConnect = message.fixedHeader() != null
                && message.fixedHeader().messageType() == MqttMessageType.CONNECT;
        if (!connected && isConnect && cause instanceof MqttUnacceptableProtocolVersionException) {
            refuse(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION);
        } else if (!connected && isConnect && cause instanceof MqttIdentifierRejectedException) {
            refuse(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
        } else {
            protocolError(ctx);
        }
    }

    private void refuse(ChannelHandlerContext ctx, MqttConnectReturnCode code) {
        counters.connectsRefused.increment();
        closing = true;
        ctx.writeAndFlush(connAck(code)).addListener(f -> ctx.close());
    }

    private void protocolError(ChannelHandlerContext ctx) {
        counters.protocolErrors.increment();
        closing = true;
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
            ReadGate gate = ReadGate.of(ctx.channel());
            if (gate != null && gate.isBlocked()) {
                return; // the silence is the simulator's own (a stall, a slow reader), not the client's
            }
            counters.keepaliveTimeouts.increment();
            closing = true;
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    private static MqttConnAckMessage connAck(MqttConnectReturnCode code) {
        return MqttMessageBuilders.connAck().returnCode(code).sessionPresent(false).build();
    }

    /** Grants what was asked, at most QoS 1: the simulator never publishes at QoS 2. */
    private static MqttSubAckMessage subAck(MqttSubscribeMessage subscribe) {
        List<MqttTopicSubscription> topics = subscribe.payload().topicSubscriptions();
        int[] granted = new int[topics.size()];
        for (int i = 0; i < granted.length; i++) {
            granted[i] = Math.min(topics.get(i).qualityOfService().value(), MqttQoS.AT_LEAST_ONCE.value());
        }
        return new MqttSubAckMessage(new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE,
                false, 0), MqttMessageIdVariableHeader.from(subscribe.variableHeader().messageId()),
                new MqttSubAckPayload(granted));
    }

    private static MqttUnsubAckMessage unsubAck(MqttUnsubscribeMessage unsubscribe) {
        return new MqttUnsubAckMessage(new MqttFixedHeader(MqttMessageType.UNSUBACK, false,
                MqttQoS.AT_MOST_ONCE, false, 0),
                MqttMessageIdVariableHeader.from(unsubscribe.variableHeader().messageId()));
    }
}
