package dev.kpcload.cli;

import dev.kpcload.testing.OpenSsl;
import dev.kpcload.tls.CertifiedKey;
import dev.kpcload.tls.PemFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CertsCommandTest {

    @TempDir
    Path dir;

    private static String commonName(X509Certificate certificate) throws Exception {
        return new org.bouncycastle.cert.jcajce.JcaX509CertificateHolder(certificate).getSubject()
                .getRDNs(org.bouncycastle.asn1.x500.style.BCStyle.CN)[0].getFirst().getValue().toString();
    }

    @Test
    void columnsLayoutWritesATokenFileWhoseCertAndKeyColumnsPointAtVerifiedCertificates() throws Exception {
        List<String> lines = new ArrayList<>(List.of("token,mac,model", "\"a,b\",02-00-00-00-00-01,", "plain,,meter-x"));
        for (int i = 0; i < 200; i++) {
            lines.add("tok" + i + ",,");
        }
        Path tokens = Files.write(dir.resolve("in.csv"), lines);
        Path out = dir.resolve("pki");

        CliHarness result = CliHarness.run("certs", "--tokens", tokens.toString(), "--out", out.toString(),
                "--server-names", "localhost,kpc.example", "--server-ips", "127.0.0.1");
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("202 client certificates"), result.out());

        List<String> written = Files.readAllLines(out.resolve("tokens.csv"));
        assertEquals("token,mac,model,cert,key", written.get(0));
        assertEquals("\"a,b\",02-00-00-00-00-01,,\"clients/a,b.crt\",\"clients/a,b.key\"", written.get(1));
        assertEquals("plain,,meter-x,clients/plain.crt,clients/plain.key", written.get(2));
        assertEquals("tok199,,,clients/tok199.crt,clients/tok199.key", written.get(202));
        assertEquals(203, written.size());

        // the paths are relative to the new token file, and each pair is the token's
        for (String token : List.of("a,b", "plain", "tok0", "tok199")) {
            CertifiedKey client = PemFiles.readCertifiedKey(out.resolve("clients/" + token + ".crt"),
                    out.resolve("clients/" + token + ".key"));
            assertEquals(token, commonName(client.certificate()));
            assertInstanceOf(ECPrivateKey.class, client.key());
        }
        OpenSsl openssl = OpenSsl.in(out);
        assertEquals("server.crt: OK", openssl.run("verify", "-CAfile", "ca.crt", "-purpose", "sslserver",
                "server.crt").assertOk().output().strip());
        List<String> verify = new ArrayList<>(List.of("verify", "-CAfile", "ca.crt", "-purpose", "sslclient"));
        for (int i = 0; i < 200; i++) {
            verify.add("clients/tok" + i + ".crt");
        }
        String verified = openssl.run(verify.toArray(String[]::new)).assertOk().output();
        assertEquals(200, verified.lines().filter(l -> l.endsWith(".crt: OK")).count(), verified);
        String server = openssl.run("x509", "-in", "server.crt", "-noout", "-text").assertOk().output();
        assertTrue(server.contains("DNS:localhost, DNS:kpc.example, IP Address:127.0.0.1\n"), server);
        PemFiles.readCertifiedKey(out.resolve("ca.crt"), out.resolve("ca.key"));
    }

    @Test
    void dirLayoutWritesOnlyTheCertificatesWithRsaKeysWhenAsked() throws Exception {
        Path tokens = Files.writeString(dir.resolve("in.csv"), "t1\nt2\n");
        Path out = dir.resolve("pki");
        CliHarness result = CliHarness.run("certs", "--tokens", tokens.toString(), "--out", out.toString(),
                "--layout", "dir", "--key-type", "rsa");
        assertEquals(0, result.exitCode(), result.err());
        assertFalse(Files.exists(out.resolve("tokens.csv")));
        for (String token : List.of("t1", "t2")) {
            CertifiedKey client = PemFiles.readCertifiedKey(out.resolve("clients/" + token + ".crt"),
                    out.resolve("clients/" + token + ".key"));
            assertInstanceOf(RSAPrivateKey.class, client.key());
        }
        String server = OpenSsl.in(out).run("x509", "-in", "server.crt", "-noout", "-text").assertOk().output();
        // the defaults: localhost and both loopback addresses
        assertTrue(server.contains("DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1\n"), server);
        assertTrue(server.contains("Public-Key: (2048 bit)"), server);
    }

    @Test
    void certificatesAreValidFromAnHourBeforeTheClockForTheDays() throws IOException {
        Path tokens = Files.writeString(dir.resolve("in.csv"), "t1\n");
        Instant now = Instant.parse("2030-05-01T10:00:00Z");
        CertsCommand command = new CertsCommand(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), Clock.fixed(now, ZoneOffset.UTC));
        command.tokens = tokens.toString();
        command.out = dir.resolve("pki").toString();
        command.days = "7";
        assertEquals(0, command.call());
        for (String file : List.of("ca.crt", "server.crt", "clients/t1.crt")) {
            X509Certificate certificate = PemFiles.readCertificates(dir.resolve("pki").resolve(file)).get(0);
            assertEquals(now.minus(Duration.ofHours(1)), certificate.getNotBefore().toInstant(), file);
            assertEquals(now.plus(Duration.ofDays(7)), certificate.getNotAfter().toInstant(), file);
        }
    }

    private void assertRejected(String expected, String... args) {
        CliHarness result = CliHarness.run(args);
        assertEquals(2, result.exitCode(), result.err());
        assertEquals(1, result.errLines().size(), result.err());
        assertEquals("loadgen certs: " + expected, result.errLines().get(0));
        assertFalse(Files.exists(dir.resolve("pki")), "nothing is written for bad input");
    }

    @Test
    void badInputIsOneLineAndExitCodeTwoWithNothingWritten() throws IOException {
        Path tokens = Files.writeString(dir.resolve("in.csv"), "t1\n");
        String good = tokens.toString();
        String out = dir.resolve("pki").toString();
        Path missing = dir.resolve("missing.csv");
        Path duplicate = Files.writeString(dir.resolve("dup.csv"), "t1\nt1\n");

        assertRejected(missing + ": no such file", "certs", "--tokens", missing.toString(), "--out", out);
        assertRejected(duplicate + ":2: duplicate token 't1' (first seen on line 1)",
                "certs", "--tokens", duplicate.toString(), "--out", out);
        assertRejected("--key-type: expected ec or rsa, found 'dsa'",
                "certs", "--tokens", good, "--out", out, "--key-type", "dsa");
        assertRejected("--layout: expected columns or dir, found 'flat'",
                "certs", "--tokens", good, "--out", out, "--layout", "flat");
        assertRejected("--server-ips: 'localhost' is not an IP address (expected like 127.0.0.1 or ::1;"
                + " names go in --server-names)", "certs", "--tokens", good, "--out", out, "--server-ips", "localhost");
        assertRejected("--server-names: 'kpc_example' is not a DNS name (expected letters, digits, '-' and '.',"
                + " like kpc.example; IP addresses go in --server-ips)",
                "certs", "--tokens", good, "--out", out, "--server-names", "kpc_example");
        assertRejected("--server-names and --server-ips are both empty; the server certificate needs a name or an"
                + " address", "certs", "--tokens", good, "--out", out, "--server-names", "", "--server-ips", "");
        assertTrue(CliHarness.run("certs", "--tokens", good, "--out", out, "--days", "0").err()
                .startsWith("loadgen certs: --days"));
        assertFalse(Files.exists(dir.resolve("pki")));

        Path inPki = Files.createDirectories(dir.resolve("pki2")).resolve("tokens.csv");
        Files.writeString(inPki, "t1\n");
        CliHarness same = CliHarness.run("certs", "--tokens", inPki.toString(), "--out", dir.resolve("pki2").toString());
        assertEquals(2, same.exitCode());
        assertEquals(List.of("loadgen certs: --out: " + inPki + " would replace the --tokens file; choose another"
                + " --out directory"), same.errLines());
        assertEquals("t1\n", Files.readString(inPki));
        assertFalse(Files.exists(dir.resolve("pki2/ca.crt")));

        CliHarness noOut = CliHarness.run("certs", "--tokens", good);
        assertEquals(2, noOut.exitCode());
        assertEquals(1, noOut.errLines().size(), noOut.err());
    }
}
