package dev.kpcload.report;

import java.util.Map;

/**
 * The report's colours, in one place so that a latency kind has the same colour in every chart and table.
 * Chosen to stay apart for the common forms of colour blindness where it matters most (sent vs confirmed).
 */
final class Palette {

    private Palette() {
    }

    static final String TARGET = "#5f6368";
    static final String SENT = "#1a73e8";
    static final String CONFIRMED = "#e8710a";
    static final String DEVICES = "#1a73e8";

    static final String P50 = "#188038";
    static final String P90 = "#1a73e8";
    static final String P99 = "#e8710a";
    static final String MAX = "#d93025";
    static final String P999 = "#a142f4";

    /** Capacity step verdicts, and the lines that judge them. */
    static final String PASS = "#188038";
    static final String FAIL = "#d93025";
    static final String INCONCLUSIVE = "#f29900";
    static final String SLO = "#d93025";
    static final String KNEE = "#202124";

    static final String FAILED = "#d93025";
    static final String TIMED_OUT = "#f29900";
    static final String DROPPED = "#a142f4";
    static final String CONNECT_FAILED = "#8e24aa";
    static final String DISCONNECTED = "#5f6368";
    static final String OTHER = "#80868b";

    static final String CONNECT_BAND = "#fef7e0";
    static final String GRACE_BAND = "#f1f3f4";

    private static final Map<String, String> KINDS = Map.of(
        "connect", "#e8710a",
        "tcp_connect", "#00897b",
        "puback", "#a142f4",
        "status", "#1a73e8",
        "service", "#188038",
        "send_lag", "#5f6368");

    /** The colour of a latency kind; unknown kinds get a neutral grey. */
    static String kind(String tag) {
        return KINDS.getOrDefault(tag, OTHER);
    }
}
