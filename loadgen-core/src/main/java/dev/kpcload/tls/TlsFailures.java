package dev.kpcload.tls;

import io.netty.handler.ssl.SslHandshakeTimeoutException;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXReason;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.Collections;

/**
 * Classifies why a TLS handshake failed from its exception chain. Both providers check the server's certificate
 * with the JDK's trust manager (Netty hands BoringSSL's verify callback to it), so our own verdicts arrive as the
 * same certificate exceptions under either provider; what the server tells us arrives as an alert, whose text
 * differs: the JDK says {@code Received fatal alert: bad_certificate}, BoringSSL
 * {@code error:10000412:SSL routines:OPENSSL_internal:SSLV3_ALERT_BAD_CERTIFICATE}.
 */
public final class TlsFailures {

    /** Alerts a server sends about our certificate, in the JDK's and BoringSSL's spelling (lower case). */
    private static final List<String> REFUSED_OUR_CERTIFICATE = List.of(
        "alert: bad_certificate", "alert: certificate_required", "alert: unknown_ca", "alert: certificate_unknown",
        "alert: certificate_expired", "alert: certificate_revoked", "alert: unsupported_certificate",
        "alert_bad_certificate", "alert_certificate_required", "alert_unknown_ca", "alert_certificate_unknown",
        "alert_certificate_expired", "alert_certificate_revoked", "alert_unsupported_certificate");

    /** The alert of a server that finds our certificate out of date. */
    private static final List<String> OUR_CERTIFICATE_EXPIRED = List.of(
        "alert: certificate_expired", "alert_certificate_expired");

    /** No version in common: the peer's alert, or our own refusal of the version it chose. */
    private static final List<String> PROTOCOL_VERSION = List.of(
        "alert: protocol_version", "alert_protocol_version", "unsupported_protocol", "no appropriate protocol",
        "is not accepted by client preferences", "wrong_version_number", "unsupported protocol");

    /** The JDK's HostnameChecker's words for a certificate that does not name the host. */
    private static final List<String> HOSTNAME = List.of(
        "no subject alternative names", "no subject alternative dns name", "no name matching");

    private TlsFailures() {
    }

    public static TlsFailure classify(Throwable failure) {
        List<Throwable> chain = chain(failure);
        for (Throwable t : chain) {
            if (t instanceof SslHandshakeTimeoutException) {
                return TlsFailure.HANDSHAKE_TIMEOUT;
            }
        }
        // Our verdict on the server's certificate, from the most specific cause.
        for (Throwable t : chain) {
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                return TlsFailure.EXPIRED;
            }
            if (t instanceof CertPathValidatorException e) {
                CertPathValidatorException.Reason reason = e.getReason();
                if (reason == CertPathValidatorException.BasicReason.EXPIRED
                    || reason == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                    return TlsFailure.EXPIRED;
                }
            }
        }
        for (Throwable t : chain) {
            if (t instanceof CertPathBuilderException) {
                return TlsFailure.UNTRUSTED;
            }
            if (t instanceof CertPathValidatorException e && e.getReason() == PKIXReason.NO_TRUST_ANCHOR) {
                return TlsFailure.UNTRUSTED;
            }
            if (t instanceof CertificateException && contains(t, HOSTNAME)) {
                return TlsFailure.HOSTNAME;
            }
        }
        // What the peer told us in an alert, or the engine's own words.
        for (Throwable t : chain) {
            if (contains(t, PROTOCOL_VERSION)) {
                return TlsFailure.PROTOCOL_VERSION;
            }
            if (contains(t, OUR_CERTIFICATE_EXPIRED)) {
                return TlsFailure.CLIENT_EXPIRED;
            }
            if (contains(t, REFUSED_OUR_CERTIFICATE)) {
                return TlsFailure.BAD_CERTIFICATE;
            }
        }
        for (Throwable t : chain) {
            if (t instanceof CertPathValidatorException) {
                // Revoked, a bad signature, an unusable key: the server's certificate, not trusted.
                return TlsFailure.UNTRUSTED;
            }
        }
        return TlsFailure.OTHER;
    }

    /** Whether {@code failure} is a TLS error (an {@code SSLException} in its causes), not a plain socket one. */
    public static boolean isTls(Throwable failure) {
        for (Throwable t : chain(failure)) {
            if (t instanceof javax.net.ssl.SSLException) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(Throwable t, List<String> needles) {
        String message = t.getMessage();
        if (message == null) {
            return false;
        }
        String text = message.toLowerCase(Locale.ROOT);
        for (String needle : needles) {
            if (text.contains(needle)) {
                return true;
            }
        }
        return false;
    }

    /** The failure and its causes, each once (a chain may loop). */
    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
