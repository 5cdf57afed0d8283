package dev.kpcload.tls;

import dev.kpcload.CannotRunException;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

import java.util.Optional;

/**
 * The provider a run actually uses, and the one-line notice to print when {@code auto} had to fall back to the JDK.
 */
public record ProviderChoice(SslProvider provider, Optional<String> notice) {

    /** Decides with what this JVM can load. */
    public static ProviderChoice choose(TlsProvider requested) {
        return choose(requested, OpenSsl.isAvailable(), OpenSsl.unavailabilityCause());
    }

    /** Pure: {@code openSslAvailable} and its {@code cause} (null when available) come from {@link OpenSsl}. */
    static ProviderChoice choose(TlsProvider requested, boolean openSslAvailable, Throwable cause) {
        return switch (requested) {
            case JDK -> new ProviderChoice(SslProvider.JDK, Optional.empty());
            case OPENSSL -> {
                if (!openSslAvailable) {
                    throw new CannotRunException("--tls-provider openssl: OpenSSL (netty-tcnative) does not load here ("
                        + why(cause) + "); use --tls-provider jdk or auto");
                }
                yield new ProviderChoice(SslProvider.OPENSSL, Optional.empty());
            }
            case AUTO -> openSslAvailable
                ? new ProviderChoice(SslProvider.OPENSSL, Optional.empty())
                : new ProviderChoice(SslProvider.JDK, Optional.of(
                    "notice: TLS uses the JDK's provider, OpenSSL (netty-tcnative) does not load here (" + why(cause)
                        + "); handshakes cost more CPU"));
        };
    }

    private static String why(Throwable cause) {
        if (cause == null) {
            return "no reason given";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return (message == null ? root.getClass().getSimpleName() : message).lines().findFirst().orElse("");
    }
}
