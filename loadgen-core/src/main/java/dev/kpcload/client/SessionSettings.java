package dev.kpcload.client;

/**
 * How every device of a run talks 1/KP over MQTT.
 *
 * @param maxBacklog      per-device bound of the backlog; beyond it messages are dropped as {@code backlog_full}
 * @param timerSlackNanos how late a due message may be written so that one event-loop wakeup writes every message
 *                        due within that time (0: a wakeup at each message's intended time); see
 *                        {@link Lane}. It shows in send lag and in every latency from intended time.
 */
public record SessionSettings(String appVersion, String epmxInstance, ConfirmMode confirm, int qos, int inflight,
                              BacklogPolicy backlogPolicy, int maxBacklog, long responseTimeoutNanos,
                              int keepaliveSeconds, long connectTimeoutNanos, ReconnectBackoff reconnect,
                              long timerSlackNanos) {

    /** Settings whose lanes wake at each message's intended time (no timer slack). */
    public SessionSettings(String appVersion, String epmxInstance, ConfirmMode confirm, int qos, int inflight,
                           BacklogPolicy backlogPolicy, int maxBacklog, long responseTimeoutNanos,
                           int keepaliveSeconds, long connectTimeoutNanos, ReconnectBackoff reconnect) {
        this(appVersion, epmxInstance, confirm, qos, inflight, backlogPolicy, maxBacklog, responseTimeoutNanos,
            keepaliveSeconds, connectTimeoutNanos, reconnect, 0);
    }

    /** Settings without reconnects. */
    public SessionSettings(String appVersion, String epmxInstance, ConfirmMode confirm, int qos, int inflight,
                           BacklogPolicy backlogPolicy, int maxBacklog, long responseTimeoutNanos,
                           int keepaliveSeconds, long connectTimeoutNanos) {
        this(appVersion, epmxInstance, confirm, qos, inflight, backlogPolicy, maxBacklog, responseTimeoutNanos,
            keepaliveSeconds, connectTimeoutNanos, ReconnectBackoff.OFF);
    }

    public SessionSettings {
        if (qos < 0 || qos > 1) {
            throw new IllegalArgumentException("qos must be 0 or 1");
        }
        if (confirm == ConfirmMode.PUBACK && qos != 1) {
            throw new IllegalArgumentException("confirm=puback needs QoS 1");
        }
        if (confirm == ConfirmMode.NONE && qos != 0) {
            throw new IllegalArgumentException("confirm=none uses QoS 0");
        }
        if (inflight < 1 || inflight > 65_535) {
            throw new IllegalArgumentException("inflight must be 1..65535");
        }
        if (timerSlackNanos < 0) {
            throw new IllegalArgumentException("timerSlackNanos must not be negative");
        }
    }

    public SessionSettings withTimerSlack(long nanos) {
        return new SessionSettings(appVersion, epmxInstance, confirm, qos, inflight, backlogPolicy, maxBacklog,
            responseTimeoutNanos, keepaliveSeconds, connectTimeoutNanos, reconnect, nanos);
    }

    public boolean usesRequestIds() {
        return confirm == ConfirmMode.STATUS;
    }
}
