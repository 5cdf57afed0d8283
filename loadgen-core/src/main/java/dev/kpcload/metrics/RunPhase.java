package dev.kpcload.metrics;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where a run is: its report intervals and progress lines carry the phase by its tag. */
public enum RunPhase {
    CONNECT("connect"),
    PUBLISH("publish"),
    GRACE("grace"),
    CLOSING("closing");

    private final String tag;

    RunPhase(String tag) {
        this.tag = tag;
    }

    @JsonValue
    public String tag() {
        return tag;
    }

    @JsonCreator
    public static RunPhase ofTag(String tag) {
        for (RunPhase phase : values()) {
            if (phase.tag.equals(tag)) {
                return phase;
            }
        }
        throw new IllegalArgumentException("unknown phase '" + tag + "'");
    }

    @Override
    public String toString() {
        return tag;
    }
}
