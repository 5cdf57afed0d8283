package dev.kpcload.tls;

import dev.kpcload.testing.OpenSsl;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TestPkiTest {

    /** A start in the future, so that checks at the real time fail and checks at {@link #CHECKED_AT} pass. */
    private static final Instant START = Instant.parse("2031-03-01T00:00:00Z");
    private static final Instant CHECKED_AT = Instant.parse("2031-03-10T12:00:00Z");
    private static final Validity VALIDITY = new Validity(START, Duration.ofDays(30));

    @TempDir
    Path dir;

    private static TestPki pki(KeyType type) {
        return TestPki.create(type, VALIDITY, new SecureRandom(), "kpc-loadgen test CA");
    }

    private void write(String name, CertifiedKey issued) {
        PemFileWriter.writeCertificate(dir.resolve(name + ".crt"), issued.certificate());
        PemFileWriter.writePrivateKey(dir.resolve(name + ".key"), issued.key());
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void opensslVerifiesTheServerAndClientCertificatesAgainstTheCaForTheirPurposes(KeyType type) {
        TestPki pki = pki(type);
        write("ca", pki.ca());
        write("server", pki.server(List.of("localhost", "kpc.example"),
                List.of(InetAddress.getLoopbackAddress())));
        write("client", pki.client("tok1"));
        OpenSsl openssl = OpenSsl.in(dir);
        String at = Long.toString(CHECKED_AT.getEpochSecond());

        assertEquals("server.crt: OK", openssl.run("verify", "-attime", at, "-CAfile", "ca.crt",
                "-purpose", "sslserver", "server.crt").assertOk().output().strip());
        assertEquals("client.crt: OK", openssl.run("verify", "-attime", at, "-CAfile", "ca.crt",
                "-purpose", "sslclient", "client.crt").assertOk().output().strip());
        // the extended key usages are really there: each certificate is refused for the other purpose
        assertTrue(openssl.run("verify", "-attime", at, "-CAfile", "ca.crt", "-purpose", "sslserver",
                "client.crt").output().contains("unsuitable certificate purpose"));
        assertTrue(openssl.run("verify", "-attime", at, "-CAfile", "ca.crt", "-purpose", "sslclient",
                "server.crt").output().contains("unsuitable certificate purpose"));
        // and so is the validity: before its start (now, in the 2020s) the chain does not verify
        OpenSsl.Result now = openssl.run("verify", "-CAfile", "ca.crt", "server.crt");
        assertNotEquals(0, now.exitCode());
        assertTrue(now.output().contains("not yet valid"), now.output());
    }

    @Test
    void opensslShowsTheNamesUsagesAndValidity() {
        TestPki pki = pki(KeyType.EC);
        write("ca", pki.ca());
        write("server", pki.server(List.of("localhost", "kpc.example"),
                List.of(InetAddress.getLoopbackAddress())));
        write("client", pki.client("tok1"));
        OpenSsl openssl = OpenSsl.in(dir);

        String ca = openssl.run("x509", "-in", "ca.crt", "-noout", "-text").assertOk().output();
        assertTrue(ca.contains("CA:TRUE"), ca);
        assertTrue(ca.contains("Certificate Sign, CRL Sign"), ca);
        assertTrue(ca.contains("Subject: CN = kpc-loadgen test CA"), ca);
        assertTrue(ca.contains("ASN1 OID: prime256v1"), ca);
        assertTrue(ca.contains("Not Before: Mar  1 00:00:00 2031 GMT"), ca);
        assertTrue(ca.contains("Not After : Mar 31 00:00:00 2031 GMT"), ca);

        String server = openssl.run("x509", "-in", "server.crt", "-noout", "-text").assertOk().output();
        assertTrue(server.contains("DNS:localhost, DNS:kpc.example, IP Address:127.0.0.1"), server);
        assertTrue(server.contains("TLS Web Server Authentication"), server);
        assertTrue(server.contains("CA:FALSE"), server);
        assertTrue(server.contains("Issuer: CN = kpc-loadgen test CA"), server);

        String client = openssl.run("x509", "-in", "client.crt", "-noout", "-text").assertOk().output();
        assertTrue(client.contains("Subject: CN = tok1"), client);
        assertTrue(client.contains("TLS Web Client Authentication"), client);
        assertTrue(!client.contains("Subject Alternative Name"), client);
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void opensslReadsTheKeysAsTheHalvesOfTheirCertificates(KeyType type) throws Exception {
        write("server", pki(type).server(List.of("localhost"), List.of()));
        assertTrue(Files.readString(dir.resolve("server.key")).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("server.key"))));
        OpenSsl openssl = OpenSsl.in(dir);
        String fromKey = openssl.run("pkey", "-in", "server.key", "-pubout").assertOk().output();
        String fromCertificate = openssl.run("x509", "-in", "server.crt", "-noout", "-pubkey").assertOk().output();
        assertEquals(fromCertificate, fromKey);
        String text = openssl.run("x509", "-in", "server.crt", "-noout", "-text").assertOk().output();
        assertTrue(text.contains(type == KeyType.RSA ? "Public-Key: (2048 bit)" : "Public-Key: (256 bit)"), text);
    }

    @Test
    void serialsAreUniqueWithinAPkiAndDifferBetweenPkis() {
        TestPki pki = pki(KeyType.EC);
        Set<BigInteger> serials = new HashSet<>();
        serials.add(pki.ca().certificate().getSerialNumber());
        serials.add(pki.server(List.of("localhost"), List.of()).certificate().getSerialNumber());
        for (int i = 0; i < 200; i++) {
            BigInteger serial = pki.client("tok" + i).certificate().getSerialNumber();
            assertTrue(serial.signum() > 0 && serial.bitLength() <= 159, serial.toString(16));
            serials.add(serial);
        }
        assertEquals(202, serials.size());
        assertNotEquals(pki.ca().certificate().getSerialNumber(), pki(KeyType.EC).ca().certificate().getSerialNumber());
    }

    @Test
    void aTokenWithX500SpecialCharactersIsTheCommonNameAsItIs() throws Exception {
        String token = "a,b=c+d\"e<f";
        X509Certificate certificate = pki(KeyType.EC).client(token).certificate();
        var cn = new JcaX509CertificateHolder(certificate).getSubject().getRDNs(BCStyle.CN);
        assertEquals(1, cn.length);
        assertEquals(token, cn[0].getFirst().getValue().toString());
    }

    @Test
    void certificatesAreValidFromTheStartForTheDuration() {
        X509Certificate certificate = pki(KeyType.EC).client("tok").certificate();
        assertEquals(START, certificate.getNotBefore().toInstant());
        assertEquals(START.plus(Duration.ofDays(30)), certificate.getNotAfter().toInstant());
        assertEquals(Instant.parse("2031-03-01T00:00:00Z"),
                new Validity(Instant.parse("2031-03-01T00:00:00.750Z"), Duration.ofDays(1)).notBefore());
    }

    @Test
    void theSameRandomMakesTheSameKeys() {
        // keys come from the injected SecureRandom (a seeded SHA1PRNG repeats itself), not from elsewhere
        byte[] first = keyFrom(seeded());
        byte[] second = keyFrom(seeded());
        assertArrayEquals(first, second);
    }

    private static byte[] keyFrom(SecureRandom random) {
        return TestPki.create(KeyType.EC, VALIDITY, random, "ca").client("tok").key().getEncoded();
    }

    private static SecureRandom seeded() {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(42);
            return random;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
