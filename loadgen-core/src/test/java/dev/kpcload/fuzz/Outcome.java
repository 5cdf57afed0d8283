package dev.kpcload.fuzz;

/** What one fuzz input came to, tallied to show how deep the inputs reach. */
public enum Outcome {
    /** Closed with a counted protocol error. */
    CLOSED_PROTOCOL_ERROR,
    /** Closed by a refused connect (a CONNACK with a refusal, sent or received). */
    CLOSED_REFUSED,
    /** Closed for another counted reason (DISCONNECT, a QoS 2 PUBLISH). */
    CLOSED_OTHER,
    /** Open, and 1/KP was served: the simulator replied, or the client settled a message by a reply. */
    OPEN_SERVED,
    /** Open, nothing served: an incomplete frame, a ping, a reply that matched nothing. */
    OPEN_IDLE
}
