package dev.kpcload.sim;

import dev.kpcload.metrics.Tagged;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Why the simulator's side of a TLS handshake failed, as counted ({@code kpcsim_tls_handshake_failures}). */
public enum SimTlsFailure implements Tagged {
    /** A client certificate the map does not hold, or (without a map) whose CN is not a token. */
    UNKNOWN_CERTIFICATE("unknown_certificate"),
    /** A client certificate on the revoked list. */
    REVOKED("revoked"),
    /** A client certificate that does not chain to the client CA (or is otherwise invalid). */
    UNTRUSTED("untrusted"),
    /** A client certificate expired or not yet valid. */
    EXPIRED("expired"),
    /** Client certificates are required and the client sent none. */
    NO_CERTIFICATE("no_certificate"),
    /** The client spoke something other than TLS (plain MQTT on the TLS port, say). */
    NOT_TLS("not_tls"),
    /** The handshake did not finish in time. */
    HANDSHAKE_TIMEOUT("handshake_timeout"),
    /** Anything else: the client refused our certificate or left, no common version or cipher. */
    OTHER("other");

    /** How the JDK and BoringSSL say that no client certificate came, in lower case. */
    private static final List<String> NO_CERTIFICATE_WORDS = List.of(
        "empty client certificate chain", "peer_did_not_return_a_certificate", "certificate_required");

    private final String tag;

    SimTlsFailure(String tag) {
        this.tag = tag;
    }

    @Override
    public String tag() {
        return tag;
    }

    /** From a failed handshake's exception chain; our own refusals carry their reason. */
    static SimTlsFailure classify(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        SimTlsFailure found = OTHER;
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof RefusedCertificate refused) {
                return refused.reason();
            }
            if (t instanceof SslHandshakeTimeoutException) {
                return HANDSHAKE_TIMEOUT;
            }
            if (t instanceof NotSslRecordException) {
                return NOT_TLS;
            }
            String message = t.getMessage();
            if (message != null && found == OTHER) {
                String text = message.toLowerCase(Locale.ROOT);
                if (NO_CERTIFICATE_WORDS.stream().anyMatch(text::contains)) {
                    found = NO_CERTIFICATE;
                }
            }
        }
        return found;
    }
}
