package dev.kpcload.tls;

import dev.kpcload.fleet.TokenEntry;
import dev.kpcload.fleet.TokenFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * How long {@link ClientContexts#prepare} takes, and roughly how much heap its contexts hold, for many per-device
 * EC identities: a measurement, not a test (it judges nothing). Runs only with {@code -Dkpcload.measure=true}
 * ({@code -Dkpcload.measure.devices=N} for another fleet size than 2,000).
 */
class ClientContextsPrepareMeasure {

    @TempDir
    Path dir;

    @Test
    void prepareManyPerDeviceIdentities() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("kpcload.measure"), "a measurement: -Dkpcload.measure=true");
        int devices = Integer.getInteger("kpcload.measure.devices", 2_000);
        Path tokens = dir.resolve("plain.csv");
        StringBuilder text = new StringBuilder("token\n");
        for (int i = 0; i < devices; i++) {
            text.append("m").append(i).append('\n');
        }
        Files.writeString(tokens, text);
        long made = System.nanoTime();
        CertsWriter.write(new CertsRequest(tokens, dir.resolve("rig"), List.of("localhost"), List.of(), KeyType.EC,
            new Validity(Instant.now().minusSeconds(60), Duration.ofDays(1)), CertsLayout.COLUMNS), new SecureRandom());
        System.out.printf(Locale.ROOT, "made %,d EC client certificates in %.1f s%n", devices,
            (System.nanoTime() - made) / 1e9);
        List<TokenEntry> entries = TokenFile.load(dir.resolve("rig").resolve(CertsWriter.TOKEN_FILE));

        for (TlsProvider provider : List.of(TlsProvider.OPENSSL, TlsProvider.JDK, TlsProvider.OPENSSL,
            TlsProvider.JDK)) {
            TlsSettings settings = TlsSettings.defaults().withCaFile(dir.resolve("rig/ca.crt")).withProvider(provider);
            long before = usedHeap();
            long start = System.nanoTime();
            ClientContexts contexts = ClientContexts.prepare(settings, entries, devices, "tokens.csv", Instant.now(),
                Duration.ofHours(1), System.out::println);
            long nanos = System.nanoTime() - start;
            long held = usedHeap() - before;
            System.out.printf(Locale.ROOT, "%s: prepare() of %,d per-device EC identities: %,d ms (%.2f ms each),"
                    + " %,d contexts, heap held about %,d bytes per context%n", provider, devices, nanos / 1_000_000,
                nanos / 1e6 / devices, contexts.contextCount(), held / contexts.contextCount());
            contexts = null;
        }
    }

    private static long usedHeap() {
        // OpenSSL contexts are freed by finalization: let the previous round's go before counting
        for (int i = 0; i < 3; i++) {
            System.gc();
            System.runFinalization();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
