package io.netty.handler.ssl;

import dev.kpcload.fleet.TokenEntry;
import dev.kpcload.tls.CertifiedKey;
import dev.kpcload.tls.ClientContexts;
import dev.kpcload.tls.FleetTls;
import dev.kpcload.tls.KeyType;
import dev.kpcload.tls.PemFileWriter;
import dev.kpcload.tls.TestPki;
import dev.kpcload.tls.TlsProvider;
import dev.kpcload.tls.TlsPump;
import dev.kpcload.tls.TlsResumption;
import dev.kpcload.tls.TlsSettings;
import dev.kpcload.tls.TlsVersion;
import dev.kpcload.tls.Validity;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --tls-resumption} decides which sessions the fleet's connections resume, seen from the server (an OpenSSL
 * engine says whether it resumed; hence this package). TLS 1.2, where both providers resume by session ID; devices
 * 0, 1, 2, 0, 1, 2 connect in turn.
 */
class TlsResumptionTest {

    @TempDir
    Path dir;

    private int resumed(TlsProvider provider, TlsResumption resumption) throws Exception {
        TestPki pki = TestPki.create(KeyType.EC, new Validity(Instant.now().minusSeconds(60), Duration.ofDays(1)),
            new SecureRandom(), "ca");
        CertifiedKey server = pki.server(List.of("localhost"), List.of(InetAddress.getLoopbackAddress()));
        Path ca = dir.resolve(provider + "-" + resumption + "-ca.crt");
        PemFileWriter.writeCertificate(ca, pki.ca().certificate());
        SslContext serverContext = SslContextBuilder.forServer(server.key(),
                server.chain().toArray(new X509Certificate[0]))
            .sslProvider(SslProvider.OPENSSL).protocols("TLSv1.2").build();
        List<TokenEntry> devices = List.of(new TokenEntry(1, "m0", null, null, null, null, null),
            new TokenEntry(2, "m1", null, null, null, null, null), new TokenEntry(3, "m2", null, null, null, null, null));
        FleetTls fleet = new FleetTls(ClientContexts.prepare(TlsSettings.defaults().withCaFile(ca)
                .withProvider(provider).withVersions(List.of(TlsVersion.TLS_1_2)), devices, 3, "tokens.csv",
            Instant.now(), null, line -> { }), System::nanoTime, resumption);
        int resumed = 0;
        for (int connect = 0; connect < 6; connect++) {
            SslHandler client = (SslHandler) fleet.newHandler(connect % 3, ByteBufAllocator.DEFAULT,
                InetSocketAddress.createUnresolved("localhost", 8883));
            SslHandler serverSide = serverContext.newHandler(ByteBufAllocator.DEFAULT);
            EmbeddedChannel c = new EmbeddedChannel(client);
            EmbeddedChannel s = new EmbeddedChannel(serverSide);
            TlsPump.pump(c, s);
            assertTrue(client.handshakeFuture().isSuccess(), () -> String.valueOf(client.handshakeFuture().cause()));
            if (((ReferenceCountedOpenSslEngine) serverSide.engine()).isSessionReused()) {
                resumed++;
            }
            c.finishAndReleaseAll();
            s.finishAndReleaseAll();
        }
        return resumed;
    }

    @Test
    void aDeviceResumesOnlyItsOwnSessionNothingWhenOffAnythingAcrossTheFleet() throws Exception {
        for (TlsProvider provider : List.of(TlsProvider.OPENSSL, TlsProvider.JDK)) {
            assertEquals(3, resumed(provider, TlsResumption.DEVICE), provider + ": each device's second connect");
            assertEquals(0, resumed(provider, TlsResumption.OFF), provider.name());
            assertEquals(5, resumed(provider, TlsResumption.FLEET), provider + ": all but the first");
        }
    }
}
