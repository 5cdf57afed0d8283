package dev.kpcload.capacity;

import com.fasterxml.jackson.annotation.JsonValue;

/** The verdict on one step of the capacity search; written by its tag in the JSON. */
public enum StepOutcome {
    /** Every SLO held over the step's measured window. */
    PASS("pass"),
    /** At least one SLO was broken: KPC did not sustain this rate. */
    FAIL("fail"),
    /**
     * The generator itself could not keep the offered rate (its send lag or achieved rate gave it away): the
     * step says nothing about KPC, and the search ends rather than report the generator's limit as KPC's.
     */
    INCONCLUSIVE("inconclusive");

    private final String tag;

    StepOutcome(String tag) {
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
