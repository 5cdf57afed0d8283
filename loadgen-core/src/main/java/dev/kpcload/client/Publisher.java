package dev.kpcload.client;

import dev.kpcload.metrics.DropReason;
import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.LatencyStreams;
import dev.kpcload.metrics.LatencyWriter;
import dev.kpcload.plan.NanoClock;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundInvoker;

/**
 * Writes one device's messages: the in-flight window, the backlog of due messages (intended times kept), request
 * and packet IDs, and one flush per batch. It writes only between {@link #startWriting()} (CONNACK) and
 * {@link #stopWriting()} (the connection lost or the books closed); which connection it writes to is the one the
 * lifecycle {@link #attach attached} last. Confined to the lane's event loop; allocates nothing per message but
 * the pooled buffer the message is encoded into.
 */
final class Publisher {

    private final Lane lane;
    private final SessionSettings settings;
    private final MessageBooks books;
    private final LatencyWriter latencies;
    private final NanoClock clock;
    /** Topics and payloads of every kind, rendered once. */
    private final DeviceMessages messages;
    private final InflightWindow window;
    private final LongRing backlog;

    private Channel channel;
    /**
     * Where PUBLISHes are written: the encoder's context once the connection is open, so that bytes already
     * encoded skip the walk from the pipeline's tail through the inbound-only handlers and the encoder (measured:
     * that walk was over half of the write's own time, issue #12); the channel itself where there is no encoder.
     */
    private ChannelOutboundInvoker out;
    private boolean writing;
    private boolean needsFlush;
    private int nextRequestId;
    private int nextPacketId = 1;

    Publisher(Lane lane, MessageBooks books, DeviceMessages messages) {
        this.lane = lane;
        this.settings = lane.settings();
        this.books = books;
        this.latencies = lane.latencies();
        this.clock = lane.clock();
        this.messages = messages;
        this.window = new InflightWindow(settings.inflight());
        this.backlog = new LongRing(settings.maxBacklog());
    }

    /** The connection being set up; written to once it is {@link #startWriting() open}, flushed from now on. */
    void attach(Channel ch) {
        channel = ch;
        out = ch;
    }

    /** The connection is open (CONNACK): its pipeline is complete, so the encoder's place in it is known. */
    void startWriting() {
        writing = true;
        ChannelHandlerContext encoder = channel.pipeline().context(ClientChannelInitializer.ENCODER);
        out = encoder != null ? encoder : channel;
    }

    void stopWriting() {
        writing = false;
    }

    InflightWindow window() {
        return window;
    }

    boolean hasInflight() {
        return window.size() > 0;
    }

    int queued() {
        return backlog.size();
    }

    /**
     * A message of the plan is due on an open connection: send it, queue it, or drop it and say why.
     *
     * @param stream its kind in the mix, measured or warm-up ({@link dev.kpcload.metrics.LatencyStreams})
     */
    void offer(long intendedNanos, int stream) {
        if (backlog.isEmpty() && canWrite()) {
            write(intendedNanos, true, stream);
        } else if (settings.backlogPolicy() == BacklogPolicy.DROP) {
            books.dropped(window.hasRoom() ? DropReason.NOT_WRITABLE : DropReason.WINDOW_FULL, 1, stream);
        } else {
            queue(intendedNanos, stream);
        }
    }

    /** Keeps a due message for later (a reconnect, room in the window), or drops it when the backlog is full. */
    void queue(long intendedNanos, int stream) {
        if (!backlog.offer(intendedNanos, stream)) {
            books.dropped(DropReason.BACKLOG_FULL, 1, stream);
        }
    }

    /** Drops whatever waits in the backlog, each in its stream under {@code reason} (also when nothing waits). */
    void dropQueued(DropReason reason) {
        books.dropped(reason, 0, 0); // the reason exists (at 0) even when nothing waits
        for (int i = 0; i < backlog.size(); i++) {
            books.dropped(reason, 1, backlog.tagAt(i));
        }
        backlog.clear();
    }

    /** The tutorial meter's metadata report, sent on each CONNACK; kept apart from the plan. */
    void writeReport(long nowNanos) {
        write(nowNanos, false, 0);
    }

    /** Sends what waited in the backlog while the window and the socket allow. */
    void drainBacklog() {
        while (writing && !backlog.isEmpty() && canWrite()) {
            int stream = backlog.headTag();
            write(backlog.poll(), true, stream);
        }
    }

    private boolean canWrite() {
        return (settings.confirm() == ConfirmMode.NONE || window.hasRoom()) && channel.isWritable();
    }

    private void write(long intendedNanos, boolean planned, int stream) {
        boolean tracked = settings.confirm() != ConfirmMode.NONE;
        int requestId = settings.usesRequestIds() ? takeRequestId() : -1;
        int packetId = settings.qos() > 0 ? takePacketId() : 0;
        int kind = LatencyStreams.kindIndex(stream);
        ByteBuf buf = planned
            ? PublishEncoder.encode(channel.alloc(), messages.topic(kind), requestId, settings.qos(), packetId,
                messages.payload(kind, intendedNanos))
            : PublishEncoder.encode(channel.alloc(), messages.reportTopic(), requestId, settings.qos(), packetId,
                messages.reportPayload());
        out.write(buf, channel.voidPromise());
        long now = clock.nanoTime();
        markNeedsFlush();
        books.sent(planned, stream);
        if (planned) {
            latencies.record(LatencyKind.SEND_LAG, stream, now - intendedNanos);
        }
        if (tracked) {
            window.add(requestId, packetId, intendedNanos, now, planned, stream);
        } else {
            books.confirmed(planned, stream);
        }
    }

    private int takeRequestId() {
        int id = nextRequestId;
        nextRequestId = id == Integer.MAX_VALUE ? 0 : id + 1;
        return id;
    }

    private int takePacketId() {
        int id = nextPacketId;
        nextPacketId = id == 65_535 ? 1 : id + 1;
        return id;
    }

    /** Something other than a PUBLISH of ours was written (a PUBACK); flush it with the batch. */
    void markExternalWrite() {
        markNeedsFlush();
    }

    private void markNeedsFlush() {
        if (!needsFlush) {
            needsFlush = true;
            lane.touched(this);
        }
    }

    void flushNow() {
        if (needsFlush) {
            needsFlush = false;
            channel.flush();
        }
    }
}
