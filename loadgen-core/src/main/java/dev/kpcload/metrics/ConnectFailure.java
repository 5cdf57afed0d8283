package dev.kpcload.metrics;

/** Why a connect attempt failed (before CONNACK, or with a refusing CONNACK). */
public enum ConnectFailure implements Tagged {
    /** The server refused the TCP connection. */
    REFUSED("refused"),
    /** Another error of the TCP connect call (network unreachable, ...). */
    CONNECT_ERROR("connect_error"),
    /** The TCP connect itself did not complete in time. */
    TCP_TIMEOUT("tcp_timeout"),
    NO_ROUTE("no_route"),
    UNKNOWN_HOST("unknown_host"),
    /** The process ran out of file descriptors: the open-file limit. */
    TOO_MANY_OPEN_FILES("too_many_open_files"),
    /** The source address ran out of ephemeral ports. */
    NO_FREE_LOCAL_PORT("no_free_local_port"),
    IO_ERROR("io_error"),
    /** No CONNACK within the connect timeout, counted from the intended start. */
    TIMEOUT("timeout"),
    /** The server closed the connection before CONNACK. */
    CLOSED_BEFORE_CONNACK("closed_before_connack"),
    /** The server sent something that is not valid MQTT. */
    PROTOCOL_ERROR("protocol_error"),
    KEEPALIVE_TIMEOUT("keepalive_timeout"),
    // TLS: the handshake failed, or the server refused our certificate right after it (TLS 1.3)
    /** The server's certificate does not chain to a trusted CA. */
    TLS_UNTRUSTED("tls_untrusted"),
    /** The server's certificate does not name the host dialled. */
    TLS_HOSTNAME("tls_hostname"),
    /** The server's certificate is expired or not yet valid. */
    TLS_EXPIRED("tls_expired"),
    /** No TLS version in common. */
    TLS_PROTOCOL_VERSION("tls_protocol_version"),
    /** The handshake did not finish within its timeout. */
    TLS_HANDSHAKE_TIMEOUT("tls_handshake_timeout"),
    /** The server refused our client certificate (none, untrusted, expired, revoked, unknown). */
    TLS_BAD_CERTIFICATE("tls_bad_certificate"),
    /** The server refused our client certificate as expired or not yet valid. */
    TLS_CLIENT_EXPIRED("tls_client_expired"),
    /** Any other TLS failure: no common cipher, a malformed record, a reset mid-handshake. */
    TLS_OTHER("tls_other"),
    /** An unexpected exception in the client's own handlers. */
    HANDLER_ERROR("handler_error"),
    // the MQTT 3.1.1 CONNACK refusals (return codes 1 to 5)
    CONNACK_UNACCEPTABLE_PROTOCOL_VERSION("connack_unacceptable_protocol_version"),
    CONNACK_IDENTIFIER_REJECTED("connack_identifier_rejected"),
    CONNACK_SERVER_UNAVAILABLE("connack_server_unavailable"),
    CONNACK_BAD_USER_NAME_OR_PASSWORD("connack_bad_user_name_or_password"),
    CONNACK_NOT_AUTHORIZED("connack_not_authorized"),
    /** A CONNACK refusal MQTT 3.1.1 does not define (an MQTT 5 reason code). */
    CONNACK_OTHER("connack_other");

    private final String tag;

    ConnectFailure(String tag) {
        this.tag = tag;
    }

    @Override
    public String tag() {
        return tag;
    }
}
