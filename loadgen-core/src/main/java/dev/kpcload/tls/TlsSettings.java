package dev.kpcload.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

/**
 * The client side of TLS for a run.
 *
 * @param enabled          TLS at all ({@code --tls})
 * @param caFile           PEM file of the certificates to trust; null means the JVM's trust store
 * @param insecure         no verification of the server's certificate or name at all ({@code --tls-insecure})
 * @param verifyHostname   check the server's certificate names the host we dialled (on by default; SNI is sent
 *                         either way for host names)
 * @param versions         the protocol versions offered, not empty
 * @param provider         OpenSSL, JDK or whichever loads
 * @param fleetIdentity    the one client certificate of the whole fleet, or {@link ClientIdentity#none()}
 * @param certsDir         a directory of per-device {@code {token}.crt} and {@code {token}.key} files
 *                         ({@code --certs-dir}), or null; a token file's own {@code cert}/{@code key} columns win
 * @param handshakeTimeout how long a handshake may take before it counts as failed
 * @param groups           the key exchange groups offered, in order ({@code --tls-groups}); null: the default,
 *                         {@link TlsGroup#CLASSIC} with OpenSSL and the JVM's own list with the JDK
 */
public record TlsSettings(boolean enabled, Path caFile, boolean insecure, boolean verifyHostname,
                          List<TlsVersion> versions, TlsProvider provider, ClientIdentity fleetIdentity,
                          Path certsDir, Duration handshakeTimeout, List<TlsGroup> groups) {

    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    public TlsSettings {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        fleetIdentity = fleetIdentity == null ? ClientIdentity.none() : fleetIdentity;
        if (versions == null || versions.isEmpty()) {
            throw new IllegalArgumentException("at least one TLS version");
        }
        // Ordered and without repeats, so equal settings compare equal.
        versions = List.copyOf(EnumSet.copyOf(versions));
        if (groups != null) {
            if (groups.isEmpty()) {
                throw new IllegalArgumentException("at least one key exchange group");
            }
            groups = List.copyOf(groups);
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshake timeout must be positive: " + handshakeTimeout);
        }
    }

    /** Plain TCP. */
    public static TlsSettings disabled() {
        return new TlsSettings(false, null, false, true, List.of(TlsVersion.values()), TlsProvider.AUTO,
            ClientIdentity.none(), null, DEFAULT_HANDSHAKE_TIMEOUT, null);
    }

    /** TLS 1.2 and 1.3, the JVM's trust store, host names verified, the provider that loads, no client cert. */
    public static TlsSettings defaults() {
        return disabled().withEnabled(true);
    }

    public TlsSettings withEnabled(boolean on) {
        return new TlsSettings(on, caFile, insecure, verifyHostname, versions, provider,
            fleetIdentity, certsDir, handshakeTimeout, groups);
    }

    public TlsSettings withCaFile(Path file) {
        return new TlsSettings(enabled, file, insecure, verifyHostname, versions, provider,
            fleetIdentity, certsDir, handshakeTimeout, groups);
    }

    public TlsSettings withInsecure(boolean on) {
        return new TlsSettings(enabled, caFile, on, verifyHostname, versions, provider,
            fleetIdentity, certsDir, handshakeTimeout, groups);
    }

    public TlsSettings withVerifyHostname(boolean on) {
        return new TlsSettings(enabled, caFile, insecure, on, versions, provider,
            fleetIdentity, certsDir, handshakeTimeout, groups);
    }

    public TlsSettings withVersions(List<TlsVersion> list) {
        return new TlsSettings(enabled, caFile, insecure, verifyHostname, list, provider,
            fleetIdentity, certsDir, handshakeTimeout, groups);
    }

    public TlsSettings withProvider(TlsProvider p) {
        return new TlsSettings(enabled, caFile, insecure, verifyHostname, versions, p,
            fleetIdentity, certsDir, handshakeTimeout, groups);
    }

    public TlsSettings withFleetIdentity(ClientIdentity identity) {
        return new TlsSettings(enabled, caFile, insecure, verifyHostname, versions, provider,
            identity, certsDir, handshakeTimeout, groups);
    }

    public TlsSettings withCertsDir(Path dir) {
        return new TlsSettings(enabled, caFile, insecure, verifyHostname, versions, provider,
            fleetIdentity, dir, handshakeTimeout, groups);
    }

    public TlsSettings withHandshakeTimeout(Duration timeout) {
        return new TlsSettings(enabled, caFile, insecure, verifyHostname, versions, provider,
            fleetIdentity, certsDir, timeout, groups);
    }

    public TlsSettings withGroups(List<TlsGroup> list) {
        return new TlsSettings(enabled, caFile, insecure, verifyHostname, versions, provider,
            fleetIdentity, certsDir, handshakeTimeout, list);
    }

    /** The groups an OpenSSL context offers. */
    public List<TlsGroup> openSslGroups() {
        return groups == null ? TlsGroup.CLASSIC : groups;
    }
}
