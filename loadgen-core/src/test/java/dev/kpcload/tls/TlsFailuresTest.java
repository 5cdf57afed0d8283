package dev.kpcload.tls;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The texts and chains each provider was seen to give on loopback (TlsHandshakeLoopbackTest), classified. */
class TlsFailuresTest {

    private static SSLHandshakeException handshake(String message, Throwable cause) {
        SSLHandshakeException e = new SSLHandshakeException(message);
        e.initCause(cause);
        return e;
    }

    @Test
    void ourVerdictsOnTheServerCertificateComeFromTheCauseChain() {
        assertEquals(TlsFailure.UNTRUSTED, TlsFailures.classify(handshake("General OpenSslEngine problem",
            new CertificateException("PKIX path building failed",
                new CertPathBuilderException("unable to find valid certification path to requested target")))));
        assertEquals(TlsFailure.EXPIRED, TlsFailures.classify(handshake("PKIX path validation failed",
            new CertPathValidatorException("validity check failed",
                new CertificateExpiredException("NotAfter: Fri Jan 01 00:00:00 UTC 2021"), null, -1,
                CertPathValidatorException.BasicReason.EXPIRED))));
        assertEquals(TlsFailure.EXPIRED, TlsFailures.classify(new CertPathValidatorException("validity check failed",
            null, null, -1, CertPathValidatorException.BasicReason.NOT_YET_VALID)));
        assertEquals(TlsFailure.UNTRUSTED, TlsFailures.classify(new CertPathValidatorException("revoked",
            null, null, -1, CertPathValidatorException.BasicReason.REVOKED)));
        assertEquals(TlsFailure.HOSTNAME, TlsFailures.classify(handshake("General OpenSslEngine problem",
            new CertificateException("No subject alternative names matching IP address 127.0.0.2 found"))));
        assertEquals(TlsFailure.HOSTNAME, TlsFailures.classify(handshake("x",
            new CertificateException("No subject alternative DNS name matching kpc.example found."))));
    }

    @Test
    void alertsFromTheServerInTheJdksAndBoringSslsWords() {
        assertEquals(TlsFailure.BAD_CERTIFICATE,
            TlsFailures.classify(new SSLHandshakeException("Received fatal alert: bad_certificate")));
        assertEquals(TlsFailure.BAD_CERTIFICATE,
            TlsFailures.classify(new SSLHandshakeException("Received fatal alert: certificate_required")));
        assertEquals(TlsFailure.BAD_CERTIFICATE, TlsFailures.classify(new DecoderException(new SSLException(
            "error:10000412:SSL routines:OPENSSL_internal:SSLV3_ALERT_BAD_CERTIFICATE"))));
        assertEquals(TlsFailure.BAD_CERTIFICATE, TlsFailures.classify(new SSLException(
            "error:1000045c:SSL routines:OPENSSL_internal:TLSV13_ALERT_CERTIFICATE_REQUIRED")));
        assertEquals(TlsFailure.PROTOCOL_VERSION,
            TlsFailures.classify(new SSLHandshakeException("Received fatal alert: protocol_version")));
        assertEquals(TlsFailure.PROTOCOL_VERSION, TlsFailures.classify(new SSLHandshakeException(
            "error:1000042e:SSL routines:OPENSSL_internal:TLSV1_ALERT_PROTOCOL_VERSION")));
    }

    @Test
    void timeoutsAndTheRest() {
        assertEquals(TlsFailure.HANDSHAKE_TIMEOUT,
            TlsFailures.classify(new SslHandshakeTimeoutException("handshake timed out after 300ms")));
        assertEquals(TlsFailure.OTHER, TlsFailures.classify(new SSLException("Connection reset")));
        assertEquals(TlsFailure.OTHER, TlsFailures.classify(new SSLHandshakeException(
            "Received fatal alert: handshake_failure")));
        assertEquals(TlsFailure.OTHER, TlsFailures.classify(null));
    }
}
