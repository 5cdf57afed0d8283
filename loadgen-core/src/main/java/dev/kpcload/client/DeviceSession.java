package dev.kpcload.client;

import dev.kpcload.fleet.Device;
import dev.kpcload.kp.EpmxPayloads;
import dev.kpcload.kp.Extensions;
import dev.kpcload.kp.KpErrorPayload;
import dev.kpcload.kp.KpTopic;
import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.LatencyWriter;
import dev.kpcload.metrics.RunCounters;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.util.concurrent.ScheduledFuture;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One virtual smart meter's life on the wire: connect, report, publish what the plan hands it, match
 * confirmations, and account for every message. Confined to its lane's event loop; handlers call in here.
 * Errors become counters: nothing on this path throws.
 */
public final class DeviceSession {

    /**
     * A device's life. A first connect that fails is final (FAILED); a connection lost after CONNACK is LOST, or,
     * with reconnects, waits (RECONNECT_WAIT) and connects again (CONNECTING) until it is back or the run ends.
     */
    enum State { IDLE, CONNECTING, CONNECTED, FAILED, LOST, RECONNECT_WAIT, CLOSING }

    private final Device device;
    private final Lane lane;
    private final SessionSettings settings;
    private final RunCounters counters;
    private final LatencyWriter latencies;
    /** Topic bytes; with request IDs, up to and including the {@code /} before the ID. */
    private final byte[] topicBytes;
    /** Matches replies to this device's requests ({@code kp1/.../update/keys/<id>/status}). */
    private final ReplyTopicMatcher replies;
    private final byte[] payload;
    private final InflightWindow window;
    private final LongRing backlog;

    private State state = State.IDLE;
    private Channel channel;
    private ScheduledFuture<?> connectTimeout;
    private long connectIntendedNanos;
    private long connectStartNanos;
    private int nextRequestId;
    private int nextPacketId = 1;
    private boolean needsFlush;
    private String lossReason;
    private boolean everConnected;
    private int reconnectAttempts;
    private ScheduledFuture<?> reconnectTimer;

    DeviceSession(Device device, Lane lane) {
        this.device = device;
        this.lane = lane;
        this.settings = lane.settings();
        this.counters = lane.counters();
        this.latencies = lane.latencies();
        KpTopic topic = KpTopic.of(settings.appVersion(), settings.epmxInstance(), device.token(),
            Extensions.EPMX_UPDATE_KEYS);
        this.replies = new ReplyTopicMatcher(topic.baseTopic() + '/');
        String wireTopic = settings.usesRequestIds() ? replies.replyPrefix() : topic.baseTopic();
        this.topicBytes = wireTopic.getBytes(StandardCharsets.UTF_8);
        this.payload = EpmxPayloads.modelAndMac(device.model(), device.mac());
        this.window = new InflightWindow(settings.inflight());
        this.backlog = new LongRing(settings.maxBacklog());
    }

    public Device device() {
        return device;
    }

    /**
     * Takes part in the plan: connected now, or connected before and reconnecting. Read by the run when it hands
     * out plan slots, after the connect phase.
     */
    public boolean isConnectedForPlan() {
        return state == State.CONNECTED || isReconnecting();
    }

    SessionSettings settings() {
        return settings;
    }

    RunCounters counters() {
        return counters;
    }

    // ---- connecting ----

    void connect(long intendedNanos) {
        state = State.CONNECTING;
        lossReason = null;
        connectIntendedNanos = intendedNanos;
        connectStartNanos = lane.clock().nanoTime();
        counters.connectAttempts.increment();
        counters.connecting.increment();
        ChannelFuture future = lane.connect(this);
        channel = future.channel();
        connectTimeout = channel.eventLoop().schedule(() -> failConnect("timeout"),
            settings.connectTimeoutNanos(), TimeUnit.NANOSECONDS);
        future.addListener(f -> {
            if (!f.isSuccess()) {
                failConnect(ConnectFailures.classify(f.cause()));
            }
        });
    }

    void onTcpConnected() {
        latencies.record(LatencyKind.TCP_CONNECT, lane.clock().nanoTime() - connectStartNanos);
    }

    void onConnackAccepted() {
        if (state != State.CONNECTING) {
            return;
        }
        long now = lane.clock().nanoTime();
        latencies.record(LatencyKind.CONNECT, now - connectIntendedNanos);
        connectTimeout.cancel(false);
        counters.connecting.decrement();
        state = State.CONNECTED;
        counters.connectedNow.increment();
        reconnectAttempts = 0;
        if (!everConnected) {
            everConnected = true;
            counters.connected.increment();
            lane.deviceResolved();
        }
        // the tutorial meter reports its metadata as soon as it is connected (again, after a reconnect)
        writeMessage(now, false);
        drainBacklog();
        flushNow();
    }

    void failConnect(String kind) {
        if (state != State.CONNECTING) {
            return;
        }
        counters.connecting.decrement();
        counters.connectFailures.increment(kind);
        if (connectTimeout != null) {
            connectTimeout.cancel(false);
        }
        // the next state first: closing the channel reports channelInactive at once
        if (everConnected) {
            waitToReconnect(); // a reconnect that failed: wait longer and try again
            channel.close();
        } else {
            state = State.FAILED;
            channel.close();
            lane.deviceResolved();
        }
    }

    private void waitToReconnect() {
        state = State.RECONNECT_WAIT;
        long delay = settings.reconnect().delayNanos(reconnectAttempts++, ThreadLocalRandom.current().nextDouble());
        reconnectTimer = lane.schedule(this::reconnect, delay);
    }

    private void reconnect() {
        if (state == State.RECONNECT_WAIT) {
            counters.reconnects.increment();
            connect(lane.clock().nanoTime());
        }
    }

    /** Why the connection is about to close, when this side knows better than "closed by server". */
    void noteLossReason(String reason) {
        if (lossReason == null) {
            lossReason = reason;
        }
    }

    void onChannelInactive() {
        switch (state) {
            case CONNECTING -> failConnect(lossReason != null ? lossReason : "closed_before_connack");
            case CONNECTED -> {
                state = State.LOST;
                counters.connectedNow.decrement();
                counters.disconnects.increment(lossReason != null ? lossReason : "closed_by_server");
                failInflight("connection_lost");
                if (settings.reconnect().enabled()) {
                    waitToReconnect(); // the backlog waits for the new connection, intended times kept
                } else {
                    counters.dropped.add("connection_lost", backlog.size());
                    backlog.clear();
                }
            }
            default -> {
            }
        }
    }

    // ---- publishing ----

    /** A message of the plan is due: send it, queue it with its intended time, or drop it and say why. */
    void offer(long intendedNanos) {
        if (state != State.CONNECTED) {
            if (!isReconnecting() || settings.backlogPolicy() == BacklogPolicy.DROP) {
                counters.dropped.increment("not_connected");
            } else if (!backlog.offer(intendedNanos)) {
                counters.dropped.increment("backlog_full");
            }
        } else if (backlog.isEmpty() && canWrite()) {
            writeMessage(intendedNanos, true);
        } else if (settings.backlogPolicy() == BacklogPolicy.DROP) {
            counters.dropped.increment(window.hasRoom() ? "not_writable" : "window_full");
        } else if (!backlog.offer(intendedNanos)) {
            counters.dropped.increment("backlog_full");
        }
    }

    private boolean isReconnecting() {
        return everConnected && (state == State.RECONNECT_WAIT || state == State.CONNECTING);
    }

    private boolean canWrite() {
        return (settings.confirm() == ConfirmMode.NONE || window.hasRoom()) && channel.isWritable();
    }

    private void writeMessage(long intendedNanos, boolean planned) {
        boolean tracked = settings.confirm() != ConfirmMode.NONE;
        int requestId = settings.usesRequestIds() ? takeRequestId() : -1;
        int packetId = settings.qos() > 0 ? takePacketId() : 0;
        ByteBuf buf = PublishEncoder.encode(channel.alloc(), topicBytes, requestId, settings.qos(), packetId,
            payload);
        channel.write(buf, channel.voidPromise());
        long now = lane.clock().nanoTime();
        markNeedsFlush();
        if (planned) {
            counters.sent.increment();
            latencies.record(LatencyKind.SEND_LAG, now - intendedNanos);
        } else {
            counters.reportsSent.increment();
        }
        if (tracked) {
            window.add(requestId, packetId, intendedNanos, now, planned);
        } else if (planned) {
            counters.confirmed.increment();
        } else {
            counters.reportsConfirmed.increment();
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

    /** Sends what waited in the backlog while the window and the socket allow. */
    void drainBacklog() {
        while (state == State.CONNECTED && !backlog.isEmpty() && canWrite()) {
            writeMessage(backlog.poll(), true);
        }
    }

    private void markNeedsFlush() {
        if (!needsFlush) {
            needsFlush = true;
            lane.touched(this);
        }
    }

    /** Something other than a PUBLISH of ours was written (a PUBACK); flush it with the batch. */
    void markExternalWrite() {
        markNeedsFlush();
    }

    /** Flushes every channel of this device's lane written to in this batch. */
    void flushLane() {
        lane.flushTouched();
    }

    void flushNow() {
        if (needsFlush) {
            needsFlush = false;
            channel.flush();
        }
    }

    // ---- confirmations ----

    void onPuback(int packetId) {
        if (state != State.CONNECTED) {
            return;
        }
        int slot = window.findByPacketId(packetId);
        if (slot == InflightWindow.NONE) {
            if (settings.confirm() == ConfirmMode.PUBACK) {
                counters.unmatchedReplies.increment();
            }
            return;
        }
        long now = lane.clock().nanoTime();
        boolean planned = window.planned(slot);
        if (planned) {
            latencies.record(LatencyKind.PUBACK, now - window.intended(slot));
        }
        if (settings.confirm() == ConfirmMode.PUBACK) {
            confirm(slot, now);
        } else {
            window.clearPacketId(slot);
        }
    }

    /** A PUBLISH from the server: a 1/KP reply {@code <request topic>/status} or {@code /error}. */
    void onReply(String topic, ByteBuf replyPayload) {
        if (!settings.usesRequestIds() || state != State.CONNECTED) {
            return;
        }
        long requestId = replies.requestId(topic);
        int slot = requestId < 0 ? InflightWindow.NONE : window.findByRequestId((int) requestId);
        if (slot == InflightWindow.NONE) {
            counters.unmatchedReplies.increment();
            return;
        }
        long now = lane.clock().nanoTime();
        if (ReplyTopicMatcher.isSuccess(topic)) {
            if (window.planned(slot)) {
                latencies.record(LatencyKind.STATUS, now - window.intended(slot));
            }
            confirm(slot, now);
        } else {
            int status = KpErrorPayload.parse(ByteBufUtil.getBytes(replyPayload)).statusCode();
            if (window.planned(slot)) {
                counters.errorReplies.increment(String.valueOf(status));
                fail(slot, "error_reply");
            } else {
                fail(slot, "status_" + status);
            }
        }
    }

    private void confirm(int slot, long now) {
        if (window.planned(slot)) {
            latencies.record(LatencyKind.SERVICE, now - window.written(slot));
            counters.confirmed.increment();
        } else {
            counters.reportsConfirmed.increment();
        }
        window.release(slot);
        drainBacklog();
    }

    private void fail(int slot, String kind) {
        if (window.planned(slot)) {
            counters.failed.increment(kind);
        } else {
            counters.reportsFailed.increment(kind);
        }
        window.release(slot);
        drainBacklog();
    }

    /** Times out every message written at or before {@code writtenBefore}. */
    void expireOlderThan(long writtenBefore) {
        int slot;
        while ((slot = window.findExpired(writtenBefore)) != InflightWindow.NONE) {
            if (window.planned(slot)) {
                counters.timedOut.increment();
            } else {
                counters.reportsFailed.increment("timeout");
            }
            window.release(slot);
        }
        drainBacklog();
    }

    private void failInflight(String kind) {
        int slot;
        while ((slot = window.anyUsed()) != InflightWindow.NONE) {
            fail(slot, kind);
        }
    }

    boolean hasInflight() {
        return window.size() > 0;
    }

    /**
     * Closes the books and the connection: planned messages still in the window are reported as in flight,
     * the backlog is dropped as {@code unsent_at_stop}, and nothing that arrives later changes a counter.
     */
    SessionBooks closeBooks() {
        SessionBooks books = new SessionBooks(window.plannedSize(), backlog.size());
        counters.dropped.add("unsent_at_stop", backlog.size());
        backlog.clear();
        window.clear();
        State previous = state;
        state = State.CLOSING;
        if (reconnectTimer != null) {
            reconnectTimer.cancel(false);
        }
        if (previous == State.CONNECTED) {
            counters.connectedNow.decrement();
            channel.writeAndFlush(MqttMessage.DISCONNECT).addListener(f -> channel.close());
        } else if (channel != null) {
            if (previous == State.CONNECTING) {
                counters.connecting.decrement();
            }
            if (connectTimeout != null) {
                connectTimeout.cancel(false);
            }
            channel.close();
        }
        return books;
    }

    Channel channel() {
        return channel;
    }

    /** What a session still held when the books were closed. */
    record SessionBooks(int inFlight, int queued) {
    }
}
