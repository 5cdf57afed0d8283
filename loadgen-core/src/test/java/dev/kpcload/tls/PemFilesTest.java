package dev.kpcload.tls;

import dev.kpcload.InvalidInputException;
import dev.kpcload.testing.OpenSsl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keys and certificates that openssl made, read back; and every way a file can be wrong, in one line. */
class PemFilesTest {

    @TempDir
    Path dir;
    private OpenSsl openssl;

    @BeforeEach
    void openssl() {
        openssl = OpenSsl.in(dir);
    }

    /** A self-signed certificate openssl makes for {@code key}. */
    private Path certificateFor(String key, String name) {
        openssl.run("req", "-x509", "-new", "-key", key, "-subj", "/CN=" + name, "-days", "2", "-out", name)
                .assertOk();
        return dir.resolve(name);
    }

    private String head(String name) throws IOException {
        return Files.readAllLines(dir.resolve(name)).get(0);
    }

    private static String message(Runnable read) {
        String message = assertThrows(InvalidInputException.class, read::run).getMessage();
        assertFalse(message.contains("\n"), message);
        return message;
    }

    @Test
    void readsAPkcs8EcKeyFromGenpkeyAndItsCertificate() throws IOException {
        openssl.run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "pk8.key")
                .assertOk();
        assertEquals("-----BEGIN PRIVATE KEY-----", head("pk8.key"));
        CertifiedKey read = PemFiles.readCertifiedKey(certificateFor("pk8.key", "pk8.crt"), dir.resolve("pk8.key"));
        assertInstanceOf(ECPrivateKey.class, read.key());
        assertEquals("CN=pk8.crt", read.certificate().getSubjectX500Principal().getName());
    }

    @Test
    void readsATraditionalEcKeyFromEcparamWithItsParametersBlock() throws IOException {
        openssl.run("ecparam", "-name", "prime256v1", "-genkey", "-out", "ec.key").assertOk();
        assertEquals("-----BEGIN EC PARAMETERS-----", head("ec.key"));
        assertTrue(Files.readString(dir.resolve("ec.key")).contains("-----BEGIN EC PRIVATE KEY-----"));
        CertifiedKey read = PemFiles.readCertifiedKey(certificateFor("ec.key", "ec.crt"), dir.resolve("ec.key"));
        assertInstanceOf(ECPrivateKey.class, read.key());
    }

    @Test
    void readsATraditionalRsaKeyFromGenrsa() throws IOException {
        openssl.run("genrsa", "-traditional", "-out", "rsa.key", "2048").assertOk();
        assertEquals("-----BEGIN RSA PRIVATE KEY-----", head("rsa.key"));
        CertifiedKey read = PemFiles.readCertifiedKey(certificateFor("rsa.key", "rsa.crt"), dir.resolve("rsa.key"));
        assertInstanceOf(RSAPrivateKey.class, read.key());
    }

    @Test
    void readsOurOwnFilesBackAsWritten() {
        TestPki pki = TestPki.create(KeyType.EC, new Validity(Instant.now(), Duration.ofDays(1)), new SecureRandom(),
                "ca");
        CertifiedKey client = pki.client("tok");
        PemFileWriter.writeCertificates(dir.resolve("chain.crt"), List.of(client.certificate(), pki.ca().certificate()));
        PemFileWriter.writePrivateKey(dir.resolve("client.key"), client.key());
        CertifiedKey read = PemFiles.readCertifiedKey(dir.resolve("chain.crt"), dir.resolve("client.key"));
        assertEquals(List.of(client.certificate(), pki.ca().certificate()), read.chain());
        assertArrayEquals(client.key().getEncoded(), read.key().getEncoded());
    }

    @Test
    void refusesAKeyThatIsNotTheCertificatesInOneLineNamingBothFiles() {
        openssl.run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "a.key").assertOk();
        openssl.run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "b.key").assertOk();
        openssl.run("genrsa", "-traditional", "-out", "rsa.key", "2048").assertOk();
        Path certificate = certificateFor("a.key", "a.crt");

        assertEquals(dir.resolve("b.key") + ": the private key does not match the certificate in " + certificate
                        + " (its public key is another)",
                message(() -> PemFiles.readCertifiedKey(certificate, dir.resolve("b.key"))));
        assertEquals(dir.resolve("rsa.key") + ": the private key does not match the certificate in " + certificate
                        + " (a RSA key for a EC certificate)",
                message(() -> PemFiles.readCertifiedKey(certificate, dir.resolve("rsa.key"))));
        X509Certificate read = PemFiles.readCertificates(certificate).get(0);
        PrivateKey other = PemFiles.readPrivateKey(dir.resolve("b.key"));
        assertFalse(KeyMatch.matches(read, other));
        assertTrue(KeyMatch.matches(read, PemFiles.readPrivateKey(dir.resolve("a.key"))));
    }

    @Test
    void refusesEncryptedKeysSayingTheyAreNotSupported() {
        openssl.run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes256",
                "-pass", "pass:secret", "-out", "pk8.key").assertOk();
        openssl.run("genrsa", "-traditional", "-aes128", "-passout", "pass:secret", "-out", "rsa.key", "2048")
                .assertOk();
        for (String name : List.of("pk8.key", "rsa.key")) {
            Path key = dir.resolve(name);
            assertEquals(key + ": the private key is encrypted, which is not supported (decrypt it: openssl pkey -in "
                    + key + " -out PLAIN.key)", message(() -> PemFiles.readPrivateKey(key)));
        }
    }

    @Test
    void namesTheFileAndTheProblemForEveryOtherWrongFile() throws IOException {
        openssl.run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "a.key").assertOk();
        Path certificate = certificateFor("a.key", "a.crt");
        openssl.run("x509", "-in", "a.crt", "-outform", "der", "-out", "a.der").assertOk();
        Path key = dir.resolve("a.key");
        Path missing = dir.resolve("missing.crt");
        Path empty = Files.writeString(dir.resolve("empty.crt"), "\n");
        Path garbled = Files.writeString(dir.resolve("garbled.crt"),
                "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");

        assertEquals(missing + ": no such file", message(() -> PemFiles.readCertificates(missing)));
        assertEquals(dir + ": cannot read: is a directory", message(() -> PemFiles.readPrivateKey(dir)));
        assertEquals(empty + ": empty file (expected PEM text)", message(() -> PemFiles.readCertificates(empty)));
        assertTrue(message(() -> PemFiles.readCertificates(dir.resolve("a.der")))
                .startsWith(dir.resolve("a.der") + ": not a PEM file (no -----BEGIN ...----- line;"));
        assertTrue(message(() -> PemFiles.readCertificates(garbled)).startsWith(garbled + ": not PEM that can be read: "));
        assertEquals(key + ": no certificate in it (expected -----BEGIN CERTIFICATE-----; found a private key)",
                message(() -> PemFiles.readCertificates(key)));
        assertEquals(certificate + ": no private key in it (expected -----BEGIN PRIVATE KEY-----, RSA PRIVATE KEY"
                + " or EC PRIVATE KEY; found a certificate)", message(() -> PemFiles.readPrivateKey(certificate)));
        Path twoKeys = Files.writeString(dir.resolve("two.key"), Files.readString(key) + Files.readString(key));
        assertEquals(twoKeys + ": 2 private keys in it; expected one", message(() -> PemFiles.readPrivateKey(twoKeys)));
    }

    @Test
    void namesAnUnreadableFile() throws IOException {
        Path file = Files.writeString(dir.resolve("locked.key"), "x");
        assertTrue(file.toFile().setReadable(false, false));
        // root reads every file: then there is nothing to see here
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(file), "running as root");
        assertEquals(file + ": cannot read: permission denied", message(() -> PemFiles.readPrivateKey(file)));
    }
}
