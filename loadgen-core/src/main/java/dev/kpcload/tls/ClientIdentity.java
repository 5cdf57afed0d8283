package dev.kpcload.tls;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The certificate (chain) and private key a client presents, or none. Paths are made absolute and normalized so
 * that the same files named two ways share one {@code SslContext}.
 */
public record ClientIdentity(Path certChain, Path key) {

    private static final ClientIdentity NONE = new ClientIdentity(null, null);

    public ClientIdentity {
        if ((certChain == null) != (key == null)) {
            throw new IllegalArgumentException("a client certificate needs its key and a key its certificate");
        }
        if (certChain != null) {
            certChain = certChain.toAbsolutePath().normalize();
            key = key.toAbsolutePath().normalize();
        }
    }

    /** No client certificate: the server authenticates the device some other way (user name and password). */
    public static ClientIdentity none() {
        return NONE;
    }

    public static ClientIdentity of(Path certChain, Path key) {
        return new ClientIdentity(Objects.requireNonNull(certChain, "certChain"), Objects.requireNonNull(key, "key"));
    }

    public boolean isNone() {
        return certChain == null;
    }
}
