package dev.kpcload.tls;

import dev.kpcload.InvalidInputException;

/** A TLS protocol version the client may offer, with the name both providers know it by. */
public enum TlsVersion {
    TLS_1_2("TLSv1.2"),
    TLS_1_3("TLSv1.3");

    private final String protocolName;

    TlsVersion(String protocolName) {
        this.protocolName = protocolName;
    }

    /** The JSSE / Netty protocol name ({@code TLSv1.3}). */
    public String protocolName() {
        return protocolName;
    }

    /** Reads {@code 1.3}, {@code TLSv1.3} or {@code tls1.3} (case-insensitive); {@code source} names the flag. */
    public static TlsVersion parse(String text, String source) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        for (TlsVersion v : values()) {
            String n = v.protocolName.toLowerCase(java.util.Locale.ROOT);
            if (t.equals(n) || t.equals(n.substring("tlsv".length())) || t.equals("tls" + n.substring("tlsv".length()))) {
                return v;
            }
        }
        throw new InvalidInputException(source + ": unknown TLS version '" + text + "' (expected 1.2 or 1.3)");
    }
}
