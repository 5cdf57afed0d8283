package dev.kpcload.sim;

import dev.kpcload.tls.CertifiedKey;
import dev.kpcload.tls.KeyType;
import dev.kpcload.tls.PemFileWriter;
import dev.kpcload.tls.TestPki;
import dev.kpcload.tls.Validity;

import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Certificates made on the fly for the embedded simulator, so that {@code loadgen run --tls} needs no files: a CA,
 * a server certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1}, and optionally one client
 * certificate per token (CN = the token), all ECDSA P-256, written as PEM under a directory.
 *
 * <p>The simulator asks for client certificates signed by that CA but does not require them
 * ({@link SimTls.ClientAuth#OPTIONAL}): a client without one connects and may use any token; a client with one is
 * bound to its CN's endpoint. {@code simTls().withClientAuth(REQUIRE)} makes them mandatory.
 *
 * <pre>{@code
 * EmbeddedTls pki = EmbeddedTls.create(List.of(), Files.createTempDirectory("kpcsim-tls"), new SecureRandom());
 * KpcSimulator sim = KpcSimulator.start(SimConfig.loopback(0).withTls(pki.simTls()));
 * // the client trusts pki.caFile() and connects to 127.0.0.1 or localhost, host name verified
 * }</pre>
 *
 * @param simTls         the simulator's TLS: the server certificate, the CA as client CA, client auth optional,
 *                       endpoints from the CN
 * @param caFile         the CA certificate the client must trust ({@code --ca})
 * @param clientCertsDir {@code {token}.crt} and {@code {token}.key} per token (the layout of {@code --certs-dir}),
 *                       or null when no client certificates were made
 */
public record EmbeddedTls(SimTls simTls, Path caFile, Path clientCertsDir) {

    /** Long enough for any soak test; starts a little in the past so that a clock a bit behind accepts it. */
    static final Duration VALID_FOR = Duration.ofDays(30);
    static final Duration CLOCK_SKEW = Duration.ofHours(1);
    static final String CA_NAME = "kpc-loadgen embedded simulator CA";

    public EmbeddedTls {
        Objects.requireNonNull(simTls, "simTls");
        Objects.requireNonNull(caFile, "caFile");
    }

    /**
     * Makes and writes the certificates.
     *
     * @param tokens client certificates to make, one per token; empty for none. Each costs a key pair, a signature
     *               and two files: about 2 ms on a 2-core machine, so 19,000 take about 40 s (measured); the CA and
     *               the server certificate alone take about 0.4 s. Without them clients connect with none
     *               (client auth is optional).
     * @param dir    where to write them (created if missing): {@code ca.crt}, {@code server.crt},
     *               {@code server.key} and {@code clients/}
     * @throws dev.kpcload.InvalidInputException when a file cannot be written
     */
    public static EmbeddedTls create(List<String> tokens, Path dir, SecureRandom random) {
        return create(tokens, dir, random, new Validity(Instant.now().minus(CLOCK_SKEW), CLOCK_SKEW.plus(VALID_FOR)));
    }

    static EmbeddedTls create(List<String> tokens, Path dir, SecureRandom random, Validity validity) {
        TestPki pki = TestPki.create(KeyType.EC, validity, random, CA_NAME);
        Path caFile = dir.resolve("ca.crt");
        PemFileWriter.writeCertificate(caFile, pki.ca().certificate());
        CertifiedKey server = pki.server(List.of("localhost"),
            List.of(InetAddress.getLoopbackAddress(), ipv6Loopback()));
        Path serverCert = dir.resolve("server.crt");
        Path serverKey = dir.resolve("server.key");
        PemFileWriter.writeCertificate(serverCert, server.certificate());
        PemFileWriter.writePrivateKey(serverKey, server.key());
        Path clients = null;
        if (!tokens.isEmpty()) {
            clients = dir.resolve("clients");
            for (String token : tokens) {
                CertifiedKey client = pki.client(token);
                PemFileWriter.writeCertificate(clients.resolve(token + ".crt"), client.certificate());
                PemFileWriter.writePrivateKey(clients.resolve(token + ".key"), client.key());
            }
        }
        SimTls tls = SimTls.server(serverCert, serverKey).withClientCa(caFile, SimTls.ClientAuth.OPTIONAL);
        return new EmbeddedTls(tls, caFile, clients);
    }

    /** A client certificate made for {@code token}; only when {@link #clientCertsDir()} is not null. */
    public Path clientCert(String token) {
        return clientFile(token, ".crt");
    }

    public Path clientKey(String token) {
        return clientFile(token, ".key");
    }

    private Path clientFile(String token, String suffix) {
        if (clientCertsDir == null) {
            throw new IllegalStateException("no client certificates were made");
        }
        return clientCertsDir.resolve(token + suffix);
    }

    private static InetAddress ipv6Loopback() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("::1 is a literal address", e);
        }
    }
}
