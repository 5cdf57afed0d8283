package dev.kpcload.metrics;

/** How a sent message failed (timeouts are counted on their own, not here). */
public enum MessageFailure implements Tagged {
    /** A 1/KP {@code /error} reply; by its status code in the error replies. */
    ERROR_REPLY("error_reply"),
    /** In flight when its connection was lost. */
    CONNECTION_LOST("connection_lost"),
    /** An EPMX get whose /status reply does not hold the model and MAC the meter reported. */
    METADATA_MISMATCH("metadata_mismatch");

    private final String tag;

    MessageFailure(String tag) {
        this.tag = tag;
    }

    @Override
    public String tag() {
        return tag;
    }
}
