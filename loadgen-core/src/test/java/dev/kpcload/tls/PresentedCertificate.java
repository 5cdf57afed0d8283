package dev.kpcload.tls;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.security.cert.X509Certificate;

/**
 * Which certificate a client context presents: a handshake between two in-memory channels with a server (JDK
 * provider) that asks for a client certificate and takes any, then the subject the server saw.
 */
final class PresentedCertificate {

    private final SslContext server;

    /** {@code serverKey}'s certificate must name {@code localhost}, which the client verifies. */
    PresentedCertificate(CertifiedKey serverKey) throws Exception {
        server = SslContextBuilder.forServer(serverKey.key(), serverKey.chain().toArray(X509Certificate[]::new))
            .sslProvider(SslProvider.JDK)
            .clientAuth(ClientAuth.OPTIONAL)
            .trustManager(InsecureTrustManagerFactory.INSTANCE)
            .build();
    }

    /** The subject the server saw ({@code CN=t1}), or null when the client presented none. */
    String subject(SslContext client) throws Exception {
        EmbeddedChannel clientChannel = new EmbeddedChannel(false, false);
        clientChannel.pipeline().addLast(client.newHandler(clientChannel.alloc(), "localhost", 8883));
        SslHandler serverSsl = server.newHandler(clientChannel.alloc());
        EmbeddedChannel serverChannel = new EmbeddedChannel(serverSsl);
        try {
            clientChannel.register();
            TlsPump.pump(clientChannel, serverChannel);
            if (!serverSsl.handshakeFuture().isSuccess()) {
                throw new AssertionError("handshake failed", serverSsl.handshakeFuture().cause());
            }
            try {
                X509Certificate leaf = (X509Certificate) serverSsl.engine().getSession().getPeerCertificates()[0];
                return leaf.getSubjectX500Principal().getName();
            } catch (SSLPeerUnverifiedException none) {
                return null;
            }
        } finally {
            clientChannel.finishAndReleaseAll();
            serverChannel.finishAndReleaseAll();
        }
    }

}
