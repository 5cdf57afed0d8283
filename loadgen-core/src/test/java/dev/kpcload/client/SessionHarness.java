package dev.kpcload.client;

import dev.kpcload.fleet.Device;
import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.LatencyRecorders;
import dev.kpcload.metrics.LatencyTotals;
import dev.kpcload.metrics.RunCounters;
import dev.kpcload.plan.NanoClock;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.util.ReferenceCounted;
import org.HdrHistogram.Histogram;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * One device session on a real {@link Lane} whose bootstrap makes {@link EmbeddedChannel}s: the production
 * pipeline ({@link ClientChannelInitializer}) runs unchanged on the embedded event loop, whose frozen ticker is
 * also the run's {@link NanoClock}, so every time the session measures is set by the test.
 */
final class SessionHarness implements AutoCloseable {

    static final String TOKEN = "JTjdbENzHh";
    static final String BASE = "kp1/demo_application_v1/epmx/" + TOKEN + "/update/keys";
    static final String REPORT_PAYLOAD = "{\"model\":\"MySmartMeter A300\",\"mac\":\"02-1A-3F-00-00-07\"}";
    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    /** A decoded message the device wrote. */
    record Wire(MqttMessageType type, String topic, int qos, int packetId, String payload, MqttMessage raw) {
    }

    final RunCounters counters;
    final LatencyRecorders recorders;
    final LatencyTotals totals;
    final AtomicInteger resolved = new AtomicInteger();
    final AtomicInteger flushes = new AtomicInteger();
    final EmbeddedChannel loopOwner = new EmbeddedChannel();
    final EventLoop loop = loopOwner.eventLoop();
    final NanoClock clock = () -> loop.ticker().nanoTime();
    final List<EmbeddedChannel> channels = new ArrayList<>();
    final Lane lane;
    final DeviceSession session;
    private final EmbeddedChannel decoder = new EmbeddedChannel(new MqttDecoder(1 << 20));
    private final EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
    long bytesOut;
    long bytesIn;

    SessionHarness(SessionSettings settings) {
        this(settings, new java.util.SplittableRandom(1));
    }

    /** With {@code random} as the lane's random source (reconnect jitter). */
    SessionHarness(SessionSettings settings, java.util.random.RandomGenerator random) {
        this(settings, random, Workload.TUTORIAL, null);
    }

    /**
     * With {@code random} as the lane's random source, the devices sending {@code workload}'s mix, and every
     * connection's buffers from {@code alloc} (null: Netty's default).
     */
    SessionHarness(SessionSettings settings, java.util.random.RandomGenerator random, Workload workload,
                   io.netty.buffer.ByteBufAllocator alloc) {
        this(settings, random, workload, alloc, ConnectionTls.PLAIN);
    }

    /** Connecting with {@code tls}'s handlers in front of the MQTT codec. */
    SessionHarness(SessionSettings settings, ConnectionTls tls) {
        this(settings, new java.util.SplittableRandom(1), Workload.TUTORIAL, null, tls);
    }

    private SessionHarness(SessionSettings settings, java.util.random.RandomGenerator random, Workload workload,
                           io.netty.buffer.ByteBufAllocator alloc, ConnectionTls tls) {
        counters = new RunCounters(dev.kpcload.metrics.LatencyStreams.count(workload.kinds()));
        recorders = new LatencyRecorders(dev.kpcload.metrics.LatencyStreams.count(workload.kinds()));
        totals = new LatencyTotals(recorders);
        loopOwner.freezeTime();
        FleetContext context = new FleetContext(settings, counters, recorders, clock, resolved::incrementAndGet,
            () -> random, workload, tls);
        Bootstrap bootstrap = new Bootstrap()
            .channelFactory((ChannelFactory<Channel>) () -> {
                EmbeddedChannel ch = new EmbeddedChannel(DefaultChannelId.newInstance(), false, false);
                if (alloc != null) {
                    ch.config().setAllocator(alloc);
                }
                // counts flushes as they leave the pipeline
                ch.pipeline().addFirst("flushes", new ChannelOutboundHandlerAdapter() {
                    @Override
                    public void flush(ChannelHandlerContext ctx) {
                        flushes.incrementAndGet();
                        ctx.flush();
                    }
                });
                channels.add(ch);
                return ch;
            })
            .disableResolver();
        lane = new Lane(loop, bootstrap, Endpoints.of(List.of(new InetSocketAddress("127.0.0.1", 1883))), context);
        session = lane.add(new Device(0, TOKEN, "meter-0", null, null, "02-1A-3F-00-00-07", "MySmartMeter A300"));
    }

    static SessionSettings settings(ConfirmMode confirm, int qos, int inflight, BacklogPolicy policy, int maxBacklog) {
        return new SessionSettings("demo_application_v1", "epmx", confirm, qos, inflight, policy, maxBacklog,
            TimeUnit.SECONDS.toNanos(10), 60, TimeUnit.SECONDS.toNanos(10));
    }

    /** Settings with reconnects: {@code first} doubling per failed attempt up to {@code max}. */
    static SessionSettings reconnecting(ConfirmMode confirm, int qos, int inflight, long first, long max) {
        return new SessionSettings("demo_application_v1", "epmx", confirm, qos, inflight, BacklogPolicy.QUEUE, 100,
            TimeUnit.SECONDS.toNanos(10), 60, TimeUnit.SECONDS.toNanos(10), new ReconnectBackoff(first, max));
    }

    long now() {
        return clock.nanoTime();
    }

    /** Moves the clock; runs whatever timers became due. */
    void advance(long nanos) {
        loopOwner.advanceTimeBy(nanos, TimeUnit.NANOSECONDS);
        runTasks();
    }

    void runTasks() {
        loopOwner.runPendingTasks();
    }

    EmbeddedChannel channel() {
        assertEquals(1, channels.size(), "one connection");
        return channels.get(0);
    }

    /** The device's latest connection (after reconnects, the newest). */
    EmbeddedChannel current() {
        assertFalse(channels.isEmpty(), "a connection");
        return channels.get(channels.size() - 1);
    }

    /** Starts the connect the plan intended at {@code intended}; the CONNECT goes out. */
    void connect(long intended) {
        session.connect(intended);
        runTasks();
        List<Wire> out = sent();
        assertEquals(1, out.size(), "CONNECT only: " + out);
        assertEquals(MqttMessageType.CONNECT, out.get(0).type());
    }

    /** Connects and accepts; returns the tutorial report written on CONNACK. */
    Wire connected() {
        connect(now());
        receive(connack(MqttConnectReturnCode.CONNECTION_ACCEPTED));
        List<Wire> out = sent();
        assertEquals(1, out.size(), "the report: " + out);
        return out.get(0);
    }

    /** Everything the device wrote and flushed since the last call, on any of its connections, decoded. */
    List<Wire> sent() {
        List<Wire> result = new ArrayList<>();
        for (EmbeddedChannel ch : channels) {
            for (Object o; (o = ch.readOutbound()) != null; ) {
                ByteBuf buf = assertInstanceOf(ByteBuf.class, o, "the pipeline writes bytes");
                bytesOut += buf.readableBytes();
                decoder.writeInbound(buf);
            }
        }
        for (MqttMessage m; (m = decoder.readInbound()) != null; ) {
            assertTrue(m.decoderResult().isSuccess(), "the device wrote valid MQTT: " + m.decoderResult());
            result.add(wire(m));
        }
        return result;
    }

    private static Wire wire(MqttMessage m) {
        try {
            MqttMessageType type = m.fixedHeader().messageType();
            if (m instanceof MqttPublishMessage p) {
                return new Wire(type, p.variableHeader().topicName(), p.fixedHeader().qosLevel().value(),
                    p.variableHeader().packetId(), p.payload().toString(StandardCharsets.UTF_8), null);
            }
            if (m instanceof MqttPubAckMessage a) {
                return new Wire(type, null, 0, a.variableHeader().messageId(), null, null);
            }
            return new Wire(type, null, m.fixedHeader().qosLevel().value(), 0, null,
                m instanceof ReferenceCounted ? null : m);
        } finally {
            io.netty.util.ReferenceCountUtil.release(m);
        }
    }

    /** Feeds server messages as one read batch. */
    void receive(MqttMessage... messages) {
        ByteBuf[] bufs = new ByteBuf[messages.length];
        for (int i = 0; i < messages.length; i++) {
            assertTrue(encoder.writeOutbound(messages[i]));
            bufs[i] = encoder.readOutbound();
        }
        receiveBytes(bufs);
    }

    /** Feeds bytes to the latest connection as one read batch. */
    void receiveBytes(ByteBuf... bufs) {
        for (ByteBuf b : bufs) {
            bytesIn += b.readableBytes();
        }
        current().writeInbound((Object[]) bufs);
        runTasks();
    }

    static MqttMessage connack(MqttConnectReturnCode code) {
        return MqttMessageBuilders.connAck().returnCode(code).sessionPresent(false).build();
    }

    static MqttMessage puback(int packetId) {
        return MqttMessageBuilders.pubAck().packetId(packetId).build();
    }

    static MqttMessage reply(String topic, int qos, int packetId, String payload) {
        return MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.valueOf(qos)).messageId(packetId)
            .payload(Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8)).build();
    }

    static MqttMessage status(int requestId) {
        return reply(BASE + "/" + requestId + "/status", 0, 0, "");
    }

    static MqttMessage error(int requestId, int statusCode) {
        return reply(BASE + "/" + requestId + "/error", 0, 0,
            "{\"statusCode\":" + statusCode + ",\"reasonPhrase\":\"nope\"}");
    }

    /** A planned message is due; like a lane tick, flushes once after. */
    void offer(long intended) {
        session.offer(intended);
        lane.flushTouched();
    }

    Histogram latency(LatencyKind kind) {
        totals.sampleInterval();
        return totals.total(kind);
    }

    /** The histogram of {@code kind} holds exactly these values (to its 3 significant digits). */
    void assertLatencies(LatencyKind kind, long... nanos) {
        Histogram h = latency(kind);
        assertEquals(nanos.length, h.getTotalCount(), kind + " count");
        Histogram expected = LatencyRecorders.newHistogram();
        for (long v : nanos) {
            expected.recordValue(v);
        }
        assertEquals(expected, h, kind + " values");
    }

    @Override
    public void close() {
        sent();
        for (EmbeddedChannel ch : channels) {
            ch.finishAndReleaseAll();
        }
        loopOwner.finishAndReleaseAll();
        decoder.finishAndReleaseAll();
        encoder.finishAndReleaseAll();
    }
}
