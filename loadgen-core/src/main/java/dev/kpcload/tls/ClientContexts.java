package dev.kpcload.tls;

import dev.kpcload.InvalidInputException;
import dev.kpcload.fleet.TokenEntry;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * The client {@link SslContext}s of a run: one per distinct client identity, shared by every device with that
 * identity. A context holds the trust anchors, parsed keys and (for OpenSSL) a native SSL_CTX, so building one per
 * connection would cost both memory and a parse per handshake.
 *
 * <p>{@link #prepare} is the run's way in: it decides every device's identity, reads and checks every file and
 * builds every context before anything connects, so a bad file is one line and exit code 2, not 19,000 failed
 * handshakes. Files are parsed once, by {@link PemFiles}; the contexts get the parsed certificates and keys. All
 * contexts share one trust manager, built once from the {@code --ca} certificates (or the JVM's trust store):
 * handing Netty the certificates instead would make it build a key store and trust manager per context. It is a
 * {@link VerifiedChainCache}, so the fleet verifies a server's chain once rather than at every handshake.
 */
public final class ClientContexts {

    private final TlsSettings settings;
    private final ProviderChoice choice;
    private final TrustManager trust;
    /** Device index to its context: shared instances, looked up per connect. */
    private final SslContext[] perDevice;
    private final ConcurrentMap<ClientIdentity, SslContext> contexts = new ConcurrentHashMap<>();

    private ClientContexts(TlsSettings settings, ProviderChoice choice, TrustManager trust,
                           SslContext[] perDevice) {
        this.settings = settings;
        this.choice = choice;
        this.trust = trust;
        this.perDevice = perDevice;
    }

    /**
     * Decides each device's identity and builds every context up front. Device {@code i} is {@code entries.get(i)},
     * for {@code i} below {@code deviceCount} (a shard passes its own devices' entries, in its device order). A
     * device presents its line's {@code cert} and {@code key}, else {@code settings.certsDir()}'s
     * {@code {token}.crt} and {@code {token}.key} (which every such device must then have), else the fleet
     * identity, else no certificate.
     *
     * <p>Every problem is a one-line {@link InvalidInputException} naming the file, and for a device's own files the
     * token file line ({@code tokens.csv line 7: certs/m7.key: ...}): a missing, unreadable, empty or non-PEM file,
     * an encrypted key, a key that is not the certificate's, a certificate expired or not yet valid at {@code now};
     * a {@code --ca} file without certificates. Certificates that expire during the run give one warning line
     * (however many they are) to {@code warnings}.
     *
     * @param tokenFileName the token file as the user named it, for messages (null: "the token file")
     * @param plannedRun    how long the run is planned to last; null for open-ended (then the warning looks
     *                      {@link ExpiryWarnings#OPEN_ENDED_HORIZON} ahead)
     * @return with TLS off, contexts whose {@link #forDevice} is null for every device
     */
    public static ClientContexts prepare(TlsSettings settings, List<TokenEntry> entries, int deviceCount,
                                         String tokenFileName, Instant now, Duration plannedRun,
                                         Consumer<String> warnings) {
        return prepare(settings, entries, deviceCount, tokenFileName, now, plannedRun, warnings, false);
    }

    /**
     * As above; with {@code sendOutOfDate} an expired or not-yet-valid client certificate is sent anyway, to test
     * that the server refuses it, with one warning line instead of the error.
     */
    public static ClientContexts prepare(TlsSettings settings, List<TokenEntry> entries, int deviceCount,
                                         String tokenFileName, Instant now, Duration plannedRun,
                                         Consumer<String> warnings, boolean sendOutOfDate) {
        if (deviceCount < 0 || deviceCount > entries.size()) {
            throw new IllegalArgumentException(deviceCount + " devices from " + entries.size() + " entries");
        }
        if (!settings.enabled()) {
            unusedCertificates(settings, entries, deviceCount).ifPresent(warnings);
            return new ClientContexts(settings, null, null, new SslContext[deviceCount]);
        }
        ClientContexts result = new ClientContexts(settings, groupsFor(ProviderChoice.choose(settings.provider()),
                settings), trust(settings), new SslContext[deviceCount]);
        IdentityChoice choose = new IdentityChoice(settings, tokenFileName);
        int outOfDateCount = 0;
        String firstOutOfDate = null;
        ExpiryWarnings expiring = new ExpiryWarnings(now, plannedRun);
        for (int i = 0; i < deviceCount; i++) {
            IdentityFiles files = choose.forEntry(entries.get(i));
            ClientIdentity identity = files == null ? ClientIdentity.none() : files.identity();
            SslContext context = result.contexts.get(identity);
            if (context == null) {
                CertifiedKey key = null;
                if (files != null) {
                    key = sendOutOfDate ? IdentityCheck.read(files) : IdentityCheck.readValid(files, now);
                    String outOfDate = sendOutOfDate ? IdentityCheck.validity(key.certificate(), now) : null;
                    if (outOfDate != null && outOfDateCount++ == 0) {
                        firstOutOfDate = files.cert() + ": the certificate " + outOfDate;
                    }
                    expiring.note(key.chain(), files.certLabel());
                }
                context = result.build(key, files);
                result.contexts.put(identity, context);
            }
            result.perDevice[i] = context;
        }
        IdentityFiles fleet = choose.fleet();
        if (fleet != null && !result.contexts.containsKey(fleet.identity())) {
            // named on the command line but every device has its own: still say when it is broken
            if (!sendOutOfDate) {
                IdentityCheck.readValid(fleet, now);
            }
        }
        expiring.warning().ifPresent(warnings);
        if (outOfDateCount > 0) {
            warnings.accept("warning: " + outOfDateCount + " client certificate" + (outOfDateCount == 1 ? " is" : "s are")
                + " out of date and sent anyway, for the server to refuse (first: " + firstOutOfDate + ")");
        }
        return result;
    }

    /**
     * Contexts built on demand, per identity, with the provider chosen now: {@code openssl} that does not load is a
     * one-line {@code CannotRunException}; a bad {@code --ca} file an {@link InvalidInputException}. No device
     * has a context ({@link #forDevice} is for {@link #prepare}d ones).
     */
    public static ClientContexts create(TlsSettings settings) {
        return create(settings, ProviderChoice.choose(settings.provider()));
    }

    static ClientContexts create(TlsSettings settings, ProviderChoice choice) {
        return new ClientContexts(settings, groupsFor(choice, settings), trust(settings), new SslContext[0]);
    }

    /**
     * The JDK provider of Java 17 offers the JVM's groups ({@code -Djdk.tls.namedGroups}) and cannot be given others
     * per context, so a list given for it is refused rather than ignored.
     */
    private static ProviderChoice groupsFor(ProviderChoice choice, TlsSettings settings) {
        if (choice.provider() == SslProvider.JDK && settings.groups() != null) {
            throw new InvalidInputException("--tls-groups: the JDK provider takes its groups from the JVM, not per"
                + " run: leave --tls-groups out and set -Djdk.tls.namedGroups=... in LOADGEN_JAVA_OPTS, or use"
                + " --tls-provider openssl" + (choice.notice().isPresent() ? " (OpenSSL did not load here)" : ""));
        }
        return choice;
    }

    public TlsSettings settings() {
        return settings;
    }

    /** The provider in use; null when TLS is off. */
    public ProviderChoice providerChoice() {
        return choice;
    }

    /** The line the caller prints when {@code auto} fell back to the JDK. */
    public Optional<String> notice() {
        return choice == null ? Optional.empty() : choice.notice();
    }

    /** The shared context of device {@code deviceIndex} (0-based, as prepared), or null when TLS is off. */
    public SslContext forDevice(int deviceIndex) {
        return perDevice[deviceIndex];
    }

    /** The context for the fleet-wide identity (or none). */
    public SslContext fleetContext() {
        return forIdentity(settings.fleetIdentity());
    }

    /**
     * The shared context for {@code identity}, built the first time it is asked for. Its files are read and matched
     * but their validity is not judged, so that a test can present an expired certificate on purpose.
     */
    public SslContext forIdentity(ClientIdentity identity) {
        if (choice == null) {
            throw new IllegalStateException("TLS is off");
        }
        return contexts.computeIfAbsent(identity, id -> id.isNone() ? build(null, null)
                : build(IdentityCheck.read(IdentityFiles.of(id)), IdentityFiles.of(id)));
    }

    /** How many distinct contexts exist so far. */
    public int contextCount() {
        return contexts.size();
    }

    /** One for all contexts: nothing in a trust manager depends on the client's identity. */
    private static TrustManager trust(TlsSettings settings) {
        if (settings.insecure()) {
            return InsecureTrustManagerFactory.INSTANCE.getTrustManagers()[0];
        }
        return remembering(trustFactory(settings).getTrustManagers());
    }

    /** The X.509 trust manager, wrapped so that a verified chain is not verified again for every device. */
    private static TrustManager remembering(TrustManager[] managers) {
        for (TrustManager manager : managers) {
            if (manager instanceof X509ExtendedTrustManager extended) {
                return new VerifiedChainCache(extended);
            }
        }
        return managers[0];
    }

    private static TrustManagerFactory trustFactory(TlsSettings settings) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (settings.caFile() == null) {
                factory.init((KeyStore) null);
                return factory;
            }
            List<X509Certificate> anchors;
            try {
                anchors = PemFiles.readCertificates(settings.caFile());
            } catch (InvalidInputException e) {
                throw new InvalidInputException("--ca " + e.getMessage());
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < anchors.size(); i++) {
                store.setCertificateEntry("ca-" + i, anchors.get(i));
            }
            factory.init(store);
            return factory;
        } catch (GeneralSecurityException | IOException e) {
            throw new InvalidInputException((settings.caFile() == null ? "the JVM's trust store" : "--ca "
                    + settings.caFile()) + ": cannot make a trust manager of it: " + oneLine(e));
        }
    }

    /** {@code key} null: no client certificate. */
    private SslContext build(CertifiedKey key, IdentityFiles files) {
        SslContextBuilder builder = SslContextBuilder.forClient()
            .sslProvider(choice.provider())
            .protocols(settings.versions().stream().map(TlsVersion::protocolName).toArray(String[]::new))
            // Netty 4.2 verifies host names by default; say what we want either way (null turns it off).
            .endpointIdentificationAlgorithm(settings.verifyHostname() && !settings.insecure() ? "HTTPS" : null)
            .trustManager(trust);
        if (choice.provider() != SslProvider.JDK) {
            builder.option(OpenSslContextOption.GROUPS, settings.openSslGroups().stream().map(TlsGroup::ianaName)
                .toArray(String[]::new));
        }
        if (key != null) {
            // Netty hands the key to a key manager through a key store of its own, in memory only. The default
            // type (PKCS12) encrypts the key with thousands of PBE rounds and decrypts it again: 5 to 8 ms per
            // context, 90 % of prepare() for per-device certificates. JKS protects it in one cheap pass.
            builder.keyManager(key.key(), key.chain().toArray(X509Certificate[]::new)).keyStoreType("JKS");
        }
        try {
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            String what = files == null ? "TLS client context"
                : files.keyWhere() + files.key() + ": cannot use it with " + files.cert();
            throw new InvalidInputException(what + ": " + oneLine(e));
        }
    }

    private static Optional<String> unusedCertificates(TlsSettings settings, List<TokenEntry> entries,
                                                       int deviceCount) {
        String given = null;
        if (settings.certsDir() != null) {
            given = "--certs-dir " + settings.certsDir();
        } else if (!settings.fleetIdentity().isNone()) {
            given = "--client-cert " + settings.fleetIdentity().certChain();
        } else {
            for (int i = 0; i < deviceCount && given == null; i++) {
                if (entries.get(i).hasCertificate()) {
                    given = "the token file's cert and key columns";
                }
            }
        }
        return given == null ? Optional.empty()
            : Optional.of("warning: " + given + ": client certificates are not used without TLS (--tls)");
    }

    private static String oneLine(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null) {
                if (text.length() > 0) {
                    text.append(": ");
                }
                text.append(t.getMessage().lines().findFirst().orElse(""));
            }
            if (text.length() > 300) {
                break;
            }
        }
        return text.length() == 0 ? e.getClass().getSimpleName() : text.toString();
    }
}
