package dev.kpcload.sim;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

/**
 * Right after the {@link SslHandler}: counts how the handshake ended and, when the client presented a certificate,
 * stores the endpoint it authenticates in the {@link ConnectionState}. A failed handshake is counted here by its
 * reason; the exception the SslHandler raises after it is then a known end and closes the connection quietly
 * (not a protocol error). Leaves the pipeline once the handshake succeeded.
 */
final class TlsSessionHandler extends ChannelInboundHandlerAdapter {

    private final SimCounters counters;
    private final CertificateEndpoints endpoints;
    private boolean failed;

    /** @param endpoints how certificates name endpoints; null when client certificates are not asked for */
    TlsSessionHandler(SimCounters counters, CertificateEndpoints endpoints) {
        this.counters = counters;
        this.endpoints = endpoints;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                succeeded(ctx);
            } else if (!failed) {
                failed = true;
                counters.tlsFailures.increment(SimTlsFailure.classify(done.cause()));
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void succeeded(ChannelHandlerContext ctx) {
        counters.tlsHandshakes.increment();
        X509Certificate peer = endpoints == null ? null : peerCertificate(ctx);
        if (peer != null) {
            counters.tlsClientCertificates.increment();
            ConnectionState state = ConnectionState.of(ctx.channel());
            if (state != null) {
                // the trust manager refused certificates without an endpoint, so there is one
                state.certifiedEndpoint(endpoints.endpointOf(peer).orElse(null));
            }
        }
        ctx.pipeline().remove(this);
    }

    private static X509Certificate peerCertificate(ChannelHandlerContext ctx) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl == null) {
            return null;
        }
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x509 ? x509 : null;
        } catch (SSLPeerUnverifiedException e) {
            return null; // client authentication optional, and none given
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (failed || isTls(cause)) {
            ctx.close();
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    private static boolean isTls(Throwable cause) {
        return cause instanceof SSLException || cause.getCause() instanceof SSLException;
    }
}
