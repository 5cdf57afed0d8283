package dev.kpcload.metrics;

/** How a completed TLS handshake got its session: a full handshake, or an earlier session resumed. */
public enum TlsSession implements Tagged {
    /** A new session: key exchange and the server's certificate (and ours) checked. */
    FULL("full"),
    /** An earlier session resumed (TLS 1.2 session ID or ticket, TLS 1.3 PSK): no certificates sent. */
    RESUMED("resumed");

    private final String tag;

    TlsSession(String tag) {
        this.tag = tag;
    }

    @Override
    public String tag() {
        return tag;
    }
}
