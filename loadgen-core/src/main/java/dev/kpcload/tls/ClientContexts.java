package dev.kpcload.tls;

import dev.kpcload.InvalidInputException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import javax.net.ssl.SSLException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The client {@link SslContext}s of a run: one per distinct client identity, built on first use and shared by every
 * device with that identity. A context holds the trust anchors, parsed keys and (for OpenSSL) a native SSL_CTX,
 * so building one per connection would cost both memory and a parse per handshake.
 */
public final class ClientContexts {

    private final TlsSettings settings;
    private final ProviderChoice choice;
    private final ConcurrentMap<ClientIdentity, SslContext> contexts = new ConcurrentHashMap<>();

    private ClientContexts(TlsSettings settings, ProviderChoice choice) {
        this.settings = settings;
        this.choice = choice;
    }

    /** Chooses the provider now: {@code openssl} that does not load is a one-line {@code CannotRunException}. */
    public static ClientContexts create(TlsSettings settings) {
        return new ClientContexts(settings, ProviderChoice.choose(settings.provider()));
    }

    static ClientContexts create(TlsSettings settings, ProviderChoice choice) {
        return new ClientContexts(settings, choice);
    }

    public TlsSettings settings() {
        return settings;
    }

    public ProviderChoice providerChoice() {
        return choice;
    }

    /** The line the caller prints when {@code auto} fell back to the JDK. */
    public Optional<String> notice() {
        return choice.notice();
    }

    /** The context for the fleet-wide identity (or none). */
    public SslContext fleetContext() {
        return forIdentity(settings.fleetIdentity());
    }

    /** The shared context for {@code identity}, built the first time it is asked for. */
    public SslContext forIdentity(ClientIdentity identity) {
        return contexts.computeIfAbsent(identity, this::build);
    }

    /** How many distinct contexts exist so far. */
    public int contextCount() {
        return contexts.size();
    }

    private SslContext build(ClientIdentity identity) {
        SslContextBuilder builder = SslContextBuilder.forClient()
            .sslProvider(choice.provider())
            .protocols(settings.versions().stream().map(TlsVersion::protocolName).toArray(String[]::new))
            // Netty 4.2 verifies host names by default; say what we want either way (null turns it off).
            .endpointIdentificationAlgorithm(settings.verifyHostname() && !settings.insecure() ? "HTTPS" : null);
        if (settings.insecure()) {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
        } else if (settings.caFile() != null) {
            try {
                builder.trustManager(settings.caFile().toFile());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("--ca " + settings.caFile() + ": " + oneLine(e));
            }
        }
        if (!identity.isNone()) {
            try {
                builder.keyManager(identity.certChain().toFile(), identity.key().toFile());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(identityName(identity) + ": " + oneLine(e));
            }
        }
        try {
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new InvalidInputException((identity.isNone() ? "TLS client context" : identityName(identity))
                + ": " + oneLine(e));
        }
    }

    private static String identityName(ClientIdentity identity) {
        return "client certificate " + identity.certChain() + " with key " + identity.key();
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
