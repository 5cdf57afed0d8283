package dev.kpcload.tls;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.InetAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class VerifiedChainCacheTest {

    private static final Instant START = Instant.parse("2031-03-01T00:00:00Z");
    private static X509Certificate[] chain;
    private static X509Certificate[] otherChain;

    private final AtomicLong now = new AtomicLong(START.plus(Duration.ofDays(1)).toEpochMilli());
    private final CountingTrust delegate = new CountingTrust();
    private final VerifiedChainCache cache = new VerifiedChainCache(delegate, now::get);

    @BeforeAll
    static void makeChains() {
        TestPki pki = TestPki.create(KeyType.EC, new Validity(START, Duration.ofDays(30)), new SecureRandom(), "ca");
        chain = pki.server(List.of("localhost"), List.of(InetAddress.getLoopbackAddress())).chain()
            .toArray(X509Certificate[]::new);
        otherChain = pki.server(List.of("localhost"), List.of(InetAddress.getLoopbackAddress())).chain()
            .toArray(X509Certificate[]::new);
    }

    @Test
    void aChainVerifiedForAHostIsNotVerifiedAgainForThatHost() throws Exception {
        for (int i = 0; i < 5; i++) {
            cache.checkServerTrusted(chain, "ECDHE_ECDSA", engine("localhost"));
        }
        assertEquals(1, delegate.calls.size());
        assertEquals(1, cache.size());
    }

    @Test
    void anotherHostAnotherChainOrAnotherKeyExchangeIsVerified() throws Exception {
        cache.checkServerTrusted(chain, "ECDHE_ECDSA", engine("localhost"));
        cache.checkServerTrusted(chain, "ECDHE_ECDSA", engine("kpc.example"));
        cache.checkServerTrusted(otherChain, "ECDHE_ECDSA", engine("localhost"));
        cache.checkServerTrusted(chain, "ECDHE_RSA", engine("localhost"));
        cache.checkServerTrusted(chain.clone(), "ECDHE_ECDSA", engine("localhost"));

        // the last is the first again (equal bytes in a new array): remembered
        assertEquals(List.of("localhost", "kpc.example", "localhost", "localhost"), delegate.calls);
    }

    @Test
    void aRefusedChainIsRefusedEveryTime() {
        delegate.refuse = true;
        for (int i = 0; i < 3; i++) {
            assertThrows(CertificateException.class,
                () -> cache.checkServerTrusted(chain, "ECDHE_ECDSA", engine("localhost")));
        }
        assertEquals(3, delegate.calls.size());
        assertEquals(0, cache.size());
    }

    @Test
    void aChainIsVerifiedAfreshOnceItExpires() throws Exception {
        cache.checkServerTrusted(chain, "ECDHE_ECDSA", engine("localhost"));
        now.set(chain[0].getNotAfter().getTime() - 1);
        cache.checkServerTrusted(chain, "ECDHE_ECDSA", engine("localhost"));
        assertEquals(1, delegate.calls.size());

        now.set(chain[0].getNotAfter().getTime());
        delegate.refuse = true; // as the JDK's PKIX check would, past notAfter
        assertThrows(CertificateException.class,
            () -> cache.checkServerTrusted(chain, "ECDHE_ECDSA", engine("localhost")));
        assertEquals(2, delegate.calls.size());
        assertEquals(0, cache.size());
    }

    @Test
    void beyondItsCapacityChainsAreVerifiedEveryTime() throws Exception {
        for (int i = 0; i < VerifiedChainCache.CAPACITY; i++) {
            cache.checkServerTrusted(chain, "ECDHE_ECDSA", engine("host-" + i));
        }
        cache.checkServerTrusted(chain, "ECDHE_ECDSA", engine("one-too-many"));
        cache.checkServerTrusted(chain, "ECDHE_ECDSA", engine("one-too-many"));

        assertEquals(VerifiedChainCache.CAPACITY, cache.size());
        assertEquals(VerifiedChainCache.CAPACITY + 2, delegate.calls.size());
    }

    private static SSLEngine engine(String host) throws Exception {
        return SSLContext.getDefault().createSSLEngine(host, 8883);
    }

    /** Records the peer host of every verification it is asked for; refuses them all when told to. */
    private static final class CountingTrust extends X509ExtendedTrustManager {
        final List<String> calls = new ArrayList<>();
        boolean refuse;

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            calls.add(engine.getPeerHost());
            if (refuse) {
                throw new CertificateException("refused");
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException();
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
