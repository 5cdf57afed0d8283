package dev.kpcload.sim;

import dev.kpcload.InvalidInputException;
import dev.kpcload.tls.CertifiedKey;
import dev.kpcload.tls.KeyType;
import dev.kpcload.tls.PemFileWriter;
import dev.kpcload.tls.TestPki;
import dev.kpcload.tls.Validity;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulator's TLS files: the certificate map, the revoked list, the server's files; each problem one line. */
class SimTlsFilesTest {

    @TempDir
    static Path dir;
    static TestPki pki;
    static CertifiedKey meter1;
    static CertifiedKey meter2;
    static Path serverCert;
    static Path serverKey;

    @BeforeAll
    static void certificates() throws Exception {
        pki = TestPki.create(KeyType.EC, new Validity(Instant.now().minus(Duration.ofHours(1)), Duration.ofDays(1)),
            new SecureRandom(), "files CA");
        meter1 = pki.client("meter-1");
        meter2 = pki.client("meter-2");
        PemFileWriter.writeCertificate(dir.resolve("clients/meter-1.crt"), meter1.certificate());
        PemFileWriter.writeCertificate(dir.resolve("clients/meter-2.crt"), meter2.certificate());
        CertifiedKey server = pki.server(List.of("localhost"), List.of(InetAddress.getByName("127.0.0.1")));
        serverCert = dir.resolve("server.crt");
        serverKey = dir.resolve("server.key");
        PemFileWriter.writeCertificate(serverCert, server.certificate());
        PemFileWriter.writePrivateKey(serverKey, server.key());
        PemFileWriter.writeCertificate(dir.resolve("ca.crt"), pki.ca().certificate());
    }

    private static Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static String message(Runnable action) {
        return assertThrows(InvalidInputException.class, action::run).getMessage();
    }

    private static String hex(X509Certificate certificate) {
        return certificate.getSerialNumber().toString(16);
    }

    @Test
    void theTokensCsvOfLoadgenCertsIsAMap() throws Exception {
        // the header and columns of CertsWriter's columns layout; paths relative to the map's directory
        Path map = write("tokens.csv", "\uFEFFtoken,client_id,cert,key\r\nmeter-1,c1,clients/meter-1.crt,"
            + "clients/meter-1.key\r\n\r\n\"meter-2\",c2,\"clients/meter-2.crt\",x\r\nmeter-3,c3,,\r\n");
        CertificateMap loaded = CertificateMap.load(map);
        assertEquals(2, loaded.size());
        assertEquals(Optional.of("meter-1"), loaded.endpointOf(meter1.certificate()));
        assertEquals(Optional.of("meter-2"), loaded.endpointOf(meter2.certificate()));
        assertEquals(Optional.empty(), loaded.endpointOf(pki.client("meter-1").certificate()),
            "the same CN with another serial is another certificate");
        Path absolute = write("absolute.csv", "cert,token\n" + dir.resolve("clients/meter-1.crt") + ",meter-9\n");
        assertEquals(Optional.of("meter-9"), CertificateMap.load(absolute).endpointOf(meter1.certificate()));
    }

    @Test
    void mapProblemsAreOneLineNamingFileAndLine() throws Exception {
        Path noHeader = write("no-header.csv", "meter-1,clients/meter-1.crt\n");
        assertEquals(noHeader + ":1: expected a header with the columns token and cert (like the tokens.csv of"
            + " loadgen certs), found 'meter-1,clients/meter-1.crt'", message(() -> CertificateMap.load(noHeader)));
        Path missing = write("missing.csv", "token,cert\nmeter-1,clients/meter-1.crt\nmeter-2,clients/none.crt\n");
        assertEquals(missing + ":3: " + dir.resolve("clients/none.crt") + ": no such file",
            message(() -> CertificateMap.load(missing)));
        Path twice = write("twice.csv", "token,cert\nmeter-1,clients/meter-1.crt\nmeter-5,clients/../clients/meter-1.crt\n");
        String duplicate = message(() -> CertificateMap.load(twice));
        assertTrue(duplicate.startsWith(twice + ":3: clients/../clients/meter-1.crt: the certificate of line 2 again"
            + " (issuer 'cn=files ca', serial "), duplicate);
        Path badToken = write("bad-token.csv", "token,cert\nmeter 1,clients/meter-1.crt\n");
        assertEquals(badToken + ":2: token 'meter 1' is not a valid endpoint token (no '/', '+', '#', NUL or white"
            + " space)", message(() -> CertificateMap.load(badToken)));
        Path quote = write("quote.csv", "token,cert\n\"meter-1,clients/meter-1.crt\n");
        assertTrue(message(() -> CertificateMap.load(quote)).startsWith(quote + ":2: unterminated quote"));
        Path empty = write("empty.csv", "\n\n");
        assertEquals(empty + ": empty file (expected a header with the columns token and cert)",
            message(() -> CertificateMap.load(empty)));
        Path noCerts = write("no-certs.csv", "token,cert\nmeter-1,\n");
        assertEquals(noCerts + ": no certificates in it (every cert cell is empty)",
            message(() -> CertificateMap.load(noCerts)));
        assertEquals(dir.resolve("nothing.csv") + ": no such file",
            message(() -> CertificateMap.load(dir.resolve("nothing.csv"))));
        assertEquals(dir + ": cannot read: is a directory", message(() -> CertificateMap.load(dir)));
    }

    @Test
    void revokedListsOfSerialsCertificatesOrACrl() throws Exception {
        String serial = hex(meter2.certificate());
        String colons = serial.replaceAll("(..)(?=.)", "$1:");
        for (String line : List.of(serial, serial.toUpperCase(), "serial=" + serial.toUpperCase(), colons,
            "0x" + serial)) {
            RevokedList list = RevokedList.load(write("revoked.txt", "# revoked\n\n  " + line + "  \n"));
            assertTrue(list.contains(meter2.certificate()), line);
            assertFalse(list.contains(meter1.certificate()), line);
        }
        Path pem = dir.resolve("revoked.pem");
        PemFileWriter.writeCertificate(pem, meter2.certificate());
        RevokedList byCertificate = RevokedList.load(pem);
        assertTrue(byCertificate.contains(meter2.certificate()));
        assertFalse(byCertificate.contains(meter1.certificate()));
        assertEquals(0, RevokedList.load(write("none.txt", "# nothing revoked yet\n")).size());
    }

    @Test
    void revokedListProblemsAreOneLine() throws Exception {
        Path bad = write("bad-revoked.txt", "1A2B\nnot-hex\n");
        assertEquals(bad + ":2: expected a serial number in hex (like 1A2B3C, 1a:2b:3c or serial=1A2B3C), a CRL or"
            + " PEM certificates, found 'not-hex'", message(() -> RevokedList.load(bad)));
        Path crl = write("bad.crl", "-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n");
        assertTrue(message(() -> RevokedList.load(crl)).startsWith(crl + ": a CRL that cannot be read: "));
        assertEquals(dir.resolve("gone.txt") + ": no such file",
            message(() -> RevokedList.load(dir.resolve("gone.txt"))));
    }

    @Test
    void theServersFilesAreCheckedAtStartWithTheirNames() throws Exception {
        Path otherKey = dir.resolve("other.key");
        PemFileWriter.writePrivateKey(otherKey, meter1.key());
        String mismatch = message(() -> KpcSimulator.start(SimConfig.loopback(0)
            .withTls(SimTls.server(serverCert, otherKey))));
        assertTrue(mismatch.contains(serverCert.toString()) && mismatch.contains(otherKey.toString()), mismatch);
        assertEquals(dir.resolve("none.crt") + ": no such file", message(() -> KpcSimulator.start(
            SimConfig.loopback(0).withTls(SimTls.server(dir.resolve("none.crt"), serverKey)))));
        Path notPem = write("not-pem.crt", "hello\n");
        assertTrue(message(() -> KpcSimulator.start(SimConfig.loopback(0).withTls(SimTls.server(serverCert, serverKey)
            .withClientCa(notPem, SimTls.ClientAuth.REQUIRE)))).startsWith(notPem + ": "));
        Path map = write("map-missing.csv", "token,cert\nm,clients/gone.crt\n");
        assertTrue(message(() -> KpcSimulator.start(SimConfig.loopback(0).withTls(SimTls.server(serverCert, serverKey)
            .withClientCa(dir.resolve("ca.crt"), SimTls.ClientAuth.REQUIRE).withCertMap(map))))
            .startsWith(map + ":2: "));
    }

    @Test
    void simTlsKeepsClientAuthAndClientCaTogether() {
        SimTls plain = SimTls.server(serverCert, serverKey);
        assertEquals(SimTls.ClientAuth.NONE, plain.clientAuth());
        assertEquals("TLS (no client certificates)", plain.describe());
        SimTls mutual = plain.withClientCa(dir.resolve("ca.crt"), SimTls.ClientAuth.REQUIRE)
            .withRevoked(dir.resolve("r.txt"));
        assertEquals("TLS (client certificates required, endpoint from the CN, revoked in " + dir.resolve("r.txt")
            + ")", mutual.describe());
        assertEquals(plain, mutual.withClientCa(null, SimTls.ClientAuth.REQUIRE), "no CA: nothing of client auth");
        assertThrows(IllegalArgumentException.class, () -> plain.withClientAuth(SimTls.ClientAuth.REQUIRE));
        assertThrows(IllegalArgumentException.class, () -> mutual.withClientAuth(SimTls.ClientAuth.NONE));
        assertThrows(IllegalArgumentException.class, () -> plain.withCertMap(dir.resolve("map.csv")));
        assertEquals(SimTls.ClientAuth.OPTIONAL, SimTls.ClientAuth.parse(" Optional", "--client-auth"));
        assertEquals("--client-auth: expected require or optional, got 'none'",
            message(() -> SimTls.ClientAuth.parse("none", "--client-auth")));
    }

    @Test
    void handshakeFailuresAreClassifiedByTheirCause() {
        assertEquals(SimTlsFailure.REVOKED, SimTlsFailure.classify(new SSLHandshakeException("General problem")
            .initCause(new RefusedCertificate(SimTlsFailure.REVOKED, "revoked", null))));
        assertEquals(SimTlsFailure.NO_CERTIFICATE, SimTlsFailure.classify(
            new SSLHandshakeException("Empty client certificate chain")));
        assertEquals(SimTlsFailure.NO_CERTIFICATE, SimTlsFailure.classify(new SSLHandshakeException(
            "error:10000418:SSL routines:OPENSSL_internal:PEER_DID_NOT_RETURN_A_CERTIFICATE")));
        assertEquals(SimTlsFailure.NOT_TLS, SimTlsFailure.classify(new io.netty.handler.codec.DecoderException(
            new NotSslRecordException("not an SSL/TLS record"))));
        assertEquals(SimTlsFailure.HANDSHAKE_TIMEOUT, SimTlsFailure.classify(
            new SslHandshakeTimeoutException("handshake timed out after 10000ms")));
        assertEquals(SimTlsFailure.OTHER, SimTlsFailure.classify(
            new SSLHandshakeException("Received fatal alert: certificate_unknown")));
        assertEquals(SimTlsFailure.OTHER, SimTlsFailure.classify(new java.nio.channels.ClosedChannelException()));
    }

    @Test
    void withoutAMapTheEndpointIsTheOneCnWhenItIsAToken() {
        CertificateEndpoints byCn = new CertificateEndpoints(null);
        assertEquals(Optional.of("meter-1"), byCn.endpointOf(meter1.certificate()));
        X509Certificate notAToken = pki.client("two words").certificate();
        assertEquals(Optional.empty(), byCn.endpointOf(notAToken));
        assertEquals("the certificate's CN 'two words' is not an endpoint token", byCn.whyUnknown(notAToken));
        CertificateEndpoints byMap = new CertificateEndpoints(CertificateMap.of(
            java.util.Map.of(IssuerSerial.of(meter1.certificate()), "meter-7")));
        assertEquals(Optional.of("meter-7"), byMap.endpointOf(meter1.certificate()));
        assertTrue(byMap.whyUnknown(meter2.certificate()).startsWith("certificate not in the certificate map (issuer"
            + " 'cn=files ca', serial " + hex(meter2.certificate()).toUpperCase()));
        assertEquals(new BigInteger(hex(meter1.certificate()), 16), meter1.certificate().getSerialNumber());
    }
}
