package dev.kpcload.tls;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Trusts a server certificate chain it has already seen verified, for the same host, without building and checking
 * its certification path again. Every device of a fleet gets the same chain from the same server, and the JDK's PKIX
 * path validation that the trust manager runs per handshake was 18 % of the I/O threads' CPU in a connect storm
 * (more than the client's share of the TLS crypto); the server's cost does not depend on it, so a load generator
 * should not pay it 19,000 times.
 *
 * <p>What each handshake still proves: the TLS stack (BoringSSL or JSSE) checks the server's signature over the
 * handshake with the certificate's key, so only a server holding the key of an already verified certificate is
 * accepted. What is remembered: the chain's exact DER bytes, the key exchange's authentication type and the peer
 * host (whose name the delegate checked), until the earliest {@code notAfter} in the chain; then it is verified
 * afresh. A failed verification is never remembered. At most {@link #CAPACITY} chains are kept (a fleet dials a
 * handful of servers); beyond that, chains are verified every time.
 */
public final class VerifiedChainCache extends X509ExtendedTrustManager {

    static final int CAPACITY = 64;

    private final X509ExtendedTrustManager delegate;
    private final LongSupplier wallClockMillis;
    /** Verified chain to the end of its validity, in wall-clock milliseconds. */
    private final Map<Verified, Long> verified = new ConcurrentHashMap<>();

    public VerifiedChainCache(X509ExtendedTrustManager delegate) {
        this(delegate, System::currentTimeMillis);
    }

    VerifiedChainCache(X509ExtendedTrustManager delegate, LongSupplier wallClockMillis) {
        this.delegate = delegate;
        this.wallClockMillis = wallClockMillis;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        Verified key = Verified.of(chain, authType, engine == null ? null : engine.getPeerHost());
        if (key != null && isVerified(key)) {
            return;
        }
        delegate.checkServerTrusted(chain, authType, engine);
        remember(key, chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        // not used by Netty; a socket's peer host is not at hand, so nothing is remembered
        delegate.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }

    /** How many chains are remembered now. */
    int size() {
        return verified.size();
    }

    private boolean isVerified(Verified key) {
        Long until = verified.get(key);
        if (until == null) {
            return false;
        }
        if (wallClockMillis.getAsLong() < until) {
            return true;
        }
        verified.remove(key);
        return false;
    }

    private void remember(Verified key, X509Certificate[] chain) {
        if (key == null || verified.size() >= CAPACITY) {
            return;
        }
        long until = Long.MAX_VALUE;
        for (X509Certificate certificate : chain) {
            until = Math.min(until, certificate.getNotAfter().getTime());
        }
        verified.put(key, until);
    }

    /** A chain by its bytes, with what its verification depended on. */
    private record Verified(byte[][] chain, String authType, String host, int hash) {

        /** Null when a certificate cannot be encoded (then it is verified every time). */
        static Verified of(X509Certificate[] chain, String authType, String host) {
            if (chain == null || chain.length == 0) {
                return null;
            }
            byte[][] encoded = new byte[chain.length][];
            try {
                for (int i = 0; i < chain.length; i++) {
                    encoded[i] = chain[i].getEncoded();
                }
            } catch (CertificateEncodingException e) {
                return null;
            }
            int hash = Arrays.deepHashCode(encoded) * 31 + java.util.Objects.hash(authType, host);
            return new Verified(encoded, authType, host, hash);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Verified v && hash == v.hash && Arrays.deepEquals(chain, v.chain)
                && java.util.Objects.equals(authType, v.authType) && java.util.Objects.equals(host, v.host);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
