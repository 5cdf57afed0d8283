package dev.kpcload.capacity;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a capacity search ended; written by its tag in the JSON. */
public enum SearchOutcome {
    /** The bracket closed to the precision and the best pass held through its confirmation. */
    FOUND("found"),
    /** No step passed, down to the floor rate. */
    NONE_PASSED("none_passed"),
    /** A step was inconclusive: the generator, not KPC, could not keep the rate. */
    GENERATOR_LIMITED("generator_limited"),
    /** Every step passed up to the maximum rate, confirmed there: KPC carries at least that much. */
    MAX_RATE_REACHED("max_rate_reached"),
    /** The step cap was reached before the search ended. */
    STEP_LIMIT("step_limit"),
    /**
     * Every allowed confirmation hold failed: rates that pass a short step do not hold for the longer
     * confirmation, which points at a server that degrades over time (queues, memory, GC) at these rates.
     */
    UNCONFIRMED("unconfirmed"),
    /** The user stopped the search. */
    STOPPED("stopped");

    private final String tag;

    SearchOutcome(String tag) {
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
