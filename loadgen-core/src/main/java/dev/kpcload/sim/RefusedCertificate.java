package dev.kpcload.sim;

import java.security.cert.CertificateException;

/**
 * The simulator's refusal of a client certificate, with the reason it is counted by. Thrown by
 * {@link ClientCertificateTrust} inside the handshake; both TLS providers keep it as the cause of the handshake's
 * failure, where {@link SimTlsFailure#classify} finds it. Its cause, when it has one, chooses the alert.
 */
final class RefusedCertificate extends CertificateException {

    private final SimTlsFailure reason;

    RefusedCertificate(SimTlsFailure reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    SimTlsFailure reason() {
        return reason;
    }

    /** A storm of refused handshakes should not pay for stack traces no one reads. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
