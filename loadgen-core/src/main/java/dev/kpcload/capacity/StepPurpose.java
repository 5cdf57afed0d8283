package dev.kpcload.capacity;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why a step of the capacity search runs; written by its tag in the JSON. */
public enum StepPurpose {
    /** Geometric probing: up by the factor until a step fails (or down from a failing first step). */
    PROBE("probe"),
    /** Halving the bracket between the last pass and the first failure. */
    BISECT("bisect"),
    /** The long hold at the best pass, before it is reported as sustainable. */
    CONFIRM("confirm");

    private final String tag;

    StepPurpose(String tag) {
        this.tag = tag;
    }

    @JsonValue
    public String tag() {
        return tag;
    }

    @Override
    public String toString() {
        return tag;
    }
}
