package dev.kpcload.sim;

/** What the simulator does with a request that finds the capacity queue full. */
public enum QueueFullAction {
    /** Answer {@code /error} with status 503 at once (a request without request ID gets nothing, as ever). */
    ERROR("error"),
    /** Leave it unanswered: the client's response timeout finds it. */
    DROP("drop");

    private final String tag;

    QueueFullAction(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
