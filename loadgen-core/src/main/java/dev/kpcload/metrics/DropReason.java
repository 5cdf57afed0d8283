package dev.kpcload.metrics;

/** Why a planned message was never sent. */
public enum DropReason implements Tagged {
    /** Its device was not connected (and not reconnecting with a backlog). */
    NOT_CONNECTED("not_connected"),
    /** Its device's backlog held {@code --max-backlog} messages already. */
    BACKLOG_FULL("backlog_full"),
    /** With {@code --backlog drop}: the device's in-flight window was full. */
    WINDOW_FULL("window_full"),
    /** With {@code --backlog drop}: the socket was not writable. */
    NOT_WRITABLE("not_writable"),
    /** Queued when its connection was lost for good. */
    CONNECTION_LOST("connection_lost"),
    /** Still queued when the books were closed. */
    UNSENT_AT_STOP("unsent_at_stop");

    private final String tag;

    DropReason(String tag) {
        this.tag = tag;
    }

    @Override
    public String tag() {
        return tag;
    }
}
