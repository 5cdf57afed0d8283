package dev.kpcload.tls;

import dev.kpcload.InvalidInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A key exchange group the client offers ({@code --tls-groups}), by its IANA name. The order is the preference; with
 * TLS 1.3 the client sends a key share for the first one up front, so the first group's key generation is paid on
 * every full handshake whatever the server picks.
 */
public enum TlsGroup {
    X25519("X25519"),
    P_256("P-256", "secp256r1", "prime256v1"),
    P_384("P-384", "secp384r1"),
    P_521("P-521", "secp521r1"),
    /** The post-quantum hybrid (X25519 with ML-KEM-768): BoringSSL's first choice by default, OpenSSL only. */
    X25519_MLKEM768("X25519MLKEM768");

    /**
     * What device TLS stacks offer today (OpenSSL 3.0 to 3.4, mbedTLS, the JDK) and so the default: without it
     * BoringSSL would put an ML-KEM-768 key share first in every ClientHello (a key generation and 1.1 KB more per
     * full handshake), which a server without ML-KEM, Mosquitto 2.0 on OpenSSL 3.0 among them, never uses.
     */
    public static final List<TlsGroup> CLASSIC = List.of(X25519, P_256, P_384, P_521);

    private final String name;
    /** The names the JDK and OpenSSL's older lists use. */
    private final List<String> aliases;

    TlsGroup(String name, String... aliases) {
        this.name = name;
        this.aliases = List.of(aliases);
    }

    /** The IANA name, which BoringSSL's group list takes ({@code P-256}, {@code X25519MLKEM768}). */
    public String ianaName() {
        return name;
    }

    /** Reads a comma-separated list of names ({@code X25519,P-256}; also {@code secp256r1}), case-insensitive. */
    public static List<TlsGroup> parseList(String text, String source) {
        List<TlsGroup> groups = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            TlsGroup group = parse(part, source);
            if (groups.contains(group)) {
                throw new InvalidInputException(source + ": " + group.name + " is listed twice");
            }
            groups.add(group);
        }
        return List.copyOf(groups);
    }

    static TlsGroup parse(String text, String source) {
        String t = text.trim();
        for (TlsGroup g : values()) {
            if (t.equalsIgnoreCase(g.name) || g.aliases.stream().anyMatch(t::equalsIgnoreCase)) {
                return g;
            }
        }
        throw new InvalidInputException(source + ": unknown key exchange group '" + text + "' (expected "
            + names(List.of(values())) + ")");
    }

    /** {@code X25519, P-256, ...}. */
    public static String names(List<TlsGroup> groups) {
        return groups.stream().map(TlsGroup::ianaName).collect(Collectors.joining(", "));
    }
}
