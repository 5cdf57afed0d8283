package dev.kpcload.client;

import dev.kpcload.fleet.Device;
import dev.kpcload.metrics.ConnectFailure;
import dev.kpcload.metrics.DisconnectReason;
import dev.kpcload.metrics.DropReason;
import dev.kpcload.metrics.MessageFailure;
import dev.kpcload.metrics.RunCounters;
import dev.kpcload.tls.TlsFailure;
import dev.kpcload.tls.TlsHandshakeListener;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;


/**
 * One virtual smart meter, as its handlers and its lane see it: a thin facade over its connection's state
 * machine ({@link ConnectionLifecycle}), the writing of its messages ({@link Publisher}), the matching of what
 * comes back ({@link Confirmations}) and the books of every message ({@link MessageBooks}). Confined to its
 * lane's event loop. Errors become counters: nothing on this path throws.
 */
public final class DeviceSession {

    private final Device device;
    private final Lane lane;
    private final SessionSettings settings;
    private final DeviceMessages messages;
    private final MessageBooks books;
    private final Publisher publisher;
    private final Confirmations confirmations;
    private final ConnectionLifecycle lifecycle;

    DeviceSession(Device device, Lane lane) {
        this.device = device;
        this.lane = lane;
        this.settings = lane.settings();
        this.messages = new DeviceMessages(device, settings, lane.workload());
        this.books = new MessageBooks(lane.counters());
        this.publisher = new Publisher(lane, books, messages);
        this.confirmations = new Confirmations(settings, messages, publisher, books, lane.latencies(), lane.clock());
        this.lifecycle = new ConnectionLifecycle(this, lane, new MessagesHear());
    }

    public Device device() {
        return device;
    }

    /**
     * Takes part in the plan: connected now, or connected before and reconnecting. Read by the run when it hands
     * out plan slots, after the connect phase.
     */
    public boolean isConnectedForPlan() {
        return lifecycle.isConnected() || lifecycle.isReconnecting();
    }

    SessionSettings settings() {
        return settings;
    }

    RunCounters counters() {
        return lane.counters();
    }

    ConnectionLifecycle.State state() {
        return lifecycle.state();
    }

    // ---- the connection ----

    void connect(long intendedNanos) {
        lifecycle.connect(intendedNanos);
    }

    void onTcpConnected() {
        lifecycle.onTcpConnected();
    }

    void onConnackAccepted() {
        lifecycle.onConnackAccepted();
    }

    /** What this device's TLS handshake timer reports to (a new small object per connection: TLS only). */
    TlsHandshakeListener tlsListener() {
        return new TlsHears();
    }

    void failConnect(ConnectFailure kind) {
        lifecycle.failConnect(kind);
    }

    /** Why the connection is about to close, when this side knows better than "closed by server". */
    void noteLossReason(DisconnectReason reason) {
        lifecycle.noteLossReason(reason);
    }

    void onChannelInactive() {
        lifecycle.onChannelInactive();
    }

    Channel channel() {
        return lifecycle.channel();
    }

    /** Connected, and not closing already: a reconnect storm may drop it. */
    boolean canBeDropped() {
        return lifecycle.canBeDropped();
    }

    /** Closes the connection for a reconnect storm; see {@link Lane#dropConnections}. */
    void dropForStorm(StormDrop storm) {
        lifecycle.dropForStorm(storm);
    }

    /** How the connection hears of its TLS handshake. */
    private final class TlsHears implements TlsHandshakeListener {
        @Override
        public void handshakeDone(long nanos, boolean resumed) {
            lifecycle.onTlsHandshakeDone(nanos, resumed);
        }

        @Override
        public void handshakeFailed(TlsFailure kind, Throwable cause, long nanos) {
            lifecycle.failConnect(ConnectFailures.ofTls(kind));
        }

        @Override
        public void refusedAfterHandshake(TlsFailure kind, Throwable cause) {
            // TLS 1.3: the server read our certificate after our side was done; before CONNACK it is a connect failure
            lifecycle.failConnect(ConnectFailures.ofTls(kind));
            lifecycle.noteLossReason(DisconnectReason.IO_ERROR);
        }
    }

    /** How the messages follow the connection. */
    private final class MessagesHear implements ConnectionLifecycle.Events {
        @Override
        public void connecting(Channel channel) {
            publisher.attach(channel);
        }

        @Override
        public void up(long nowNanos) {
            publisher.startWriting();
            // the tutorial meter reports its metadata as soon as it is connected (again, after a reconnect)
            publisher.writeReport(nowNanos);
            publisher.drainBacklog();
            publisher.flushNow();
        }

        @Override
        public void down(boolean reconnecting) {
            publisher.stopWriting();
            confirmations.failAll(MessageFailure.CONNECTION_LOST);
            if (!reconnecting) {
                publisher.dropQueued(DropReason.CONNECTION_LOST);
            } // else the backlog waits for the new connection, intended times kept
        }
    }

    // ---- publishing ----

    /** A message of the plan (stream 0) is due. */
    void offer(long intendedNanos) {
        offer(intendedNanos, 0);
    }

    /**
     * A message of the plan is due: send it, queue it with its intended time, or drop it and say why.
     *
     * @param stream its kind in the mix, measured or warm-up ({@link dev.kpcload.metrics.LatencyStreams})
     */
    void offer(long intendedNanos, int stream) {
        books.scheduled(stream);
        if (lifecycle.isConnected()) {
            publisher.offer(intendedNanos, stream);
        } else if (lifecycle.isReconnecting() && settings.backlogPolicy() == BacklogPolicy.QUEUE) {
            publisher.queue(intendedNanos, stream);
        } else {
            books.dropped(DropReason.NOT_CONNECTED, 1, stream);
        }
    }

    /** This device's DCX meter (what it reported so far), or null without DCX in the mix. */
    public dev.kpcload.kp.DcxMeter dcxMeter() {
        return messages.dcxMeter();
    }

    /** Sends what waited in the backlog while the window and the socket allow. */
    void drainBacklog() {
        publisher.drainBacklog();
    }

    /** Something other than a PUBLISH of ours was written (a PUBACK); flush it with the batch. */
    void markExternalWrite() {
        publisher.markExternalWrite();
    }

    /** Flushes every channel of this device's lane written to in this batch. */
    void flushLane() {
        lane.flushTouched();
    }

    // ---- confirmations ----

    void onPuback(int packetId) {
        if (lifecycle.isConnected()) {
            confirmations.onPuback(packetId);
        }
    }

    /** A PUBLISH from the server: a 1/KP reply {@code <request topic>/status} or {@code /error}. */
    void onReply(String topic, ByteBuf replyPayload) {
        if (lifecycle.isConnected()) {
            confirmations.onReply(topic, replyPayload);
        }
    }

    /** Times out every message written at or before {@code writtenBefore}. */
    void expireOlderThan(long writtenBefore) {
        confirmations.expireOlderThan(writtenBefore);
    }

    boolean hasInflight() {
        return publisher.hasInflight();
    }

    // ---- the end ----

    /**
     * Closes the books and the connection: planned messages still in the window are reported as in flight,
     * the backlog is dropped as {@code unsent_at_stop}, and nothing that arrives later changes a counter.
     */
    SessionBooks closeBooks() {
        SessionBooks closing = new SessionBooks(publisher.window().plannedSize(), publisher.queued());
        publisher.dropQueued(DropReason.UNSENT_AT_STOP);
        publisher.window().clear();
        publisher.stopWriting();
        lifecycle.close();
        return closing;
    }

    /** What a session still held when the books were closed. */
    record SessionBooks(int inFlight, int queued) {
    }
}
