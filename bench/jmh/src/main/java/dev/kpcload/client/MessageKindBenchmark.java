package dev.kpcload.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kpcload.bench.EventLoopLikeExecutor;
import dev.kpcload.fleet.Device;
import dev.kpcload.kp.EpmxPayloads;
import dev.kpcload.kp.MessageKind;
import dev.kpcload.kp.SampleCount;
import dev.kpcload.metrics.LatencyRecorders;
import dev.kpcload.metrics.LatencyStreams;
import dev.kpcload.metrics.RunCounters;
import dev.kpcload.plan.FleetMix;
import dev.kpcload.plan.MessageMix;
import dev.kpcload.plan.NanoClock;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One planned message of each kind of issue #7's mix, end to end through the production client code, as
 * {@link MessagePathBenchmark} does for the tutorial's message: a real {@link DeviceSession} on a real {@link Lane}
 * over {@link EmbeddedChannel}s with the production pipeline, here with a {@link Workload} of the chosen kind(s) in
 * its {@link FleetContext}, so {@link DeviceMessages} renders that kind's topic and payload (the DCX batch written
 * in place into the PUBLISH buffer) and {@link Confirmations} checks that kind's reply (an {@code epmx-get} reply
 * against the reported metadata).
 *
 * <p>One operation = the message's kind and stream taken as {@code Lane.startPublishing}'s sink takes them
 * ({@link FleetMix#kindOf} of the message's index, {@link LatencyStreams#of}), {@code session.offer(now, stream)},
 * the lane's flush, the PUBLISH frame taken off the channel (the socket's part), the server's answer built from the
 * frame's own topic ({@code <topic>/status}, the request ID included) and fed in as one read into one reused
 * pooled buffer, decoded by {@code MqttDecoder} and matched, then whatever the client wrote back drained. Every
 * buffer is released. The tear-down checks that every message sent was confirmed, none failed (an
 * {@code epmx-get} reply that did not match would count as {@code metadata_mismatch}) and nothing was unmatched;
 * the set-up checks one frame of each kind (its topic, and for DCX that the payload is a JSON array of
 * {@code samples} readings).
 *
 * <p>{@code kind}: {@code epmx-update-keys}, {@code epmx-get}, {@code dcx-json} ({@code samples} readings per
 * batch), or {@code mix}: the three at weight 1 each, in the order the smooth round robin gives them.
 * {@code confirm}: {@code status} (the default run, QoS 1: the server's PUBACK and its QoS 1 {@code /status} reply,
 * which the client acknowledges; the {@code get} reply carries the metadata JSON, the others are empty),
 * {@code puback} (QoS 1, only the PUBACK) or {@code none} (QoS 0, nothing comes back: the send side alone).
 * {@code epmx-get} needs a reply, so it (and {@code mix}) runs with {@code status} only, as a run refuses it
 * otherwise: other combinations fail in the set-up.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {EventLoopLikeExecutor.EXECUTOR, EventLoopLikeExecutor.EXECUTOR_CLASS,
    EventLoopLikeExecutor.NO_LEAK_DETECTION})
@State(Scope.Thread)
public class MessageKindBenchmark {

    static final String TOKEN = MessagePathBenchmark.TOKEN;
    static final String MODEL = "MySmartMeter A300";
    static final String MAC = "02-1A-3F-9C-00-07";

    @Param({"epmx-update-keys", "epmx-get", "dcx-json", "mix"})
    public String kind;

    @Param({"status", "puback", "none"})
    public String confirm;

    /** Readings per DCX batch. */
    @Param({"10"})
    public int samples;

    private RunCounters counters;
    private final NanoClock clock = System::nanoTime;
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private final byte[] statusSuffix = "/status".getBytes(StandardCharsets.UTF_8);
    private final byte[] metadataReply = EpmxPayloads.modelAndMac(MODEL, MAC);
    private LatencyRecorders recorders;
    private EmbeddedChannel loopOwner;
    private Lane lane;
    private DeviceSession session;
    private EmbeddedChannel channel;
    private ChannelPipeline pipeline;
    private FleetMix fleetMix;
    private MessageKind[] kinds;
    /** The one buffer every server answer is written into, as a socket read fills a buffer. */
    private ByteBuf in;
    private int qos;
    private boolean serverPuback;
    private boolean reply;
    private int serverPacketId = 1;
    /** The plan's message index, as the pacer counts it (one device: every message is this device's). */
    private long k;

    @Setup(Level.Trial)
    public void setUp() {
        List<MixEntry> mix = new ArrayList<>();
        for (MessageKind each : MessageKind.values()) {
            if (kind.equals("mix") || kind.equals(each.tag())) {
                mix.add(new MixEntry(each, 1, SampleCount.fixed(each == MessageKind.DCX_JSON ? samples : 1)));
            }
        }
        if (mix.isEmpty()) {
            throw new IllegalArgumentException("unknown kind " + kind);
        }
        kinds = mix.stream().map(MixEntry::kind).toArray(MessageKind[]::new);
        int[] weights = mix.stream().mapToInt(MixEntry::weight).toArray();
        fleetMix = new FleetMix(new MessageMix(weights), 1);
        ConfirmMode mode = switch (confirm) {
            case "status" -> ConfirmMode.STATUS;
            case "puback" -> ConfirmMode.PUBACK;
            case "none" -> ConfirmMode.NONE;
            default -> throw new IllegalArgumentException(confirm);
        };
        if (mode != ConfirmMode.STATUS && mix.stream().anyMatch(e -> e.kind().needsReply())) {
            throw new IllegalArgumentException(kind + " needs confirm=status (a get without a reply reads nothing)");
        }
        qos = mode == ConfirmMode.NONE ? 0 : 1;
        serverPuback = qos == 1;
        reply = mode == ConfirmMode.STATUS;
        // one stream pair (measured, warm-up) per kind, as LoadRun sizes them
        counters = new RunCounters(LatencyStreams.count(mix.size()));
        recorders = new LatencyRecorders(LatencyStreams.count(mix.size()));
        SessionSettings settings = new SessionSettings("demo_application_v1", "epmx", mode, qos, 10,
            BacklogPolicy.QUEUE, 1000, TimeUnit.SECONDS.toNanos(10), 60, TimeUnit.SECONDS.toNanos(10));
        Workload workload = new Workload(mix, 1, Workload.epochOffsetNanos(clock.nanoTime()));
        loopOwner = new EmbeddedChannel();
        EventLoop loop = loopOwner.eventLoop();
        FleetContext context = new FleetContext(settings, counters, recorders, clock, () -> { },
            FleetContext.seededLaneRandoms(1), workload);
        Bootstrap bootstrap = new Bootstrap()
            .channelFactory((ChannelFactory<Channel>) () -> {
                EmbeddedChannel ch = new EmbeddedChannel(DefaultChannelId.newInstance(), false, false);
                channels.add(ch);
                return ch;
            })
            .disableResolver();
        lane = new Lane(loop, bootstrap, Endpoints.of(List.of(new InetSocketAddress("127.0.0.1", 1883))), context);
        session = lane.add(new Device(0, TOKEN, "meter-0", null, null, MAC, MODEL));
        in = PooledByteBufAllocator.DEFAULT.directBuffer(256);

        session.connect(clock.nanoTime());
        loopOwner.runPendingTasks();
        if (channels.size() != 1) {
            throw new IllegalStateException("no connection");
        }
        channel = channels.get(0);
        pipeline = channel.pipeline();
        release(channel.readOutbound()); // CONNECT
        in.clear().writeBytes(new byte[] {0x20, 0x02, 0x00, 0x00}); // CONNACK, accepted
        read();
        // the tutorial report written on CONNACK (EPMX update/keys): confirm it like any message
        answer(channel.readOutbound(), MessageKind.EPMX_UPDATE_KEYS);
        if (counters.reportsConfirmed.sum() != 1) {
            throw new IllegalStateException("report not confirmed");
        }
        // one frame of each kind of the mix, checked before measuring
        for (int i = 0; i < kinds.length; i++) {
            int kindIndex = fleetMix.kindOf(k);
            session.offer(clock.nanoTime(), LatencyStreams.of(kindIndex, false));
            k++;
            lane.flushTouched();
            ByteBuf frame = channel.readOutbound();
            check(frame, kinds[kindIndex]);
            answer(frame, kinds[kindIndex]);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        long sent = counters.sent.sum();
        long confirmed = counters.confirmed.sum();
        if (sent == 0 || confirmed != sent || counters.failed.total() != 0 || counters.unmatchedReplies.sum() != 0
            || session.hasInflight()) {
            throw new IllegalStateException("sent " + sent + ", confirmed " + confirmed + ", failed "
                + counters.failed.total() + ", unmatched " + counters.unmatchedReplies.sum() + ", in flight "
                + session.hasInflight());
        }
        in.release();
        for (EmbeddedChannel ch : channels) {
            ch.finishAndReleaseAll();
        }
        loopOwner.finishAndReleaseAll();
    }

    @Benchmark
    public void message() {
        int kindIndex = fleetMix.kindOf(k++);
        session.offer(clock.nanoTime(), LatencyStreams.of(kindIndex, false));
        lane.flushTouched();
        answer(channel.readOutbound(), kinds[kindIndex]);
    }

    /**
     * The server's answer to {@code frame} (the PUBLISH just written), in one read: PUBACK by the frame's packet
     * ID, the {@code /status} reply on the frame's topic; then what the client wrote back. Releases the frame.
     */
    private void answer(ByteBuf frame, MessageKind of) {
        if (frame == null || channel.outboundMessages().size() != 0) {
            throw new IllegalStateException("expected one PUBLISH frame");
        }
        int at = frame.readerIndex() + 1;
        int remaining = 0;
        for (int shift = 0; ; shift += 7) { // MQTT's variable-length remaining length
            int b = frame.getUnsignedByte(at++);
            remaining |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        int topicLength = frame.getUnsignedShort(at);
        int topicAt = at + 2;
        int packetId = qos > 0 ? frame.getUnsignedShort(topicAt + topicLength) : 0;
        in.clear();
        if (serverPuback) {
            in.writeByte(0x40).writeByte(2).writeShort(packetId);
        }
        if (reply) {
            byte[] payload = of == MessageKind.EPMX_GET ? metadataReply : EMPTY;
            int replyTopic = topicLength + statusSuffix.length;
            int replyRemaining = 2 + replyTopic + 2 + payload.length; // QoS 1: a packet ID
            in.writeByte(0x30 | 1 << 1);
            for (int left = replyRemaining; ; ) {
                int digit = left % 128;
                left /= 128;
                in.writeByte(left > 0 ? digit | 0x80 : digit);
                if (left == 0) {
                    break;
                }
            }
            in.writeShort(replyTopic);
            in.writeBytes(frame, topicAt, topicLength);
            in.writeBytes(statusSuffix);
            in.writeShort(serverPacketId);
            serverPacketId = serverPacketId == 65_535 ? 1 : serverPacketId + 1;
            in.writeBytes(payload);
        }
        frame.release();
        if (in.isReadable()) {
            read();
        }
        int back = 0;
        for (Object o; (o = channel.readOutbound()) != null; back++) { // our PUBACK of a QoS 1 reply
            release(o);
        }
        if (back != (reply ? 1 : 0)) {
            throw new IllegalStateException(back + " frames written back, expected " + (reply ? 1 : 0));
        }
    }

    private static final byte[] EMPTY = new byte[0];

    /** One socket read: the decoder releases the buffer once it has read it all, so keep our reference. */
    private void read() {
        in.retain();
        pipeline.fireChannelRead(in);
        pipeline.fireChannelReadComplete();
        if (in.refCnt() != 1 || in.isReadable()) {
            throw new IllegalStateException("the read was not consumed");
        }
    }

    private static void release(Object o) {
        if (o == null) {
            throw new IllegalStateException("nothing written");
        }
        ReferenceCountUtil.release(o);
    }

    /** Set-up only: the frame's topic names the kind's resource, and a DCX payload holds {@code samples} readings. */
    private void check(ByteBuf frame, MessageKind of) {
        int at = frame.readerIndex() + 1;
        while ((frame.getUnsignedByte(at++) & 0x80) != 0) {
            // skip the remaining length
        }
        int topicLength = frame.getUnsignedShort(at);
        String topic = frame.toString(at + 2, topicLength, StandardCharsets.UTF_8);
        String base = of.topic("demo_application_v1", of == MessageKind.DCX_JSON ? "dcx" : "epmx", TOKEN).baseTopic();
        if (!topic.startsWith(base + (reply ? "/" : "")) || (!reply && !topic.equals(base))) {
            throw new IllegalStateException("topic " + topic + " for " + of + ", expected " + base);
        }
        int payloadAt = at + 2 + topicLength + (qos > 0 ? 2 : 0);
        String payload = frame.toString(payloadAt, frame.writerIndex() - payloadAt, StandardCharsets.UTF_8);
        if (of == MessageKind.DCX_JSON) {
            try {
                JsonNode batch = new ObjectMapper().readTree(payload);
                if (!batch.isArray() || batch.size() != samples || !batch.get(0).has("kWh")) {
                    throw new IllegalStateException("DCX payload " + payload);
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException("DCX payload is not JSON: " + payload, e);
            }
        }
    }
}
