package dev.kpcload.client;

import dev.kpcload.bench.EventLoopLikeExecutor;
import dev.kpcload.fleet.Device;
import dev.kpcload.kp.MessageKind;
import dev.kpcload.kp.SampleCount;
import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
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

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Encoding one PUBLISH of each message kind as {@link Publisher} does it, without the channel: the device's
 * {@link DeviceMessages} (topics and fixed payloads rendered once; the DCX batch rendered per message from the
 * device's meter, in place) and {@link PublishEncoder} into {@code ByteBufAllocator.DEFAULT} (what
 * {@code channel.alloc()} gives a run), QoS 1 with a request ID (the default {@code --confirm status}).
 *
 * <p>One operation = the next message's payload ({@code DeviceMessages.payload}, which for DCX sets the next batch
 * of {@code samples} readings stamped with the current time), one frame encoded (request and packet ID advancing
 * as in a run), its size read and the buffer released. The frame sizes per kind are what {@code -prof gc}'s bytes
 * per operation must not include: the buffer is pooled.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {EventLoopLikeExecutor.EXECUTOR, EventLoopLikeExecutor.EXECUTOR_CLASS,
    EventLoopLikeExecutor.NO_LEAK_DETECTION})
@State(Scope.Thread)
public class KindEncodeBenchmark {

    @Param({"epmx-update-keys", "epmx-get", "dcx-json"})
    public String kind;

    /** Readings per DCX batch (ignored by the EPMX kinds). */
    @Param({"10"})
    public int samples;

    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    private DeviceMessages messages;
    private int requestId = 123_456;
    private int packetId = 1;

    @Setup(Level.Trial)
    public void setUp() {
        if (!(alloc instanceof AdaptiveByteBufAllocator)) {
            throw new IllegalStateException("the default allocator is " + alloc.getClass().getName());
        }
        MessageKind of = MessageKind.parse(kind).orElseThrow(() -> new IllegalArgumentException(kind));
        SampleCount count = SampleCount.fixed(of == MessageKind.DCX_JSON ? samples : 1);
        Workload workload = new Workload(List.of(new MixEntry(of, 1, count)), 1,
            Workload.epochOffsetNanos(System.nanoTime()));
        SessionSettings settings = new SessionSettings("demo_application_v1", "epmx", ConfirmMode.STATUS, 1, 10,
            BacklogPolicy.QUEUE, 1000, TimeUnit.SECONDS.toNanos(10), 60, TimeUnit.SECONDS.toNanos(10));
        messages = new DeviceMessages(new Device(0, MessagePathBenchmark.TOKEN, "meter-0", null, null,
            "02-1A-3F-9C-00-07", "MySmartMeter A300"), settings, workload);
        if (messages.kind(0) != of) {
            throw new IllegalStateException("kind " + messages.kind(0) + ", expected " + of);
        }
    }

    @Benchmark
    public int encode() {
        ByteBuf buf = PublishEncoder.encode(alloc, messages.topic(0), nextRequestId(), 1, nextPacketId(),
            messages.payload(0, System.nanoTime()));
        int bytes = buf.readableBytes();
        buf.release();
        return bytes;
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
}
