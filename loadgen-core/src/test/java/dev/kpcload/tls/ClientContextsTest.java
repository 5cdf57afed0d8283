package dev.kpcload.tls;

import dev.kpcload.CannotRunException;
import dev.kpcload.InvalidInputException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientContextsTest {

    @TempDir
    Path dir;

    @Test
    void oneContextPerDistinctIdentityBuiltOnceAndShared() throws Exception {
        OpensslCerts openssl = new OpensslCerts(dir);
        OpensslCerts.Pair ca = openssl.ca("ca");
        OpensslCerts.Pair a = openssl.client("meter-a", ca);
        OpensslCerts.Pair b = openssl.client("meter-b", ca);
        ClientContexts contexts = ClientContexts.create(TlsSettings.defaults().withCaFile(ca.cert())
            .withFleetIdentity(a.identity()));

        SslContext none = contexts.forIdentity(ClientIdentity.none());
        SslContext first = contexts.forIdentity(a.identity());
        // The same files named another way are the same identity.
        Path roundabout = dir.resolve("sub/..").resolve(a.cert().getFileName());
        Files.createDirectories(dir.resolve("sub"));
        SslContext again = contexts.forIdentity(ClientIdentity.of(roundabout, a.key()));
        SslContext other = contexts.forIdentity(b.identity());

        assertSame(first, again);
        assertSame(first, contexts.fleetContext());
        assertNotSame(first, other);
        assertNotSame(none, first);
        assertEquals(3, contexts.contextCount());
        for (int i = 0; i < 100; i++) {
            contexts.forIdentity(i % 2 == 0 ? a.identity() : b.identity());
        }
        assertEquals(3, contexts.contextCount());
    }

    @Test
    void unreadableFilesAreOneLineErrorsNamingTheFile() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");
        InvalidInputException ca = assertThrows(InvalidInputException.class,
            () -> ClientContexts.create(TlsSettings.defaults().withCaFile(garbage)).fleetContext());
        assertTrue(ca.getMessage().startsWith("--ca " + garbage + ": "), ca.getMessage());
        assertEquals(1, ca.getMessage().lines().count());

        InvalidInputException pair = assertThrows(InvalidInputException.class,
            () -> ClientContexts.create(TlsSettings.defaults()).forIdentity(
                ClientIdentity.of(garbage, dir.resolve("missing.key"))));
        assertTrue(pair.getMessage().contains(garbage.toString()), pair.getMessage());
        assertEquals(1, pair.getMessage().lines().count());
    }

    @Test
    void autoFallsBackToTheJdkWithANoticeAndOpensslRefusesToRunWithout() {
        Throwable cause = new UnsatisfiedLinkError("no netty_tcnative_linux_x86_64 in java.library.path");
        ProviderChoice auto = ProviderChoice.choose(TlsProvider.AUTO, false, cause);
        assertEquals(SslProvider.JDK, auto.provider());
        assertTrue(auto.notice().orElseThrow().contains("no netty_tcnative_linux_x86_64"), auto.notice()::get);
        assertEquals(1, auto.notice().get().lines().count());

        CannotRunException openssl = assertThrows(CannotRunException.class,
            () -> ProviderChoice.choose(TlsProvider.OPENSSL, false, cause));
        assertTrue(openssl.getMessage().startsWith("--tls-provider openssl: "), openssl.getMessage());

        assertEquals(SslProvider.OPENSSL, ProviderChoice.choose(TlsProvider.AUTO, true, null).provider());
        assertTrue(ProviderChoice.choose(TlsProvider.AUTO, true, null).notice().isEmpty());
        assertEquals(SslProvider.JDK, ProviderChoice.choose(TlsProvider.JDK, true, null).provider());
    }

    @Test
    void settingsDefaultsAndVersions() {
        TlsSettings defaults = TlsSettings.defaults();
        assertTrue(defaults.enabled());
        assertTrue(defaults.verifyHostname());
        assertEquals(List.of(TlsVersion.TLS_1_2, TlsVersion.TLS_1_3), defaults.versions());
        assertEquals(TlsProvider.AUTO, defaults.provider());
        assertTrue(defaults.fleetIdentity().isNone());
        assertEquals(List.of(TlsVersion.TLS_1_3),
            defaults.withVersions(List.of(TlsVersion.TLS_1_3, TlsVersion.TLS_1_3)).versions());
        assertEquals(TlsVersion.TLS_1_3, TlsVersion.parse("TLSv1.3", "--tls-versions"));
        assertEquals(TlsVersion.TLS_1_2, TlsVersion.parse("1.2", "--tls-versions"));
        InvalidInputException bad = assertThrows(InvalidInputException.class,
            () -> TlsVersion.parse("1.1", "--tls-versions"));
        assertEquals("--tls-versions: unknown TLS version '1.1' (expected 1.2 or 1.3)", bad.getMessage());
    }
}
