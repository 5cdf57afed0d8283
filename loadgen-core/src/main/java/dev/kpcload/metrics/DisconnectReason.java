package dev.kpcload.metrics;

/**
 * Why a connection ended after CONNACK. Each reason has the connect failure it is when it strikes before
 * CONNACK.
 */
public enum DisconnectReason implements Tagged {
    /** The server closed it, and this side knows no better reason. */
    CLOSED_BY_SERVER("closed_by_server", ConnectFailure.CLOSED_BEFORE_CONNACK),
    /** A PINGREQ went unanswered for a whole keepalive period. */
    KEEPALIVE_TIMEOUT("keepalive_timeout", ConnectFailure.KEEPALIVE_TIMEOUT),
    /** The server sent something that is not valid MQTT. */
    PROTOCOL_ERROR("protocol_error", ConnectFailure.PROTOCOL_ERROR),
    /** The socket failed (reset, broken pipe). */
    IO_ERROR("io_error", ConnectFailure.IO_ERROR),
    /** An unexpected exception in the client's own handlers. */
    HANDLER_ERROR("handler_error", ConnectFailure.HANDLER_ERROR),
    /**
     * Closed on purpose by the generator (a reconnect storm), to see how the server takes the fleet coming back.
     * Only connected devices are dropped, so it never strikes before CONNACK.
     */
    DROPPED_BY_GENERATOR("dropped_by_generator", ConnectFailure.CLOSED_BEFORE_CONNACK);

    private final String tag;
    private final ConnectFailure beforeConnack;

    DisconnectReason(String tag, ConnectFailure beforeConnack) {
        this.tag = tag;
        this.beforeConnack = beforeConnack;
    }

    @Override
    public String tag() {
        return tag;
    }

    /** The connect failure this reason is when the connection had no CONNACK yet. */
    public ConnectFailure beforeConnack() {
        return beforeConnack;
    }
}
