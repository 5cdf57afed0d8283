package dev.kpcload.tls;

import dev.kpcload.InvalidInputException;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLEngine;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --tls-groups} as it reaches the wire: the ClientHello an OpenSSL client context makes is parsed for its
 * supported_groups and key_share extensions (RFC 8446 4.2.7 and 4.2.8).
 */
class ClientHelloGroupsTest {

    private static final int X25519 = 0x001d;
    private static final int P_256 = 0x0017;
    private static final int P_384 = 0x0018;
    private static final int P_521 = 0x0019;
    private static final int X25519_MLKEM768 = 0x11ec;

    @Test
    void byDefaultTheClassicGroupsAreOfferedAndOnlyX25519GetsAKeyShare() throws Exception {
        Hello hello = clientHello(TlsSettings.defaults());
        assertEquals(List.of(X25519, P_256, P_384, P_521), hello.groups());
        assertEquals(List.of(X25519), hello.keyShares());
    }

    @Test
    void theGroupsGivenAreOfferedInTheirOrder() throws Exception {
        Hello hybrid = clientHello(TlsSettings.defaults().withGroups(
            TlsGroup.parseList("X25519MLKEM768,x25519", "--tls-groups")));
        assertEquals(List.of(X25519_MLKEM768, X25519), hybrid.groups());
        assertTrue(hybrid.keyShares().contains(X25519_MLKEM768), hybrid.keyShares().toString());

        Hello p256 = clientHello(TlsSettings.defaults().withGroups(TlsGroup.parseList("secp256r1", "--tls-groups")));
        assertEquals(List.of(P_256), p256.groups());
        assertEquals(List.of(P_256), p256.keyShares());
    }

    @Test
    void badListsAndTheJdkProviderAreOneLineRefusals() {
        assertEquals("--tls-groups: unknown key exchange group 'x448' (expected X25519, P-256, P-384, P-521,"
            + " X25519MLKEM768)", assertThrows(InvalidInputException.class,
                () -> TlsGroup.parseList("X25519,x448", "--tls-groups")).getMessage());
        assertEquals("--tls-groups: P-256 is listed twice", assertThrows(InvalidInputException.class,
            () -> TlsGroup.parseList("P-256,prime256v1", "--tls-groups")).getMessage());
        String jdk = assertThrows(InvalidInputException.class, () -> ClientContexts.create(TlsSettings.defaults()
            .withProvider(TlsProvider.JDK).withGroups(List.of(TlsGroup.X25519)))).getMessage();
        assertTrue(jdk.startsWith("--tls-groups: the JDK provider takes its groups from the JVM"), jdk);
        assertEquals(1, jdk.lines().count());
    }

    private static Hello clientHello(TlsSettings settings) throws Exception {
        ClientContexts contexts = ClientContexts.create(settings.withVersions(List.of(TlsVersion.TLS_1_3))
            .withProvider(TlsProvider.OPENSSL));
        SslContext context = contexts.fleetContext();
        SSLEngine engine = context.newEngine(ByteBufAllocator.DEFAULT, "localhost", 8883);
        try {
            ByteBuffer out = ByteBuffer.allocate(64 * 1024);
            engine.beginHandshake();
            engine.wrap(ByteBuffer.allocate(0), out);
            out.flip();
            return Hello.parse(out);
        } finally {
            engine.closeOutbound();
            io.netty.util.ReferenceCountUtil.release(engine);
        }
    }

    /** The two extensions of a TLS 1.3 ClientHello record that name groups. */
    private record Hello(List<Integer> groups, List<Integer> keyShares) {

        static Hello parse(ByteBuffer b) {
            assertEquals(22, b.get(), "a handshake record");
            b.getShort(); // legacy record version
            b.getShort(); // record length
            assertEquals(1, b.get(), "a ClientHello");
            b.position(b.position() + 3 + 2 + 32); // handshake length, legacy version, random
            skip(b, b.get() & 0xff); // session id
            skip(b, b.getShort() & 0xffff); // cipher suites
            skip(b, b.get() & 0xff); // compression methods
            int length = b.getShort() & 0xffff;
            int end = b.position() + length;
            List<Integer> groups = new ArrayList<>();
            List<Integer> shares = new ArrayList<>();
            while (b.position() < end) {
                int type = b.getShort() & 0xffff;
                int extLength = b.getShort() & 0xffff;
                int next = b.position() + extLength;
                if (type == 0x000a) { // supported_groups
                    int listLength = b.getShort() & 0xffff;
                    int listEnd = b.position() + listLength;
                    while (b.position() < listEnd) {
                        groups.add(b.getShort() & 0xffff);
                    }
                } else if (type == 0x0033) { // key_share
                    int listLength = b.getShort() & 0xffff;
                    int listEnd = b.position() + listLength;
                    while (b.position() < listEnd) {
                        shares.add(b.getShort() & 0xffff);
                        skip(b, b.getShort() & 0xffff);
                    }
                }
                b.position(next);
            }
            return new Hello(groups, shares);
        }

        /** Reads the count first: {@code b.position(b.position() + b.get())} would take the position before the get. */
        private static void skip(ByteBuffer b, int count) {
            b.position(b.position() + count);
        }
    }
}
