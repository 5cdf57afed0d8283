package dev.kpcload.client;

import dev.kpcload.metrics.ConnectFailure;
import dev.kpcload.metrics.DisconnectReason;
import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.RunCounters;
import dev.kpcload.metrics.TlsSession;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * One device's connection, as a state machine: connect, CONNACK or a failure by kind, a loss after CONNACK and,
 * with reconnects, the wait (exponential backoff, jittered by the lane's random source) and the next attempt,
 * until the books close; a reconnect storm drops a connected device from this side into the same way back. It
 * counts the connection's own fate (attempts, failures, disconnects, reconnects) and its latencies (connect, TCP
 * connect, TLS handshake, loss to the next CONNACK); what happens to the messages it tells {@link Events}. Confined to the lane's
 * event loop.
 */
final class ConnectionLifecycle {

    /**
     * A device's life. A first connect that fails is final (FAILED); a connection lost after CONNACK is LOST, or,
     * with reconnects, waits (RECONNECT_WAIT) and connects again (CONNECTING) until it is back or the run ends.
     */
    enum State { IDLE, CONNECTING, CONNECTED, FAILED, LOST, RECONNECT_WAIT, CLOSING }

    /** What the messages of a device hear of its connection. */
    interface Events {
        /** A connect starts on this channel: flushes go there from now on, messages only after {@link #up}. */
        void connecting(Channel channel);

        /** CONNACK accepted at {@code nowNanos}: the connection may carry messages. */
        void up(long nowNanos);

        /** The connection that had CONNACK is gone; {@code reconnecting}: the device will connect again. */
        void down(boolean reconnecting);
    }

    private final DeviceSession session;
    private final Lane lane;
    private final SessionSettings settings;
    private final RunCounters counters;
    private final Events events;

    private State state = State.IDLE;
    private Channel channel;
    private ScheduledFuture<?> connectTimeout;
    private long connectIntendedNanos;
    private long connectStartNanos;
    /** Why the connection is closing, when this side knows better than "closed by server"; null until then. */
    private DisconnectReason lossReason;
    private boolean everConnected;
    private int reconnectAttempts;
    private ScheduledFuture<?> reconnectTimer;
    /** When the connection that had CONNACK was lost (or dropped); -1 unless on the way back. */
    private long lostAtNanos = -1;
    /** The reconnect storm that dropped this device, until it is back. */
    private StormDrop droppedBy;

    ConnectionLifecycle(DeviceSession session, Lane lane, Events events) {
        this.session = session;
        this.lane = lane;
        this.settings = lane.settings();
        this.counters = lane.counters();
        this.events = events;
    }

    State state() {
        return state;
    }

    boolean isConnected() {
        return state == State.CONNECTED;
    }

    /** Connected before and on its way back: waiting to reconnect, or reconnecting. */
    boolean isReconnecting() {
        return everConnected && (state == State.RECONNECT_WAIT || state == State.CONNECTING);
    }

    Channel channel() {
        return channel;
    }

    void connect(long intendedNanos) {
        state = State.CONNECTING;
        lossReason = null;
        connectIntendedNanos = intendedNanos;
        connectStartNanos = lane.clock().nanoTime();
        counters.connectAttempts.increment();
        counters.connecting.increment();
        ChannelFuture future = lane.connect(session);
        channel = future.channel();
        events.connecting(channel);
        connectTimeout = channel.eventLoop().schedule(() -> failConnect(ConnectFailure.TIMEOUT),
            settings.connectTimeoutNanos(), TimeUnit.NANOSECONDS);
        future.addListener(f -> {
            if (!f.isSuccess()) {
                failConnect(ConnectFailures.classify(f.cause()));
            }
        });
    }

    void onTcpConnected() {
        lane.latencies().record(LatencyKind.TCP_CONNECT, lane.clock().nanoTime() - connectStartNanos);
    }

    /** TLS only: the handshake was done {@code nanos} after the TCP connection was up, a resumed session or not. */
    void onTlsHandshakeDone(long nanos, boolean resumed) {
        if (state == State.CONNECTING) {
            lane.latencies().record(LatencyKind.TLS_HANDSHAKE, nanos);
            counters.tlsHandshakes.increment(resumed ? TlsSession.RESUMED : TlsSession.FULL);
        }
    }

    void onConnackAccepted() {
        if (state != State.CONNECTING) {
            return;
        }
        long now = lane.clock().nanoTime();
        lane.latencies().record(LatencyKind.CONNECT, now - connectIntendedNanos);
        connectTimeout.cancel(false);
        counters.connecting.decrement();
        state = State.CONNECTED;
        counters.connectedNow.increment();
        reconnectAttempts = 0;
        if (lostAtNanos >= 0) {
            lane.latencies().record(LatencyKind.RECONNECT, now - lostAtNanos);
            lostAtNanos = -1;
        }
        if (droppedBy != null) {
            droppedBy.deviceBack(now);
            droppedBy = null;
        }
        if (!everConnected) {
            everConnected = true;
            counters.connected.increment();
            lane.deviceResolved();
        }
        events.up(now);
    }

    void failConnect(ConnectFailure kind) {
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
        } else {
            state = State.FAILED;
        }
        closeIfOpen();
        if (!everConnected) {
            lane.deviceResolved();
        }
    }

    /**
     * Closes the channel unless its closing is what brought us here (a second close changes nothing on a socket;
     * an {@code EmbeddedChannel} closed again from its own channelInactive would cancel its loop's timers).
     */
    private void closeIfOpen() {
        if (channel.isOpen()) {
            channel.close();
        }
    }

    private void waitToReconnect() {
        state = State.RECONNECT_WAIT;
        long delay = settings.reconnect().delayNanos(reconnectAttempts++, lane.random().nextDouble());
        reconnectTimer = lane.schedule(this::reconnect, delay);
    }

    private void reconnect() {
        if (state == State.RECONNECT_WAIT) {
            counters.reconnects.increment();
            connect(lane.clock().nanoTime());
        }
    }

    /** Connected, and the connection not closing already: a storm may drop it. */
    boolean canBeDropped() {
        return state == State.CONNECTED && lossReason == null && channel.isActive();
    }

    /**
     * A reconnect storm closes this connected device's connection from this side; the device then takes its
     * normal way back (backoff with jitter, then CONNECT), and tells the storm on its next CONNACK.
     */
    void dropForStorm(StormDrop storm) {
        droppedBy = storm;
        lostAtNanos = lane.clock().nanoTime();
        noteLossReason(DisconnectReason.DROPPED_BY_GENERATOR);
        channel.close();
    }

    /** Why the connection is about to close, when this side knows better than "closed by server". */
    void noteLossReason(DisconnectReason reason) {
        if (lossReason == null) {
            lossReason = reason;
        }
    }

    void onChannelInactive() {
        DisconnectReason reason = lossReason != null ? lossReason : DisconnectReason.CLOSED_BY_SERVER;
        switch (state) {
            case CONNECTING -> failConnect(reason.beforeConnack());
            case CONNECTED -> {
                state = State.LOST;
                if (lostAtNanos < 0) {
                    lostAtNanos = lane.clock().nanoTime(); // a storm's drop noted its own time
                }
                counters.connectedNow.decrement();
                counters.disconnects.increment(reason);
                boolean reconnecting = settings.reconnect().enabled();
                events.down(reconnecting);
                if (reconnecting) {
                    waitToReconnect(); // the backlog waits for the new connection, intended times kept
                }
            }
            default -> {
            }
        }
    }

    /**
     * Ends the device's life at the close of the books: a pending reconnect is cancelled, a connection with CONNACK
     * says DISCONNECT, one still connecting is closed; nothing that happens later counts.
     */
    void close() {
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
    }
}
