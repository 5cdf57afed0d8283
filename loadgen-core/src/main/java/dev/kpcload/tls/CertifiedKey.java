package dev.kpcload.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A private key with its certificate chain, leaf first (for a generated certificate: just the leaf).
 */
public record CertifiedKey(List<X509Certificate> chain, PrivateKey key) {

    public CertifiedKey {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certified key needs its certificate");
        }
        chain = List.copyOf(chain);
    }

    public CertifiedKey(X509Certificate certificate, PrivateKey key) {
        this(List.of(certificate), key);
    }

    /** The certificate that holds the key's public half. */
    public X509Certificate certificate() {
        return chain.get(0);
    }
}
