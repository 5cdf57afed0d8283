package dev.kpcload.result;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How a run ended; written by its tag in the summary JSON. */
public enum RunOutcome {
    /** The plan ran to its end. */
    COMPLETED("completed"),
    /** Stopped early (Ctrl-C, SIGTERM, a test), with everything measured until then. */
    STOPPED("stopped"),
    /** Stopped early by an SLO marked {@code abort}, once it had broken; everything measured until then kept. */
    ABORTED("aborted"),
    /** Not one device connected: nothing could be published. */
    NO_DEVICE_CONNECTED("no_device_connected"),
    /** The run did not finish (killed): what its last report interval wrote down, rebuilt. */
    INCOMPLETE("incomplete");

    private final String tag;

    RunOutcome(String tag) {
        this.tag = tag;
    }

    @JsonValue
    public String tag() {
        return tag;
    }

    @JsonCreator
    public static RunOutcome ofTag(String tag) {
        for (RunOutcome outcome : values()) {
            if (outcome.tag.equals(tag)) {
                return outcome;
            }
        }
        throw new IllegalArgumentException("unknown outcome '" + tag + "'");
    }

    @Override
    public String toString() {
        return tag;
    }
}
