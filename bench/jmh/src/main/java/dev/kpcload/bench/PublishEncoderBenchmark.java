package dev.kpcload.bench;

import dev.kpcload.client.PublishEncoder;
import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
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

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Encoding one QoS 1 PUBLISH with a request ID, as every planned message of the default run
 * ({@code --confirm status --qos 1}) is: topic {@code kp1/demo_application_v1/epmx/<10-char token>/update/keys/<id>}
 * and the tutorial meter's payload {@code {"model":"MySmartMeter A300","mac":"02-1A-3F-9C-00-07"}} (54 bytes), into
 * one of Netty's pooling allocators; the frame is released after each operation.
 *
 * <p>One operation = one PUBLISH frame encoded (request ID and packet ID advance each time, as in a run) and
 * released. Variants:
 * <ul>
 *   <li>{@code ours}: {@link PublishEncoder#encode}, straight into one pooled buffer of the exact size, from topic
 *       and payload bytes rendered once per device;</li>
 *   <li>{@code oursThroughPipeline}: the same, then written through a pipeline holding {@link MqttEncoder} (which
 *       passes a ready {@code ByteBuf} through), as {@code DeviceSession} writes it;</li>
 *   <li>{@code nettyBuilder}: Netty's way, {@code MqttMessageBuilders.publish()} (topic as a {@code String} with the
 *       request ID appended, payload copied by the builder) encoded by {@code MqttEncoder} in the same pipeline;</li>
 *   <li>{@code nettyMessage}: an {@code MqttPublishMessage} built directly (payload wrapped, not copied) and
 *       encoded by {@code MqttEncoder}: what the design guide suggests when not encoding by hand.</li>
 * </ul>
 * The pipeline variants go through an {@link EmbeddedChannel} whose outbound queue is drained after each write.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {EventLoopLikeExecutor.EXECUTOR, EventLoopLikeExecutor.EXECUTOR_CLASS,
    EventLoopLikeExecutor.NO_LEAK_DETECTION})
@State(Scope.Thread)
public class PublishEncoderBenchmark {

    static final String TOKEN = "JTjdbENzHh";
    static final String TOPIC_PREFIX = "kp1/demo_application_v1/epmx/" + TOKEN + "/update/keys/";
    static final String PAYLOAD = "{\"model\":\"MySmartMeter A300\",\"mac\":\"02-1A-3F-9C-00-07\"}";

    /**
     * {@code adaptive}: Netty 4.2's default ({@code ByteBufAllocator.DEFAULT}), what {@code channel.alloc()} gives a
     * run; {@code pooled}: {@code PooledByteBufAllocator.DEFAULT}.
     */
    @Param({"adaptive", "pooled"})
    public String allocator;

    private ByteBufAllocator alloc;
    private final byte[] topicPrefix = TOPIC_PREFIX.getBytes(StandardCharsets.UTF_8);
    private final byte[] payload = PAYLOAD.getBytes(StandardCharsets.UTF_8);
    private EmbeddedChannel channel;
    /** Request IDs as a run uses them: counting up from a realistic 6-digit value. */
    private int requestId = 123_456;
    private int packetId = 1;

    @Setup(Level.Trial)
    public void setUp() {
        alloc = switch (allocator) {
            case "adaptive" -> ByteBufAllocator.DEFAULT;
            case "pooled" -> PooledByteBufAllocator.DEFAULT;
            default -> throw new IllegalArgumentException(allocator);
        };
        if (allocator.equals("adaptive") && !(alloc instanceof AdaptiveByteBufAllocator)) {
            throw new IllegalStateException("the default allocator is " + alloc.getClass().getName());
        }
        channel = new EmbeddedChannel(MqttEncoder.INSTANCE);
        channel.config().setAllocator(alloc);
        check(ours());
        check(oursThroughPipeline());
        check(nettyBuilder());
        check(nettyMessage());
    }

    /** Every variant writes the same frame length (the request ID may gain a digit; not within a trial). */
    private void check(int frameBytes) {
        int expected = 1 + 1 + 2 + topicPrefix.length + 6 + 2 + payload.length;
        if (frameBytes != expected) {
            throw new IllegalStateException("frame of " + frameBytes + " bytes, expected " + expected);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        channel.finishAndReleaseAll();
    }

    private int nextRequestId() {
        int id = requestId;
        requestId = id == 999_999 ? 100_000 : id + 1;
        return id;
    }

    private int nextPacketId() {
        int id = packetId;
        packetId = id == 65_535 ? 1 : id + 1;
        return id;
    }

    @Benchmark
    public int ours() {
        ByteBuf buf = PublishEncoder.encode(alloc, topicPrefix, nextRequestId(), 1, nextPacketId(), payload);
        int bytes = buf.readableBytes();
        buf.release();
        return bytes;
    }

    @Benchmark
    public int oursThroughPipeline() {
        ByteBuf buf = PublishEncoder.encode(alloc, topicPrefix, nextRequestId(), 1, nextPacketId(), payload);
        return writeAndDrain(buf);
    }

    @Benchmark
    public int nettyBuilder() {
        MqttPublishMessage message = MqttMessageBuilders.publish()
            .topicName(TOPIC_PREFIX + nextRequestId())
            .qos(MqttQoS.AT_LEAST_ONCE)
            .messageId(nextPacketId())
            .payload(Unpooled.wrappedBuffer(payload))
            .build();
        return writeAndDrain(message);
    }

    @Benchmark
    public int nettyMessage() {
        MqttPublishMessage message = new MqttPublishMessage(
            new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.AT_LEAST_ONCE, false, 0),
            new MqttPublishVariableHeader(TOPIC_PREFIX + nextRequestId(), nextPacketId()),
            Unpooled.wrappedBuffer(payload));
        return writeAndDrain(message);
    }

    private int writeAndDrain(Object message) {
        channel.pipeline().write(message, channel.voidPromise());
        channel.pipeline().flush();
        ByteBuf out = channel.readOutbound();
        int bytes = out.readableBytes();
        out.release();
        return bytes;
    }
}
