package dev.kpcload.slo;

import com.fasterxml.jackson.annotation.JsonValue;

/** An SLO's verdict. */
public enum SloOutcome {
    PASS("pass"),
    FAIL("fail"),
    /** Nothing was measured that the SLO could be judged on (no value of its latency, no settled message): fails. */
    NO_DATA("no_data");

    private final String tag;

    SloOutcome(String tag) {
        this.tag = tag;
    }

    @JsonValue
    public String tag() {
        return tag;
    }

    public boolean passed() {
        return this == PASS;
    }
}
