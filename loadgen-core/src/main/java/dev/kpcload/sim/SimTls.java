package dev.kpcload.sim;

import dev.kpcload.InvalidInputException;
import dev.kpcload.tls.TlsProvider;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * TLS on the simulator's listener (MQTT over TLS, KPC's port 8883), and what it asks of client certificates.
 * Every file is PEM and is read once, when the simulator starts ({@link KpcSimulator#start}); a problem with one is
 * an {@link InvalidInputException} naming it.
 *
 * <p>With client certificates the simulator finds the endpoint the way KPC does: by the certificate's issuer and
 * serial number in {@code certMap}, or, without a map, the token in the subject's CN. A 1/KP request whose topic
 * names another endpoint is answered 401. Certificates not signed by {@code clientCa}, expired, listed in
 * {@code revoked}, or (with a map) not in the map are refused during the handshake with a TLS alert.
 *
 * @param certChain  the server's certificate chain, leaf first
 * @param key        the server's private key (PKCS#8, or traditional RSA or EC)
 * @param clientCa   the CA certificates client certificates must chain to; null: client certificates are not asked
 *                   for
 * @param clientAuth whether a client certificate is required; {@link ClientAuth#NONE} exactly when there is no
 *                   {@code clientCa}
 * @param certMap    certificates to endpoints (see {@link CertificateMap}), or null: the endpoint is the CN
 * @param revoked    revoked certificates (see {@link RevokedList}), or null for none
 * @param provider   the TLS implementation: {@code AUTO} takes OpenSSL (netty-tcnative) when it loads, else the JDK
 */
public record SimTls(Path certChain, Path key, Path clientCa, ClientAuth clientAuth, Path certMap, Path revoked,
                     TlsProvider provider) {

    /** Whether and how the server asks for a client certificate: {@code --client-auth}. */
    public enum ClientAuth {
        /** Not asked for. */
        NONE,
        /** Asked for; a client without one connects and may use any token the simulator knows. */
        OPTIONAL,
        /** Asked for; a client without one is refused at the handshake. */
        REQUIRE;

        /** {@code require} or {@code optional}, any case; {@code flag} names the option in the message. */
        public static ClientAuth parse(String text, String flag) {
            String value = text.strip().toLowerCase(Locale.ROOT);
            if (value.equals("require") || value.equals("optional")) {
                return valueOf(value.toUpperCase(Locale.ROOT));
            }
            throw new InvalidInputException(flag + ": expected require or optional, got '" + text + "'");
        }

        io.netty.handler.ssl.ClientAuth netty() {
            return io.netty.handler.ssl.ClientAuth.valueOf(name());
        }
    }

    public SimTls {
        Objects.requireNonNull(certChain, "certChain");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(clientAuth, "clientAuth");
        Objects.requireNonNull(provider, "provider");
        if ((clientCa == null) != (clientAuth == ClientAuth.NONE)) {
            throw new IllegalArgumentException("client auth " + clientAuth + " with client CA " + clientCa
                + ": a client CA needs OPTIONAL or REQUIRE, and those need a client CA");
        }
        if (clientCa == null && (certMap != null || revoked != null)) {
            throw new IllegalArgumentException("a certificate map or revoked list needs a client CA");
        }
    }

    /** Server authentication only: no client certificates; provider AUTO. */
    public static SimTls server(Path certChain, Path key) {
        return new SimTls(certChain, key, null, ClientAuth.NONE, null, null, TlsProvider.AUTO);
    }

    /** Client certificates signed by {@code ca} asked for ({@code auth} OPTIONAL or REQUIRE); null turns them off. */
    public SimTls withClientCa(Path ca, ClientAuth auth) {
        return ca == null ? new SimTls(certChain, key, null, ClientAuth.NONE, null, null, provider)
            : new SimTls(certChain, key, ca, auth, certMap, revoked, provider);
    }

    public SimTls withClientAuth(ClientAuth auth) {
        return new SimTls(certChain, key, clientCa, auth, certMap, revoked, provider);
    }

    public SimTls withCertMap(Path map) {
        return new SimTls(certChain, key, clientCa, clientAuth, map, revoked, provider);
    }

    public SimTls withRevoked(Path list) {
        return new SimTls(certChain, key, clientCa, clientAuth, certMap, list, provider);
    }

    public SimTls withProvider(TlsProvider newProvider) {
        return new SimTls(certChain, key, clientCa, clientAuth, certMap, revoked, newProvider);
    }

    /** For the start-up line: {@code TLS (client certificates required, endpoint from the CN)}. */
    public String describe() {
        StringBuilder text = new StringBuilder("TLS");
        if (clientAuth == ClientAuth.NONE) {
            return text.append(" (no client certificates)").toString();
        }
        text.append(" (client certificates ").append(clientAuth == ClientAuth.REQUIRE ? "required" : "optional")
            .append(", endpoint ").append(certMap == null ? "from the CN" : "from " + certMap);
        if (revoked != null) {
            text.append(", revoked in ").append(revoked);
        }
        return text.append(')').toString();
    }
}
