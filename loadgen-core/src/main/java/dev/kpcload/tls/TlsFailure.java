package dev.kpcload.tls;

/** Why a TLS handshake failed, as counted and reported ({@code tls_untrusted}, ...). */
public enum TlsFailure {
    /** The server's certificate does not chain to a trusted CA (or is self-signed and not trusted). */
    UNTRUSTED("tls_untrusted"),
    /** The server's certificate is valid but does not name the host we dialled. */
    HOSTNAME("tls_hostname"),
    /** The server's certificate (or one of its chain) is expired or not yet valid. */
    EXPIRED("tls_expired"),
    /** Client and server have no protocol version in common. */
    PROTOCOL_VERSION("tls_protocol_version"),
    /** The handshake did not finish in time. */
    HANDSHAKE_TIMEOUT("tls_handshake_timeout"),
    /** The server refused our certificate: none given when one is required, untrusted, revoked, unknown. */
    BAD_CERTIFICATE("tls_bad_certificate"),
    /** The server refused our certificate as expired or not yet valid (its {@code certificate_expired} alert). */
    CLIENT_EXPIRED("tls_client_expired"),
    /** Anything else: a reset mid-handshake, no common cipher, a malformed record. */
    OTHER("tls_other");

    private final String metricName;

    TlsFailure(String metricName) {
        this.metricName = metricName;
    }

    /** The counter's name in summaries, JSON and Prometheus. */
    public String metricName() {
        return metricName;
    }
}
