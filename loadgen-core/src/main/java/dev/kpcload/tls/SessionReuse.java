package dev.kpcload.tls;

import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.internal.tcnative.SSL;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;

/**
 * Whether a client engine's completed handshake resumed an earlier session. Read once per handshake, right after it
 * completed, on the channel's event loop.
 *
 * <p>OpenSSL (BoringSSL): what the library itself says, {@code SSL_session_reused}. Netty 4.2.18's
 * {@code ReferenceCountedOpenSslEngine.isSessionReused()} is package-private, so this asks tcnative directly with
 * the engine's (public) SSL pointer, which lives until the engine is released at close.
 *
 * <p>JDK: there is no public flag. A resumed session is the earlier {@link SSLSession} (TLS 1.2) or a copy of it
 * that keeps its creation time (TLS 1.3 PSK), while a full handshake creates its session during the handshake: so
 * the session is resumed when it was created before this connection's handshake started. The comparison is strict
 * and in wall-clock milliseconds: a session made by another connection in the very millisecond this one's TCP
 * connect completed would count as full (an undercount, never a false resume).
 */
public final class SessionReuse {

    private SessionReuse() {
    }

    /**
     * @param startMillis wall-clock time ({@link System#currentTimeMillis()}) when this connection's handshake began
     */
    public static boolean resumed(SSLEngine engine, long startMillis) {
        if (engine instanceof ReferenceCountedOpenSslEngine) {
            return OpenSsl.resumed(engine);
        }
        SSLSession session = engine.getSession();
        return session != null && session.isValid() && session.getCreationTime() < startMillis;
    }

    /** Touches tcnative only for OpenSSL engines, so a JDK-only run never loads it. */
    private static final class OpenSsl {
        static boolean resumed(SSLEngine engine) {
            ReferenceCountedOpenSslEngine openssl = (ReferenceCountedOpenSslEngine) engine;
            long ssl = openssl.sslPointer();
            return ssl != 0 && SSL.isSessionReused(ssl);
        }
    }
}
