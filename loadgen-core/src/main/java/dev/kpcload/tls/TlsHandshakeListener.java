package dev.kpcload.tls;

/** Told once per connection how its TLS handshake ended; called on the channel's event loop. */
public interface TlsHandshakeListener {

    /**
     * The handshake finished, {@code nanos} after the TCP connection was up; {@code resumed}: it resumed an earlier
     * session (see {@link SessionReuse}) rather than making a new one.
     */
    void handshakeDone(long nanos, boolean resumed);

    /** The handshake failed, of {@code kind}, {@code nanos} after the TCP connection was up. */
    void handshakeFailed(TlsFailure kind, Throwable cause, long nanos);

    /**
     * After {@link #handshakeDone}, the TLS session ended with an error, such as the alert of a TLS 1.3 server that
     * refuses our certificate only once our side of the handshake is finished ({@link TlsFailure#BAD_CERTIFICATE}).
     */
    void refusedAfterHandshake(TlsFailure kind, Throwable cause);
}
