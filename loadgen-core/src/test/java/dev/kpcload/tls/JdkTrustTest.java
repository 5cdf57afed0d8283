package dev.kpcload.tls;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JDK's own TLS, with trust built from the written ca.crt, accepts the written server certificate for the
 * names and addresses in it and refuses it for any other: real handshakes over loopback with host name
 * verification on (the HTTPS rules, which MQTT clients use too), and the client's certificate checked by a server
 * that needs one.
 */
class JdkTrustTest {

    private static final char[] PASSWORD = "unused".toCharArray();

    @TempDir
    Path dir;
    private SSLServerSocket server;
    private Thread acceptor;

    @BeforeEach
    void serve() throws Exception {
        // valid from an hour ago: the JDK checks validity against the real time
        TestPki pki = TestPki.create(KeyType.EC, new Validity(Instant.now().minus(Duration.ofHours(1)),
                Duration.ofDays(1)), new SecureRandom(), "kpc-loadgen test CA");
        PemFileWriter.writeCertificate(dir.resolve("ca.crt"), pki.ca().certificate());
        write("server", pki.server(List.of("localhost", "kpc.example"), List.of(InetAddress.getLoopbackAddress())));
        write("client", pki.client("tok1"));

        SSLContext context = context(PemFiles.readCertifiedKey(dir.resolve("server.crt"), dir.resolve("server.key")));
        server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress());
        server.setNeedClientAuth(true);
        acceptor = new Thread(this::accept, "tls-acceptor");
        acceptor.start();
    }

    private void write(String name, CertifiedKey issued) {
        PemFileWriter.writeCertificate(dir.resolve(name + ".crt"), issued.certificate());
        PemFileWriter.writePrivateKey(dir.resolve(name + ".key"), issued.key());
    }

    /** Accepts until closed; a handshake the client broke off is that test's business, not the server's. */
    private void accept() {
        while (!server.isClosed()) {
            try (SSLSocket socket = (SSLSocket) server.accept()) {
                socket.setSoTimeout(10_000);
                socket.startHandshake();
                socket.getOutputStream().write(1);
                socket.getOutputStream().flush();
            } catch (IOException e) {
                // closed, or a refused handshake
            }
        }
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        acceptor.join(10_000);
    }

    /** Trust from ca.crt only; our client certificate as the key. */
    private SSLContext context(CertifiedKey identity) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", PemFiles.readCertificates(dir.resolve("ca.crt")).get(0));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("me", identity.key(), PASSWORD, identity.chain().toArray(new java.security.cert.Certificate[0]));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), new SecureRandom());
        return context;
    }

    /** Connects to the loopback server while naming it {@code host}, and reads the byte it sends after the handshake. */
    private void connectAs(String host) throws Exception {
        SSLContext context = context(PemFiles.readCertifiedKey(dir.resolve("client.crt"), dir.resolve("client.key")));
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 10_000);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, host,
                server.getLocalPort(), true)) {
            socket.setSoTimeout(10_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            assertEquals(1, socket.getInputStream().read());
        }
    }

    @Test
    void acceptsTheServerForEveryNameAndAddressInItsCertificate() throws Exception {
        connectAs("localhost");
        connectAs("kpc.example");
        connectAs("127.0.0.1");
    }

    @Test
    void refusesTheServerForAnotherName() {
        SSLHandshakeException refused = assertThrows(SSLHandshakeException.class, () -> connectAs("other.example"));
        assertTrue(refused.getMessage().contains("No subject alternative DNS name matching other.example"),
                refused.getMessage());
        SSLHandshakeException byAddress = assertThrows(SSLHandshakeException.class, () -> connectAs("127.0.0.2"));
        assertTrue(byAddress.getMessage().contains("No subject alternative names matching IP address 127.0.0.2"),
                byAddress.getMessage());
    }
}
