package dev.kpcload.fleet;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The columns a token file may name in its header. */
enum Column {
    TOKEN("token"),
    CLIENT_ID("client_id"),
    USERNAME("username"),
    PASSWORD("password"),
    MAC("mac"),
    MODEL("model"),
    CERT("cert"),
    KEY("key");

    /** For messages: {@code token, client_id, username, password, mac, model, cert, key}. */
    static final String EXPECTED = Arrays.stream(values()).map(c -> c.header).collect(Collectors.joining(", "));

    final String header;

    Column(String header) {
        this.header = header;
    }

    /** The column a header cell names (trimmed, any case), or null. */
    static Column named(String cell) {
        String name = cell.strip().toLowerCase(Locale.ROOT);
        for (Column c : values()) {
            if (c.header.equals(name)) {
                return c;
            }
        }
        return null;
    }
}
