package dev.kpcload.client;

/** What happens to a due message when its device cannot send it now. */
public enum BacklogPolicy {
    /** Wait in the device's backlog, intended time kept, until the device can send (bounded). */
    QUEUE,
    /** Drop it at once and count why. */
    DROP
}
