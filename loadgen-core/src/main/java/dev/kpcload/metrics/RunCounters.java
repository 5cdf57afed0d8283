package dev.kpcload.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of a run, shared by all event loops. Each message the plan schedules ends in exactly one of
 * confirmed, failed, timed out or dropped, or is still in flight or queued when the books are closed.
 *
 * <p>The message counters here are the run's totals, every kind and warm-up included; each message is also counted
 * in its {@link #stream stream} (its kind, measured or warm-up), which the summary's headline and its per-kind
 * figures are made of.
 */
public final class RunCounters {

    private final MessageCounters[] streams;

    /** A run of one message kind. */
    public RunCounters() {
        this(LatencyStreams.count(1));
    }

    /** @param streams how many {@link LatencyStreams streams} messages may be counted in */
    public RunCounters(int streams) {
        this.streams = new MessageCounters[streams];
        for (int i = 0; i < streams; i++) {
            this.streams[i] = new MessageCounters();
        }
    }

    public int streams() {
        return streams.length;
    }

    /** The counters of one stream. */
    public MessageCounters stream(int stream) {
        return streams[stream];
    }

    // devices
    public final LongAdder connectAttempts = new LongAdder();
    /** Connect attempts under way: started, neither connected nor failed yet. */
    public final LongAdder connecting = new LongAdder();
    public final LongAdder connected = new LongAdder();
    public final LongAdder connectedNow = new LongAdder();
    /**
     * Connect failures by kind ({@link ConnectFailure}): {@code refused}, {@code timeout}, {@code tcp_timeout},
     * {@code closed_before_connack}, {@code connack_not_authorized} and the other CONNACK refusals, ...
     */
    public final Tally<ConnectFailure> connectFailures = new Tally<>(ConnectFailure.class);
    /**
     * Completed TLS handshakes of connect attempts by how they got their session ({@link TlsSession}):
     * {@code full} or {@code resumed}. Zero without TLS.
     */
    public final Tally<TlsSession> tlsHandshakes = new Tally<>(TlsSession.class);
    /** Reconnect attempts after a connection was lost. */
    public final LongAdder reconnects = new LongAdder();
    /** Connections lost after CONNACK, by kind ({@link DisconnectReason}): {@code closed_by_server}, ... */
    public final Tally<DisconnectReason> disconnects = new Tally<>(DisconnectReason.class);

    // planned messages
    public final LongAdder scheduled = new LongAdder();
    public final LongAdder sent = new LongAdder();
    public final LongAdder confirmed = new LongAdder();
    public final LongAdder timedOut = new LongAdder();
    /** Failed messages by kind ({@link MessageFailure}): {@code error_reply}, {@code connection_lost}. */
    public final Tally<MessageFailure> failed = new Tally<>(MessageFailure.class);
    /** The {@code /error} replies among the failed, by their {@code statusCode}: {@code 400}, {@code 401}, ... */
    public final OpenTally errorReplies = new OpenTally();
    /** Dropped (never sent) messages by reason ({@link DropReason}): {@code not_connected}, {@code backlog_full}, ... */
    public final Tally<DropReason> dropped = new Tally<>(DropReason.class);

    // the tutorial's report each meter sends on CONNACK, kept apart from the plan
    public final LongAdder reportsSent = new LongAdder();
    public final LongAdder reportsConfirmed = new LongAdder();
    /**
     * Failed reports by kind: {@code timeout}, {@code connection_lost}, or {@code status_<code>} for an
     * {@code /error} reply (an open set, so the status stays in the name).
     */
    public final OpenTally reportsFailed = new OpenTally();

    // protocol oddities that are not a message's fate
    /** Replies or PUBACKs that match nothing in flight (late after a timeout, or unknown). */
    public final LongAdder unmatchedReplies = new LongAdder();
    public final LongAdder protocolErrors = new LongAdder();
    /**
     * Unexpected exceptions thrown in the client's handlers (a bug, or input nobody foresaw); each closes its
     * connection, counted as a disconnect (or connect failure) {@code handler_error}.
     */
    public final LongAdder handlerErrors = new LongAdder();
    public final LongAdder pings = new LongAdder();
    public final LongAdder bytesSent = new LongAdder();
    public final LongAdder bytesReceived = new LongAdder();

    /** Messages whose fate is still open: sent but not confirmed, failed or timed out. Derived, for progress. */
    public long inFlightEstimate() {
        return sent.sum() - confirmed.sum() - failed.total() - timedOut.sum();
    }

    /** Scheduled messages not yet sent nor dropped: waiting in device backlogs. Derived, for progress. */
    public long queuedEstimate() {
        return scheduled.sum() - sent.sum() - dropped.total();
    }
}
