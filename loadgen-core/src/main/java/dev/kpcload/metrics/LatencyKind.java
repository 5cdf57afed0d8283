package dev.kpcload.metrics;

/** The latencies a run measures. Each has its own HdrHistogram; none is derived from another. */
public enum LatencyKind implements Tagged {
    /** Intended connect start to CONNACK: the headline connect latency. */
    CONNECT("connect", "connect (intended start to CONNACK)"),
    /** Actual TCP connect call to the socket being connected. */
    TCP_CONNECT("tcp_connect", "TCP connect (socket only)"),
    /** TCP connected to the TLS handshake done (client side: our Finished sent and the server's verified). */
    TLS_HANDSHAKE("tls_handshake", "TLS handshake (TCP connected to handshake done)"),
    /** Intended send time to PUBACK (QoS 1). */
    PUBACK("puback", "PUBACK (from intended send)"),
    /**
     * Intended send time to the 1/KP {@code /status} reply. {@code /error} replies are counted by status code,
     * not timed: a fast refusal would flatter the percentiles.
     */
    STATUS("status", "1/KP reply (from intended send)"),
    /** Actual write to the confirmation (reply, or PUBACK when there is no reply): what the server took. */
    SERVICE("service", "service time (from actual write)"),
    /** Actual write minus intended send time: how far the generator itself fell behind its plan. */
    SEND_LAG("send_lag", "send lag (actual - intended)"),
    /**
     * A connection lost after CONNACK (by the server, the network, or the generator's own reconnect storm) to the
     * device's next CONNACK: the backoff waits and any failed attempts included. Every such loss is measured,
     * not only the storm's, so that an outage of the server shows how long the fleet took to come back.
     */
    RECONNECT("reconnect", "reconnect (connection lost to next CONNACK)");

    /** The latencies a message has (and so a message kind): all but the connection's. */
    public static final java.util.List<LatencyKind> MESSAGE_KINDS = java.util.List.of(PUBACK, STATUS, SERVICE, SEND_LAG);

    private final String tag;
    private final String label;

    LatencyKind(String tag, String label) {
        this.tag = tag;
        this.label = label;
    }

    /** Short name used in JSON, logs and the interval log's tags. */
    @Override
    public String tag() {
        return tag;
    }

    public String label() {
        return label;
    }

    /** Whether this latency belongs to a message (and has a message kind), not to a connection. */
    public boolean ofMessage() {
        return MESSAGE_KINDS.contains(this);
    }
}
