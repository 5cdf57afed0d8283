package dev.kpcload.client;

import dev.kpcload.bench.EventLoopLikeExecutor;
import dev.kpcload.fleet.Device;
import dev.kpcload.metrics.LatencyRecorders;
import dev.kpcload.metrics.RunCounters;
import dev.kpcload.metrics.RunGauges;
import dev.kpcload.metrics.RunMeters;
import dev.kpcload.plan.NanoClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
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
 * One planned message end to end through the production client code: a real {@link DeviceSession} on a real
 * {@link Lane} whose bootstrap makes {@link EmbeddedChannel}s (as the tests' {@code SessionHarness} does), so the
 * production pipeline ({@link ClientChannelInitializer}: byte counter, {@code MqttDecoder}, {@code MqttEncoder},
 * connect, idle and keepalive handlers, {@link ConfirmationHandler}) runs unchanged. The device is connected and
 * its CONNACK report confirmed during setup.
 *
 * <p>One operation = {@code session.offer(intended)} with the current time as the intended time, the lane's
 * flush, the PUBLISH frame taken off the channel and released (the socket's part), the server's answer fed in as
 * one read (the bytes KPC sends, written into one reused pooled direct buffer, as a socket read would fill one),
 * decoded by {@code MqttDecoder} and matched, then whatever the client wrote back drained and released. The
 * message is then confirmed and its latencies recorded; the tear-down checks that every message sent was
 * confirmed and nothing was unmatched.
 *
 * <p>{@code confirm}:
 * <ul>
 *   <li>{@code status} (the default run: {@code --confirm status --qos 1}): the server sends PUBACK and then the
 *       {@code /status} reply at QoS 1, which the client acknowledges with a PUBACK of its own;</li>
 *   <li>{@code status_qos0} ({@code --confirm status --qos 0}): only the {@code /status} reply, at QoS 0;</li>
 *   <li>{@code puback} ({@code --confirm puback}): only the PUBACK.</li>
 * </ul>
 * {@code prometheus=true} also registers the run's meters for {@code /metrics} (a run with {@code --metrics-port});
 * since the latency histograms are fed from the report intervals, that adds nothing to a message's path;
 * {@code keepalive=0} runs without the keepalive handlers ({@code --keepalive 0}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {EventLoopLikeExecutor.EXECUTOR, EventLoopLikeExecutor.EXECUTOR_CLASS,
    EventLoopLikeExecutor.NO_LEAK_DETECTION})
@State(Scope.Thread)
public class MessagePathBenchmark {

    static final String TOKEN = "JTjdbENzHh";
    static final String BASE = "kp1/demo_application_v1/epmx/" + TOKEN + "/update/keys";

    @Param({"status", "status_qos0", "puback"})
    public String confirm;

    @Param({"false"})
    public boolean prometheus;

    /** {@code --keepalive} seconds; 0 leaves {@code IdleStateHandler} out of the pipeline (to show its cost). */
    @Param({"60"})
    public int keepalive;

    private final RunCounters counters = new RunCounters();
    private final LatencyRecorders recorders = new LatencyRecorders();
    private final NanoClock clock = System::nanoTime;
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private final byte[] replyPrefix = (BASE + "/").getBytes(StandardCharsets.UTF_8);
    private final byte[] statusSuffix = "/status".getBytes(StandardCharsets.UTF_8);
    private EmbeddedChannel loopOwner;
    private Lane lane;
    private DeviceSession session;
    private EmbeddedChannel channel;
    private ChannelPipeline pipeline;
    /** The one buffer every server answer is written into, as a socket read fills a buffer. */
    private ByteBuf in;
    private boolean serverPuback;
    private boolean reply;
    private int replyQos;
    /** What the device will use next, mirrored here to build the server's answers. */
    private int requestId;
    private int packetId = 1;
    private int serverPacketId = 1;

    @Setup(Level.Trial)
    public void setUp() {
        ConfirmMode mode;
        int qos;
        switch (confirm) {
            case "status" -> {
                mode = ConfirmMode.STATUS;
                qos = 1;
                serverPuback = true;
                reply = true;
                replyQos = 1;
            }
            case "status_qos0" -> {
                mode = ConfirmMode.STATUS;
                qos = 0;
                reply = true;
            }
            case "puback" -> {
                mode = ConfirmMode.PUBACK;
                qos = 1;
                serverPuback = true;
            }
            default -> throw new IllegalArgumentException(confirm);
        }
        if (prometheus) {
            RunMeters.register(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), counters, new RunGauges());
        }
        SessionSettings settings = new SessionSettings("demo_application_v1", "epmx", mode, qos, 10,
            BacklogPolicy.QUEUE, 1000, TimeUnit.SECONDS.toNanos(10), keepalive, TimeUnit.SECONDS.toNanos(10));
        loopOwner = new EmbeddedChannel();
        EventLoop loop = loopOwner.eventLoop();
        FleetContext context = new FleetContext(settings, counters, recorders, clock, () -> { });
        Bootstrap bootstrap = new Bootstrap()
            .channelFactory((ChannelFactory<Channel>) () -> {
                EmbeddedChannel ch = new EmbeddedChannel(DefaultChannelId.newInstance(), false, false);
                channels.add(ch);
                return ch;
            })
            .disableResolver();
        lane = new Lane(loop, bootstrap, Endpoints.of(List.of(new InetSocketAddress("127.0.0.1", 1883))), context);
        session = lane.add(new Device(0, TOKEN, "meter-0", null, null, "02-1A-3F-9C-00-07", "MySmartMeter A300"));
        in = PooledByteBufAllocator.DEFAULT.directBuffer(256);

        session.connect(clock.nanoTime());
        loopOwner.runPendingTasks();
        if (channels.size() != 1) {
            throw new IllegalStateException("no connection");
        }
        channel = channels.get(0);
        pipeline = channel.pipeline();
        expectOut(1); // CONNECT
        in.clear().writeBytes(new byte[] {0x20, 0x02, 0x00, 0x00}); // CONNACK, accepted
        read();
        // the tutorial report written on CONNACK: confirm it like any message
        expectOut(1);
        answer();
        if (counters.reportsConfirmed.sum() != 1) {
            throw new IllegalStateException("report not confirmed");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        long sent = counters.sent.sum();
        long confirmed = counters.confirmed.sum();
        if (sent == 0 || confirmed != sent || counters.unmatchedReplies.sum() != 0 || session.hasInflight()) {
            throw new IllegalStateException("sent " + sent + ", confirmed " + confirmed + ", unmatched "
                + counters.unmatchedReplies.sum() + ", in flight " + session.hasInflight());
        }
        in.release();
        for (EmbeddedChannel ch : channels) {
            ch.finishAndReleaseAll();
        }
        loopOwner.finishAndReleaseAll();
    }

    @Benchmark
    public void message() {
        session.offer(clock.nanoTime());
        lane.flushTouched();
        expectOut(1);
        answer();
    }

    /** The server's answer to the message just written, in one read; then what the client wrote back. */
    private void answer() {
        int rid = requestId;
        int pid = packetId;
        if (reply) {
            requestId++;
        }
        if (serverPuback) {
            packetId = pid == 65_535 ? 1 : pid + 1;
        }
        in.clear();
        if (serverPuback) {
            in.writeByte(0x40).writeByte(2).writeShort(pid);
        }
        if (reply) {
            int digits = PublishEncoder.digits(rid);
            int topicLength = replyPrefix.length + digits + statusSuffix.length;
            int remaining = 2 + topicLength + (replyQos > 0 ? 2 : 0);
            in.writeByte(0x30 | replyQos << 1);
            in.writeByte(remaining); // < 128
            in.writeShort(topicLength);
            in.writeBytes(replyPrefix);
            for (int i = digits - 1, v = rid; i >= 0; i--, v /= 10) {
                in.setByte(in.writerIndex() + i, '0' + v % 10);
            }
            in.writerIndex(in.writerIndex() + digits);
            in.writeBytes(statusSuffix);
            if (replyQos > 0) {
                in.writeShort(serverPacketId);
                serverPacketId = serverPacketId == 65_535 ? 1 : serverPacketId + 1;
            }
        }
        read();
        expectOut(reply && replyQos > 0 ? 1 : 0); // our PUBACK of a QoS 1 reply
    }

    /** One socket read: the decoder releases the buffer once it has read it all, so keep our reference. */
    private void read() {
        in.retain();
        pipeline.fireChannelRead(in);
        pipeline.fireChannelReadComplete();
        if (in.refCnt() != 1 || in.isReadable()) {
            throw new IllegalStateException("the read was not consumed");
        }
    }

    /** Takes what the device flushed off the channel (the socket's part) and releases it. */
    private void expectOut(int frames) {
        int n = 0;
        for (Object o; (o = channel.readOutbound()) != null; n++) {
            io.netty.util.ReferenceCountUtil.release(o);
        }
        if (n != frames) {
            throw new IllegalStateException(n + " frames written, expected " + frames);
        }
    }
}
