package dev.kpcload.tls;

import dev.kpcload.InvalidInputException;

import java.util.Locale;

/** How client certificates are handed to a run: as token file columns, or as a directory of {token}.crt/.key. */
public enum CertsLayout {
    /** {@code tokens.csv} with {@code cert} and {@code key} columns, paths relative to that file. */
    COLUMNS,
    /** {@code clients/{token}.crt} and {@code .key}, for {@code --certs-dir}. */
    DIR;

    public static CertsLayout parse(String text, String flag) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(flag + ": expected columns or dir, found '" + text + "'");
        }
    }
}
