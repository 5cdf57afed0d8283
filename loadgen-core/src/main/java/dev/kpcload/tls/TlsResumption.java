package dev.kpcload.tls;

/**
 * Which earlier TLS sessions a connection may resume ({@code --tls-resumption}). The client's session cache is keyed
 * by peer host and port; the port of a device's engine is only that key (SNI and the host name check use the host),
 * so giving each device a key of its own keeps a fleet of distinct devices from resuming each other's sessions.
 */
public enum TlsResumption {
    /** Every connect a full handshake: nothing is resumed. */
    OFF,
    /** A device resumes only its own earlier session (on reconnect), as real devices do: the default. */
    DEVICE,
    /** Any device resumes any session of the fleet: cheap handshakes, as after a fleet-wide reconnect of one device. */
    FLEET
}
