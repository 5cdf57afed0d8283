package dev.kpcload.client;

/** What confirms a message, and so what its latency is measured to. */
public enum ConfirmMode {
    /** A request ID in the topic; the 1/KP {@code /status} or {@code /error} reply confirms. */
    STATUS,
    /** QoS 1 without request ID; the PUBACK confirms. */
    PUBACK,
    /** QoS 0 without request ID, like the tutorial meter: nothing confirms; a message counts once written. */
    NONE
}
