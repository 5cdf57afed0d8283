package dev.kpcload.sim;

/** The simulator's faults, by the name they have in a fault plan and as a flag ({@code --stall}, ...). */
public enum FaultKind {
    /** Stop reading and answering for a while, then carry on. */
    STALL("stall", Shape.WINDOW),
    /** Answer a ratio of requests {@code /error} with a chosen status. */
    ERROR_REPLIES("error-replies", Shape.WINDOW),
    /** Refuse a ratio of CONNECTs with a chosen CONNACK return code. */
    REFUSE_CONNECTS("refuse-connects", Shape.WINDOW),
    /** Close a share of the connections at once, or connections at a rate. */
    DROP_CONNECTIONS("drop-connections", Shape.WINDOW),
    /** Stop answering on a share of the connections without closing them. */
    HALF_OPEN("half-open", Shape.ONCE),
    /** Read at most so many bytes per second per connection. */
    SLOW_READER("slow-reader", Shape.WINDOW),
    /** Close the listener and every connection, listen again on the same port after a while. */
    RESTART("restart", Shape.WINDOW);

    /** Whether a fault lasts ({@code for}) or strikes once per occurrence. */
    enum Shape { WINDOW, ONCE }

    private final String tag;
    private final Shape shape;

    FaultKind(String tag, Shape shape) {
        this.tag = tag;
        this.shape = shape;
    }

    public String tag() {
        return tag;
    }

    Shape shape() {
        return shape;
    }

    /** The kind of this name, or null. */
    static FaultKind ofTag(String name) {
        for (FaultKind kind : values()) {
            if (kind.tag.equals(name)) {
                return kind;
            }
        }
        return null;
    }

    static String tags() {
        StringBuilder names = new StringBuilder();
        for (FaultKind kind : values()) {
            names.append(names.length() == 0 ? "" : ", ").append(kind.tag);
        }
        return names.toString();
    }
}
