package dev.kpcload.sim;

import dev.kpcload.InvalidInputException;
import dev.kpcload.tls.CertifiedKey;
import dev.kpcload.tls.PemFiles;
import dev.kpcload.tls.ProviderChoice;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * The simulator's TLS, made once at start from a {@link SimTls}: every file read and checked, and the one server
 * {@link SslContext} all connections share (for OpenSSL, one native SSL_CTX with the parsed key and trust).
 */
final class ServerTls {

    private final SimTls settings;
    private final SslContext context;
    private final ProviderChoice choice;
    private final CertificateEndpoints endpoints;
    private final int mapped;
    private final int revoked;

    private ServerTls(SimTls settings, SslContext context, ProviderChoice choice, CertificateEndpoints endpoints,
                      int mapped, int revoked) {
        this.settings = settings;
        this.context = context;
        this.choice = choice;
        this.endpoints = endpoints;
        this.mapped = mapped;
        this.revoked = revoked;
    }

    /**
     * @throws InvalidInputException a file that is missing, unreadable or wrong, named in one line
     * @throws dev.kpcload.CannotRunException OpenSSL asked for and not loadable
     */
    static ServerTls build(SimTls tls) {
        CertifiedKey server = PemFiles.readCertifiedKey(tls.certChain(), tls.key());
        ProviderChoice choice = ProviderChoice.choose(tls.provider());
        SslContextBuilder builder = SslContextBuilder.forServer(server.key(), server.chain())
            .sslProvider(choice.provider());
        CertificateEndpoints endpoints = null;
        int mapped = 0;
        int revokedCount = 0;
        if (tls.clientCa() != null) {
            List<X509Certificate> cas = PemFiles.readCertificates(tls.clientCa());
            CertificateMap map = tls.certMap() == null ? null : CertificateMap.load(tls.certMap());
            RevokedList revoked = tls.revoked() == null ? RevokedList.NONE : RevokedList.load(tls.revoked());
            endpoints = new CertificateEndpoints(map);
            mapped = map == null ? 0 : map.size();
            revokedCount = revoked.size();
            builder.trustManager(new ClientCertificateTrust(pkix(cas, tls.clientCa()), revoked, endpoints))
                .clientAuth(tls.clientAuth().netty());
        }
        try {
            return new ServerTls(tls, builder.build(), choice, endpoints, mapped, revokedCount);
        } catch (SSLException | IllegalArgumentException e) {
            throw new InvalidInputException(tls.certChain() + " with key " + tls.key() + ": cannot serve TLS with it: "
                + oneLine(e));
        }
    }

    /** The JDK's PKIX trust manager with the client CA's certificates as its anchors. */
    private static X509ExtendedTrustManager pkix(List<X509Certificate> cas, Path file) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                store.setCertificateEntry("client-ca-" + i, cas.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("the JDK's " + factory.getAlgorithm() + " trust manager is not X.509");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new InvalidInputException(file + ": cannot trust its certificates: " + oneLine(e));
        }
    }

    /** A handler for one accepted connection (the server side needs no peer host). */
    SslHandler newHandler(ByteBufAllocator alloc) {
        return context.newHandler(alloc);
    }

    /** Null without client certificates. */
    CertificateEndpoints endpoints() {
        return endpoints;
    }

    SimTls settings() {
        return settings;
    }

    /** The line to print when {@code auto} fell back to the JDK. */
    Optional<String> notice() {
        return choice.notice();
    }

    /** {@code TLS via OpenSSL (client certificates required, endpoint from map.csv: 19000 certificates)}. */
    String describe() {
        String described = settings.describe();
        String via = "TLS via " + (choice.provider() == SslProvider.JDK ? "the JDK" : "OpenSSL");
        StringBuilder text = new StringBuilder(via).append(described.substring("TLS".length()));
        if (mapped > 0 || revoked > 0) {
            text.setLength(text.length() - 1);
            if (mapped > 0) {
                text.append(", ").append(mapped).append(" mapped certificate").append(mapped == 1 ? "" : "s");
            }
            if (settings.revoked() != null) {
                text.append(", ").append(revoked).append(" revoked");
            }
            text.append(')');
        }
        return text.toString();
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s+", " ").strip();
    }
}
