package dev.kpcload.tls;

/** Which TLS implementation the client uses: {@code --tls-provider auto|openssl|jdk}. */
public enum TlsProvider {
    /** OpenSSL (BoringSSL from netty-tcnative) when its native library loads, else the JDK with a notice. */
    AUTO,
    /** BoringSSL through netty-tcnative: several times cheaper per handshake than the JDK's engine. */
    OPENSSL,
    /** The JDK's own SSLEngine. */
    JDK
}
