package dev.kpcload.slo;

/** What an SLO is about: a latency, or one of the run's ratios. */
public enum SloMetric {
    /** A statistic of one latency distribution (percentile, max, mean). */
    LATENCY(null, true),
    /** Failed messages (an {@code /error} reply, the connection lost) over settled messages. */
    ERROR_RATIO("error_ratio", true),
    /** Timed-out messages over settled messages. */
    TIMEOUT_RATIO("timeout_ratio", true),
    /** Dropped (never sent) messages over settled messages. */
    DROP_RATIO("drop_ratio", true),
    /** Confirmed messages over settled messages. */
    CONFIRMED_RATIO("confirmed_ratio", true),
    /** Sent messages over the messages the plan intended: whether the target rate was achieved. */
    ACHIEVED_RATIO("achieved_ratio", true),
    /** Connect attempts that reached CONNACK over all attempts (reconnects included). */
    CONNECT_SUCCESS_RATIO("connect_success_ratio", false);

    private final String name;
    private final boolean perMessageKind;

    SloMetric(String name, boolean perMessageKind) {
        this.name = name;
        this.perMessageKind = perMessageKind;
    }

    /** The ratio's name in an expression; null for {@link #LATENCY}. */
    public String ratioName() {
        return name;
    }

    /** Whether {@code {kind=...}} may narrow it to one message kind. */
    public boolean perMessageKind() {
        return perMessageKind;
    }

    public boolean isRatio() {
        return this != LATENCY;
    }

    /** The ratio named so, or null. */
    static SloMetric ratio(String name) {
        for (SloMetric metric : values()) {
            if (name.equals(metric.name)) {
                return metric;
            }
        }
        return null;
    }

    static String ratioNames() {
        StringBuilder names = new StringBuilder();
        for (SloMetric metric : values()) {
            if (metric.name != null) {
                names.append(names.length() == 0 ? "" : ", ").append(metric.name);
            }
        }
        return names.toString();
    }
}
