package dev.kpcload.tls;

import dev.kpcload.InvalidInputException;
import dev.kpcload.fleet.TokenEntry;
import dev.kpcload.fleet.TokenFile;
import dev.kpcload.testing.OpenSsl;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ClientContexts#prepare}: which files each device presents (seen by an in-memory server), one context per
 * distinct identity, and every way the files can be wrong as one line naming the file and token file line.
 */
class ClientContextsPrepareTest {

    /** For the checks that need no handshake: a fixed clock. */
    private static final Instant FIXED = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path dir;
    private final SecureRandom random = new SecureRandom();
    /** Valid at {@link #FIXED} and around the real clock, which the handshakes use. */
    private TestPki pki;
    private Path caFile;
    private PresentedCertificate server;
    private final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void pki() throws Exception {
        Instant from = FIXED.minus(Duration.ofDays(30));
        Duration tenYearsFromNow = Duration.between(from, Instant.now().plus(Duration.ofDays(3650)));
        pki = TestPki.create(KeyType.EC, new Validity(from, tenYearsFromNow), random, "prepare CA");
        caFile = dir.resolve("ca.crt");
        PemFileWriter.writeCertificate(caFile, pki.ca().certificate());
        server = new PresentedCertificate(pki.server(List.of("localhost"), List.of(InetAddress.getLoopbackAddress())));
    }

    /** Writes {@code issued} as {@code {base}.crt} and {@code {base}.key} under the temporary directory. */
    private void write(String base, CertifiedKey issued) {
        PemFileWriter.writeCertificate(dir.resolve(base + ".crt"), issued.certificate());
        PemFileWriter.writePrivateKey(dir.resolve(base + ".key"), issued.key());
    }

    private List<TokenEntry> tokens(String text) throws IOException {
        return TokenFile.load(Files.writeString(dir.resolve("tokens.csv"), text));
    }

    private TlsSettings settings(TlsProvider provider) {
        return TlsSettings.defaults().withCaFile(caFile).withProvider(provider);
    }

    private ClientContexts prepare(TlsSettings settings, List<TokenEntry> entries) {
        return ClientContexts.prepare(settings, entries, entries.size(), "tokens.csv", Instant.now(),
            Duration.ofHours(1), warnings::add);
    }

    private ClientContexts prepareAt(Instant now, Duration run, TlsSettings settings, List<TokenEntry> entries) {
        return ClientContexts.prepare(settings, entries, entries.size(), "tokens.csv", now, run, warnings::add);
    }

    /** The one-line message prepare refuses with. */
    private String refused(TlsSettings settings, List<TokenEntry> entries) {
        return refusedAt(Instant.now(), settings, entries);
    }

    private String refusedAt(Instant now, TlsSettings settings, List<TokenEntry> entries) {
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> prepareAt(now, Duration.ofHours(1), settings, entries));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }

    private String presented(ClientContexts contexts, int device) throws Exception {
        return server.subject(contexts.forDevice(device));
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"OPENSSL", "JDK"})
    void columnsWinOverTheCertsDirWhichWinsOverTheFleet(TlsProvider provider) throws Exception {
        write("own/t1", pki.client("own-t1"));
        write("certs/t2", pki.client("dir-t2"));
        write("certs/t3", pki.client("dir-t3"));
        write("fleet", pki.client("fleet"));
        // columns win: this broken pair in the certs dir is never read
        Files.writeString(dir.resolve("certs/t1.crt"), "garbage");
        Files.writeString(dir.resolve("certs/t1.key"), "garbage");
        List<TokenEntry> entries = tokens("token,cert,key\nt1,own/t1.crt,own/t1.key\nt2\nt3\n");
        TlsSettings fleet = settings(provider).withFleetIdentity(
            ClientIdentity.of(dir.resolve("fleet.crt"), dir.resolve("fleet.key")));

        ClientContexts all = prepare(fleet.withCertsDir(dir.resolve("certs")), entries);
        assertEquals("CN=own-t1", presented(all, 0));
        assertEquals("CN=dir-t2", presented(all, 1));
        assertEquals("CN=dir-t3", presented(all, 2));
        assertEquals(3, all.contextCount());

        ClientContexts noDir = prepare(fleet, entries);
        assertEquals("CN=own-t1", presented(noDir, 0));
        assertEquals("CN=fleet", presented(noDir, 1));
        assertSame(noDir.forDevice(1), noDir.forDevice(2));
        assertSame(noDir.forDevice(1), noDir.fleetContext());
        assertEquals(2, noDir.contextCount());

        ClientContexts noFleet = prepare(settings(provider), entries);
        assertEquals("CN=own-t1", presented(noFleet, 0));
        assertNull(presented(noFleet, 1));
        assertSame(noFleet.forDevice(1), noFleet.forDevice(2));
        assertEquals(2, noFleet.contextCount());
        assertEquals(List.of(), warnings);
    }

    @Test
    void devicesNamingTheSameFilesShareOneContext() throws Exception {
        write("certs/t1", pki.client("t1"));
        write("certs/t3", pki.client("t3"));
        // t2 names t1's files another way; t4 names in its columns what the certs dir gives t3
        List<TokenEntry> entries = tokens("token,cert,key\nt1\nt2,certs/../certs/t1.crt,./certs/t1.key\nt3\n"
            + "t4,certs/t3.crt,certs/t3.key\n");
        ClientContexts contexts = prepare(settings(TlsProvider.AUTO).withCertsDir(dir.resolve("certs")), entries);

        assertEquals(2, contexts.contextCount());
        assertSame(contexts.forDevice(0), contexts.forDevice(1));
        assertSame(contexts.forDevice(2), contexts.forDevice(3));
        assertNotSame(contexts.forDevice(0), contexts.forDevice(2));
        assertEquals("CN=t1", presented(contexts, 1));
        assertEquals("CN=t3", presented(contexts, 3));
    }

    @Test
    void onlyTheFirstDeviceCountEntriesAreChecked() throws Exception {
        write("certs/t1", pki.client("t1"));
        List<TokenEntry> entries = tokens("token,cert,key\nt1\nt2,missing.crt,missing.key\n");
        TlsSettings settings = settings(TlsProvider.AUTO).withCertsDir(dir.resolve("certs"));

        ClientContexts one = ClientContexts.prepare(settings, entries, 1, "tokens.csv", Instant.now(), null,
            warnings::add);
        assertEquals(1, one.contextCount());
        assertEquals("CN=t1", presented(one, 0));
        assertEquals("tokens.csv line 3: " + dir.resolve("missing.crt") + ": no such file", refused(settings, entries));
    }

    /** EC and RSA keys in the forms openssl writes, each with a certificate openssl made for it. */
    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"OPENSSL", "JDK"})
    void readsEcAndRsaKeysPkcs8AndTraditionalMadeByOpenssl(TlsProvider provider) throws Exception {
        OpenSsl openssl = OpenSsl.in(dir);
        openssl.run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ec8.key")
            .assertOk();
        openssl.run("ecparam", "-name", "prime256v1", "-genkey", "-out", "ec.key").assertOk();
        openssl.run("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "rsa8.key")
            .assertOk();
        openssl.run("genrsa", "-traditional", "-out", "rsa.key", "2048").assertOk();
        List<String> heads = new ArrayList<>();
        for (String name : List.of("ec8", "ec", "rsa8", "rsa")) {
            openssl.run("req", "-x509", "-new", "-key", name + ".key", "-subj", "/CN=" + name, "-days", "2",
                "-out", name + ".crt").assertOk();
            heads.add(Files.readAllLines(dir.resolve(name + ".key")).get(0));
        }
        assertEquals(List.of("-----BEGIN PRIVATE KEY-----", "-----BEGIN EC PARAMETERS-----",
            "-----BEGIN PRIVATE KEY-----", "-----BEGIN RSA PRIVATE KEY-----"), heads);

        List<TokenEntry> entries = tokens("token,cert,key\nt1,ec8.crt,ec8.key\nt2,ec.crt,ec.key\n"
            + "t3,rsa8.crt,rsa8.key\nt4,rsa.crt,rsa.key\n");
        ClientContexts contexts = prepare(settings(provider), entries);
        assertEquals(4, contexts.contextCount());
        assertEquals("CN=ec8", presented(contexts, 0));
        assertEquals("CN=ec", presented(contexts, 1));
        assertEquals("CN=rsa8", presented(contexts, 2));
        assertEquals("CN=rsa", presented(contexts, 3));
    }

    @Test
    void certsWriterOutputIsReadInBothLayouts() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("plain.csv"), "token,model\nm1,A\nm2,B\n");
        Validity validity = new Validity(Instant.now().minus(Duration.ofMinutes(1)), Duration.ofDays(1));
        Path columnsOut = dir.resolve("rig-columns");
        CertsWriter.Written written = CertsWriter.write(new CertsRequest(tokenFile, columnsOut, List.of("localhost"),
            List.of(), KeyType.EC, validity, CertsLayout.COLUMNS), random);

        List<TokenEntry> entries = TokenFile.load(written.tokenFile());
        assertEquals(columnsOut.resolve("clients/m2.crt"), entries.get(1).cert());
        assertEquals(columnsOut.resolve("clients/m2.key"), entries.get(1).key());
        assertEquals("B", entries.get(1).model());
        TlsSettings trusting = TlsSettings.defaults().withCaFile(columnsOut.resolve("ca.crt"));
        ClientContexts columns = prepare(trusting, entries);
        assertEquals(2, columns.contextCount());
        PresentedCertificate rigServer = new PresentedCertificate(PemFiles.readCertifiedKey(
            columnsOut.resolve("server.crt"), columnsOut.resolve("server.key")));
        assertEquals("CN=m1", rigServer.subject(columns.forDevice(0)));
        assertEquals("CN=m2", rigServer.subject(columns.forDevice(1)));

        Path dirOut = dir.resolve("rig-dir");
        CertsWriter.write(new CertsRequest(tokenFile, dirOut, List.of("localhost"), List.of(), KeyType.EC, validity,
            CertsLayout.DIR), random);
        ClientContexts byDir = prepare(TlsSettings.defaults().withCaFile(dirOut.resolve("ca.crt"))
            .withCertsDir(dirOut.resolve(CertsWriter.CLIENTS)), TokenFile.load(tokenFile));
        assertEquals("CN=m2", new PresentedCertificate(PemFiles.readCertifiedKey(dirOut.resolve("server.crt"),
            dirOut.resolve("server.key"))).subject(byDir.forDevice(1)));
        assertEquals(List.of(), warnings);
    }

    @Test
    void everyBadFileIsOneLineNamingTheFileAndTheTokenFileLine() throws Exception {
        TestPki now = TestPki.create(KeyType.EC, new Validity(FIXED.minus(Duration.ofDays(1)), Duration.ofDays(30)),
            random, "now");
        write("good", now.client("good"));
        write("other", now.client("other"));
        PemFileWriter.writePrivateKey(dir.resolve("rsa.key"), TestPki.create(KeyType.RSA,
            new Validity(FIXED, Duration.ofDays(1)), random, "rsa").client("rsa").key());
        write("expired", TestPki.create(KeyType.EC, new Validity(Instant.parse("2020-01-01T00:00:00Z"),
            Duration.ofDays(366)), random, "old").client("expired"));
        write("future", TestPki.create(KeyType.EC, new Validity(Instant.parse("2027-01-01T00:00:00Z"),
            Duration.ofDays(30)), random, "new").client("future"));
        Files.writeString(dir.resolve("empty.crt"), "\n");
        Files.writeString(dir.resolve("garbage.crt"), "not a certificate\n");
        TlsSettings settings = settings(TlsProvider.AUTO);
        String line3 = "tokens.csv line 3: ";

        assertEquals(line3 + dir.resolve("missing.crt") + ": no such file",
            refusedAt(FIXED, settings, devices("missing.crt,good.key")));
        assertEquals(line3 + dir.resolve("missing.key") + ": no such file",
            refusedAt(FIXED, settings, devices("good.crt,missing.key")));
        assertEquals(line3 + dir.resolve("empty.crt") + ": empty file (expected PEM text)",
            refusedAt(FIXED, settings, devices("empty.crt,good.key")));
        assertTrue(refusedAt(FIXED, settings, devices("garbage.crt,good.key"))
            .startsWith(line3 + dir.resolve("garbage.crt") + ": not a PEM file (no -----BEGIN ...----- line;"));
        assertEquals(line3 + dir.resolve("good.key") + ": no certificate in it (expected -----BEGIN CERTIFICATE-----;"
            + " found a private key)",
            refusedAt(FIXED, settings, devices("good.key,good.key")));
        assertEquals(line3 + dir.resolve("good.crt") + ": no private key in it (expected -----BEGIN PRIVATE KEY-----,"
            + " RSA PRIVATE KEY or EC PRIVATE KEY; found a certificate)",
            refusedAt(FIXED, settings, devices("good.crt,good.crt")));
        assertEquals(line3 + dir.resolve("other.key") + ": the private key does not match the certificate in "
            + dir.resolve("good.crt") + " (its public key is another)",
            refusedAt(FIXED, settings, devices("good.crt,other.key")));
        assertEquals(line3 + dir.resolve("rsa.key") + ": the private key does not match the certificate in "
            + dir.resolve("good.crt") + " (a RSA key for a EC certificate)",
            refusedAt(FIXED, settings, devices("good.crt,rsa.key")));
        assertEquals(line3 + dir.resolve("expired.crt") + ": the certificate expired at 2021-01-01T00:00:00Z (valid"
            + " from 2020-01-01T00:00:00Z; it is now 2026-03-01T12:00:00Z)",
            refusedAt(FIXED, settings, devices("expired.crt,expired.key")));
        assertEquals(line3 + dir.resolve("future.crt") + ": the certificate is not valid yet: valid from"
            + " 2027-01-01T00:00:00Z (it is now 2026-03-01T12:00:00Z; is this machine's clock right?)",
            refusedAt(FIXED, settings, devices("future.crt,future.key")));
    }

    /** A token file whose line 2 is fine (no certificate of its own) and line 3 gives {@code cert,key}. */
    private List<TokenEntry> devices(String certAndKey) throws IOException {
        return tokens("token,cert,key\nt1\nt2," + certAndKey + "\n");
    }

    @Test
    void anEncryptedKeyIsRefusedNamingTheLine() throws Exception {
        OpenSsl openssl = OpenSsl.in(dir);
        openssl.run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes256",
            "-pass", "pass:secret", "-out", "enc.key").assertOk();
        write("good", pki.client("good"));
        Path key = dir.resolve("enc.key");
        assertEquals("tokens.csv line 3: " + key + ": the private key is encrypted, which is not supported (decrypt"
                + " it: openssl pkey -in " + key + " -out PLAIN.key)",
            refused(settings(TlsProvider.AUTO), devices("good.crt,enc.key")));
    }

    @Test
    void anUnreadableFileNamesTheLine() throws Exception {
        write("good", pki.client("good"));
        Path key = dir.resolve("good.key");
        assertTrue(key.toFile().setReadable(false, false));
        Assumptions.assumeFalse(Files.isReadable(key), "running as root: every file is readable");
        assertEquals("tokens.csv line 3: " + key + ": cannot read: permission denied",
            refused(settings(TlsProvider.AUTO), devices("good.crt,good.key")));
    }

    @Test
    void theCertsDirNeedsBothFilesOfEveryDeviceWithoutColumns() throws Exception {
        write("certs/t1", pki.client("t1"));
        write("own/t3", pki.client("t3"));
        Files.delete(dir.resolve("certs/t1.key"));
        Path certs = dir.resolve("certs");
        TlsSettings settings = settings(TlsProvider.AUTO).withCertsDir(certs);

        assertEquals("tokens.csv line 2: --certs-dir " + certs + " has no t1.key (it needs {token}.crt and"
            + " {token}.key for every device without cert and key columns)",
            refused(settings, tokens("token,cert,key\nt1\n")));
        write("certs/t1", pki.client("t1"));
        assertEquals("tokens.csv line 4: --certs-dir " + certs + " has no t2.crt or t2.key (it needs {token}.crt and"
            + " {token}.key for every device without cert and key columns)",
            refused(settings, tokens("token,cert,key\nt1\nt3,own/t3.crt,own/t3.key\nt2\n")));
        assertEquals("--certs-dir " + dir.resolve("nope") + ": no such directory",
            refused(settings.withCertsDir(dir.resolve("nope")), tokens("token\nt1\n")));
        assertEquals("--certs-dir " + dir.resolve("certs/t1.crt") + ": not a directory",
            refused(settings.withCertsDir(dir.resolve("certs/t1.crt")), tokens("token\nt1\n")));
    }

    @Test
    void theCaFileAndTheFleetIdentityAreCheckedToo() throws Exception {
        write("good", pki.client("good"));
        write("other", pki.client("other"));
        List<TokenEntry> entries = tokens("token\nt1\n");
        Path key = dir.resolve("good.key");

        assertEquals("--ca " + key + ": no certificate in it (expected -----BEGIN CERTIFICATE-----; found a private"
            + " key)", refused(TlsSettings.defaults().withCaFile(key), entries));
        assertEquals("--ca " + dir.resolve("none.crt") + ": no such file",
            refused(TlsSettings.defaults().withCaFile(dir.resolve("none.crt")), entries));
        TlsSettings settings = settings(TlsProvider.AUTO);
        assertEquals("--client-key " + dir.resolve("other.key") + ": the private key does not match the certificate"
            + " in " + dir.resolve("good.crt") + " (its public key is another)",
            refused(settings.withFleetIdentity(ClientIdentity.of(dir.resolve("good.crt"), dir.resolve("other.key"))),
                entries));
        assertEquals("--client-cert " + dir.resolve("none.crt") + ": no such file",
            refused(settings.withFleetIdentity(ClientIdentity.of(dir.resolve("none.crt"), key)), entries));
        // named but used by no device (each has its own): still checked
        write("own", pki.client("own"));
        assertEquals("--client-cert " + dir.resolve("none.crt") + ": no such file",
            refused(settings.withFleetIdentity(ClientIdentity.of(dir.resolve("none.crt"), key)),
                tokens("token,cert,key\nt1,own.crt,own.key\n")));
    }

    @Test
    void oneWarningForACertificateThatExpiresDuringTheRun() throws Exception {
        Instant expiry = FIXED.plus(Duration.ofMinutes(30));
        write("certs/t1", TestPki.create(KeyType.EC, new Validity(FIXED.minus(Duration.ofDays(1)),
            Duration.between(FIXED.minus(Duration.ofDays(1)), expiry)), random, "soon").client("t1"));
        write("certs/t2", pki.client("t2"));
        TlsSettings settings = settings(TlsProvider.AUTO).withCertsDir(dir.resolve("certs"));
        List<TokenEntry> entries = tokens("token\nt2\nt1\n");

        prepareAt(FIXED, Duration.ofMinutes(29), settings, entries);
        assertEquals(List.of(), warnings);
        prepareAt(FIXED, Duration.ofHours(1), settings, entries);
        assertEquals(List.of("warning: client certificate " + dir.resolve("certs/t1.crt") + " (tokens.csv line 3)"
            + " expires at 2026-03-01T12:30:00Z, 30m into the planned 1h run; handshakes with it fail after that"),
            warnings);
        warnings.clear();
        // open-ended: the next 24 hours
        prepareAt(FIXED, null, settings, entries);
        assertEquals(List.of("warning: client certificate " + dir.resolve("certs/t1.crt") + " (tokens.csv line 3)"
            + " expires at 2026-03-01T12:30:00Z, 30m into the next 24h (the run has no planned end); handshakes with"
            + " it fail after that"), warnings);
        warnings.clear();
        prepareAt(FIXED.minus(Duration.ofHours(24)), null, settings, entries);
        assertEquals(List.of(), warnings);

        // the fleet's certificate is named by its flag
        TlsSettings fleet = settings(TlsProvider.AUTO)
            .withFleetIdentity(ClientIdentity.of(dir.resolve("certs/t1.crt"), dir.resolve("certs/t1.key")));
        prepareAt(FIXED, Duration.ofHours(1), fleet, entries);
        assertEquals(List.of("warning: client certificate --client-cert " + dir.resolve("certs/t1.crt")
            + " expires at 2026-03-01T12:30:00Z, 30m into the planned 1h run; handshakes with it fail after that"),
            warnings);
    }

    @Test
    void manyExpiringCertificatesAreOneSummaryLine() throws Exception {
        StringBuilder file = new StringBuilder("token\n");
        for (int i = 0; i < 50; i++) {
            // expiring 59 to 10 minutes in: device 49 (line 51) first
            Instant notBefore = FIXED.minus(Duration.ofDays(1));
            Instant expiry = FIXED.plus(Duration.ofMinutes(59 - i));
            write("certs/m" + i, TestPki.create(KeyType.EC, new Validity(notBefore,
                Duration.between(notBefore, expiry)), random, "ca" + i).client("m" + i));
            file.append('m').append(i).append('\n');
        }
        write("certs/late", pki.client("late"));
        file.append("late\n");
        List<TokenEntry> entries = tokens(file.toString());

        ClientContexts contexts = prepareAt(FIXED, Duration.ofHours(1),
            settings(TlsProvider.AUTO).withCertsDir(dir.resolve("certs")), entries);
        assertEquals(51, contexts.contextCount());
        assertEquals(List.of("warning: 50 client certificates expire during the planned 1h run, the first at"
            + " 2026-03-01T12:10:00Z (10m in): " + dir.resolve("certs/m49.crt") + " (tokens.csv line 51); handshakes"
            + " with them fail after that"), warnings);
    }

    @Test
    void withTlsOffNoDeviceHasAContextAndCertificatesAreNotRead() throws Exception {
        List<TokenEntry> entries = tokens("token,cert,key\nt1,missing.crt,missing.key\n");
        ClientContexts off = ClientContexts.prepare(TlsSettings.disabled(), entries, 1, "tokens.csv", FIXED, null,
            warnings::add);
        assertNull(off.forDevice(0));
        assertEquals(0, off.contextCount());
        assertTrue(off.notice().isEmpty());
        assertEquals(List.of("warning: the token file's cert and key columns: client certificates are not used"
            + " without TLS (--tls)"), warnings);
        warnings.clear();
        ClientContexts.prepare(TlsSettings.disabled(), tokens("token\nt1\n"), 1, "tokens.csv", FIXED, null,
            warnings::add);
        assertEquals(List.of(), warnings);
    }

    @Test
    void settingsCarryTheCertsDir() {
        Path certs = Path.of("certs");
        TlsSettings settings = TlsSettings.defaults().withCertsDir(certs);
        assertEquals(certs, settings.certsDir());
        assertNull(TlsSettings.defaults().certsDir());
        assertNull(TlsSettings.disabled().certsDir());
        assertFalse(TlsSettings.disabled().enabled());
        // every other with-method keeps it
        assertEquals(certs, settings.withCaFile(certs).withInsecure(true).withVerifyHostname(false)
            .withVersions(List.of(TlsVersion.TLS_1_3)).withProvider(TlsProvider.JDK)
            .withFleetIdentity(ClientIdentity.none()).withHandshakeTimeout(Duration.ofSeconds(3)).withEnabled(false)
            .certsDir());
        assertEquals(TlsSettings.defaults(), TlsSettings.defaults().withCertsDir(null));
    }

}
