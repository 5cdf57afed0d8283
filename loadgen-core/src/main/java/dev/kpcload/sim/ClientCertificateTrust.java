package dev.kpcload.sim;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Checks client certificates during the handshake, as KPC does: the chain must lead to the client CA (the JDK's
 * PKIX checks: signatures, validity, key usage), the certificate must not be revoked, and it must authenticate an
 * endpoint. A refusal is a {@link RefusedCertificate}: the handshake fails and the client gets an alert
 * ({@code certificate_revoked} for a revoked one, {@code certificate_unknown} or the like otherwise). Server
 * certificates are never checked here. Thread-safe: it holds only immutable state.
 */
final class ClientCertificateTrust extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager ca;
    private final RevokedList revoked;
    private final CertificateEndpoints endpoints;

    ClientCertificateTrust(X509ExtendedTrustManager ca, RevokedList revoked, CertificateEndpoints endpoints) {
        this.ca = ca;
        this.revoked = revoked;
        this.endpoints = endpoints;
    }

    /** The PKIX check the client CA makes. */
    @FunctionalInterface
    private interface CaCheck {
        void check() throws CertificateException;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
        check(chain, () -> ca.checkClientTrusted(chain, authType, engine));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
        check(chain, () -> ca.checkClientTrusted(chain, authType, socket));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, () -> ca.checkClientTrusted(chain, authType));
    }

    private void check(X509Certificate[] chain, CaCheck caCheck) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new RefusedCertificate(SimTlsFailure.NO_CERTIFICATE, "empty client certificate chain", null);
        }
        try {
            caCheck.check();
        } catch (CertificateException e) {
            // the cause stays: both providers choose the alert (certificate_expired, ...) from it
            SimTlsFailure reason = expired(e) ? SimTlsFailure.EXPIRED : SimTlsFailure.UNTRUSTED;
            throw new RefusedCertificate(reason, "client certificate '" + chain[0].getSubjectX500Principal()
                + "' refused: " + e.getMessage(), e);
        }
        X509Certificate leaf = chain[0];
        if (revoked.contains(leaf)) {
            throw new RefusedCertificate(SimTlsFailure.REVOKED, "client certificate revoked ("
                + IssuerSerial.of(leaf).describe() + ")", new CertPathValidatorException("revoked", null, null, -1,
                CertPathValidatorException.BasicReason.REVOKED));
        }
        if (endpoints.endpointOf(leaf).isEmpty()) {
            throw new RefusedCertificate(SimTlsFailure.UNKNOWN_CERTIFICATE, endpoints.whyUnknown(leaf), null);
        }
    }

    private static boolean expired(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                return true;
            }
            if (t instanceof CertPathValidatorException e
                && (e.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                || e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
        throw new CertificateException("the simulator checks client certificates only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
        throw new CertificateException("the simulator checks client certificates only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the simulator checks client certificates only");
    }

    /** The client CA's subjects: sent in the CertificateRequest, so clients offer a certificate it issued. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return ca.getAcceptedIssuers();
    }
}
