package dev.kpcload.run;

import dev.kpcload.InvalidInputException;
import dev.kpcload.tls.ClientIdentity;
import dev.kpcload.tls.TlsGroup;
import dev.kpcload.tls.TlsProvider;
import dev.kpcload.tls.TlsSettings;
import dev.kpcload.tls.TlsVersion;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The TLS settings of a run, as the flags give them: defaults, the port, and every contradiction refused. */
class TlsSpecTest {

    private static RunSpec read(String... keyValues) {
        Settings s = Settings.empty().with(Setting.TOKENS, "tokens.csv", "--tokens")
            .with(Setting.RATE, "10/s", "--rate");
        for (int i = 0; i < keyValues.length; i += 2) {
            s = s.with(Setting.byKey(keyValues[i]), keyValues[i + 1], "--" + keyValues[i]);
        }
        return RunSpecReader.read(s, "test", null);
    }

    private static String problem(String... keyValues) {
        return assertThrows(InvalidInputException.class, () -> read(keyValues)).getMessage();
    }

    @Test
    void plainByDefault() {
        RunSpec spec = read("server", "127.0.0.1:1883");
        assertFalse(spec.tls().enabled());
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 1883)), spec.servers());
    }

    @Test
    void tlsVerifiesByDefaultOffersBothVersionsAndMakesAPortlessServer8883() {
        RunSpec spec = read("tls", "true", "server", "localhost,127.0.0.1:9883,[::1]");
        TlsSettings tls = spec.tls();
        assertTrue(tls.enabled());
        assertFalse(tls.insecure());
        assertTrue(tls.verifyHostname());
        assertNull(tls.caFile(), "the JVM's trust store");
        assertEquals(List.of(TlsVersion.TLS_1_2, TlsVersion.TLS_1_3), tls.versions());
        assertEquals(TlsProvider.AUTO, tls.provider());
        assertEquals(Duration.ofSeconds(10), tls.handshakeTimeout());
        assertTrue(tls.fleetIdentity().isNone());
        assertEquals(List.of(8883, 9883, 8883), spec.servers().stream().map(InetSocketAddress::getPort).toList());
        assertEquals("localhost", spec.servers().get(0).getHostString(), "the name SNI sends and the check uses");
    }

    @Test
    void everyTlsFlagIsRead() {
        TlsSettings tls = read("tls", "true", "server", "localhost", "ca", "ca.pem", "tls-versions", "1.3",
            "tls-provider", "jdk", "tls-handshake-timeout", "3s", "client-cert", "c.pem", "client-key", "k.pem").tls();
        assertEquals(Path.of("ca.pem"), tls.caFile());
        assertEquals(List.of(TlsVersion.TLS_1_3), tls.versions());
        assertEquals(TlsProvider.JDK, tls.provider());
        assertEquals(Duration.ofSeconds(3), tls.handshakeTimeout());
        assertEquals(ClientIdentity.of(Path.of("c.pem"), Path.of("k.pem")), tls.fleetIdentity());
        assertTrue(read("tls", "true", "tls-insecure", "true").tls().insecure());
    }

    @Test
    void keyExchangeGroupsAreReadInOrderAndDefaultToTheClassicOnes() {
        assertEquals(List.of(TlsGroup.X25519_MLKEM768, TlsGroup.P_256),
            read("tls", "true", "tls-groups", "X25519MLKEM768, secp256r1").tls().groups());
        assertEquals(null, read("tls", "true").tls().groups());
        assertEquals(TlsGroup.CLASSIC, read("tls", "true").tls().openSslGroups());
        assertEquals("--tls-groups: unknown key exchange group 'ffdhe2048' (expected X25519, P-256, P-384, P-521,"
            + " X25519MLKEM768)", problem("tls", "true", "tls-groups", "X25519,ffdhe2048"));
        assertEquals("--tls-groups: is a TLS setting, but TLS is off; add --tls", problem("tls-groups", "X25519"));
    }

    @Test
    void aPortlessServerWithoutTlsIsStillAMistake() {
        assertEquals("--server: expected HOST:PORT like 127.0.0.1:1883, got 'localhost'",
            problem("server", "localhost"));
    }

    @Test
    void tlsSettingsWithoutTlsAreRefused() {
        assertEquals("--ca: is a TLS setting, but TLS is off; add --tls", problem("ca", "ca.pem"));
        assertEquals("--client-cert: is a TLS setting, but TLS is off; add --tls",
            problem("client-cert", "c.pem", "client-key", "k.pem"));
        assertEquals("--tls-insecure: is a TLS setting, but TLS is off; add --tls", problem("tls-insecure", "true"));
    }

    @Test
    void contradictionsAreRefused() {
        assertEquals("--tls-insecure: verifies nothing, so --ca would be ignored; give one of them",
            problem("tls", "true", "tls-insecure", "true", "ca", "ca.pem"));
        assertEquals("--client-cert: needs --client-key as well (a client certificate and its private key)",
            problem("tls", "true", "client-cert", "c.pem"));
        assertEquals("--client-key: needs --client-cert as well (a client certificate and its private key)",
            problem("tls", "true", "client-key", "k.pem"));
        assertEquals("--tls-versions: unknown TLS version '1.1' (expected 1.2 or 1.3)",
            problem("tls", "true", "tls-versions", "1.2,1.1"));
        assertEquals("--tls-provider: expected one of auto, openssl, jdk, got 'boring'",
            problem("tls", "true", "tls-provider", "boring"));
        assertEquals("--tls: expected true or false, got 'yes'", problem("tls", "yes"));
    }
}
