package dev.kpcload.sim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The simulator's full per-connection pipeline on an {@link EmbeddedChannel}: client packets go in encoded by
 * Netty's MqttEncoder, server output is decoded by a client-side MqttDecoder into {@link Frame}s.
 */
final class SimHarness implements AutoCloseable {

    final SimConfig config;
    final SimCounters counters = new SimCounters();
    final MetadataStore store = new MetadataStore();
    final DcxStore dcx = new DcxStore();
    final FaultState faults = new FaultState();
    final ServiceQueue queue;
    final EmbeddedChannel server;
    private final EmbeddedChannel clientDecoder = new EmbeddedChannel(new MqttDecoder(1 << 20));

    SimHarness() {
        this(SimConfig.loopback(0));
    }

    SimHarness(SimConfig config) {
        this.config = config;
        this.queue = config.capacity() == null ? null : new ServiceQueue(config.capacity());
        server = new EmbeddedChannel(new SimChannelInitializer(config, counters,
                KpRequestRouter.standard(config, store, dcx, counters), null, faults, queue));
    }

    /** Connects (keepalive 60) and checks the CONNACK. */
    SimHarness connected() {
        send(Mqtt.connect("meter1", 60));
        List<Frame> frames = frames();
        if (frames.size() != 1 || frames.get(0).code() != 0) {
            throw new AssertionError("expected an accepting CONNACK, got " + frames);
        }
        return this;
    }

    /** Writes the messages to the server in ONE buffer, i.e. one read. */
    void send(MqttMessage... messages) {
        sendBytes(Mqtt.encode(messages));
    }

    /** Like {@link #send}, for a server that may rightly hold the bytes back (a stall, the slow reader). */
    void sendHeld(MqttMessage... messages) {
        server.writeInbound(Mqtt.encode(messages));
    }

    void sendBytes(ByteBuf bytes) {
        boolean wasOpen = server.isOpen();
        server.writeInbound(bytes);
        // PUBLISH payloads are slices of this buffer: if the server forgot to release one, it is still alive
        if (wasOpen && bytes.refCnt() != 0) {
            throw new AssertionError("server kept " + bytes.refCnt() + " reference(s) to the bytes it read");
        }
        // the server never passes anything inbound past its last handler
        Object leftover = server.readInbound();
        if (leftover != null) {
            io.netty.util.ReferenceCountUtil.release(leftover);
            throw new AssertionError("pipeline let a message through: " + leftover);
        }
    }

    void sendBytes(byte[] bytes) {
        sendBytes(Unpooled.wrappedBuffer(bytes));
    }

    /** Everything the server wrote since the last call, decoded and released. */
    List<Frame> frames() {
        server.runPendingTasks();
        ByteBuf out;
        while ((out = server.readOutbound()) != null) {
            clientDecoder.writeInbound(out);
        }
        List<Frame> frames = new ArrayList<>();
        Object msg;
        while ((msg = clientDecoder.readInbound()) != null) {
            frames.add(Frame.of((MqttMessage) msg));
        }
        return frames;
    }

    /** Publishes frames only. */
    List<Frame> publishes() {
        return frames().stream().filter(Frame::isPublish).toList();
    }

    /** Stops the embedded loop's clock: from now on only {@link #advance} moves it. */
    SimHarness frozen() {
        server.freezeTime();
        return this;
    }

    long nowNanos() {
        return server.eventLoop().ticker().nanoTime();
    }

    void advance(long millis) {
        server.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        server.runScheduledPendingTasks();
        server.runPendingTasks();
    }

    boolean isOpen() {
        return server.isOpen();
    }

    SimStats stats() {
        return counters.snapshot();
    }

    @Override
    public void close() {
        server.finishAndReleaseAll();
        clientDecoder.finishAndReleaseAll();
    }
}
