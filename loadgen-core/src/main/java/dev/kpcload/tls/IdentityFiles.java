package dev.kpcload.tls;

import dev.kpcload.InvalidInputException;

import java.nio.file.Path;

/**
 * A client identity's two files as messages show them (as the user named them, not normalized), with what to put
 * before a message about each: {@code "tokens.csv line 7: "} for a device's own files, {@code "--client-cert "} and
 * {@code "--client-key "} for the fleet's.
 */
record IdentityFiles(ClientIdentity identity, Path cert, Path key, String certWhere, String keyWhere) {

    static IdentityFiles of(Path cert, Path key, String certWhere, String keyWhere) {
        return new IdentityFiles(ClientIdentity.of(cert, key), cert, key, certWhere, keyWhere);
    }

    /** An identity asked for by itself, not from a flag or a token file line: its files name it enough. */
    static IdentityFiles of(ClientIdentity identity) {
        return new IdentityFiles(identity, identity.certChain(), identity.key(), "", "");
    }

    /** For a warning: {@code certs/m7.crt (tokens.csv line 7)} or {@code --client-cert fleet.crt}. */
    String certLabel() {
        if (certWhere.isEmpty()) {
            return cert.toString();
        }
        if (certWhere.startsWith("--")) {
            return certWhere + cert;
        }
        // "tokens.csv line 7: " -> "(tokens.csv line 7)"
        return cert + " (" + certWhere.substring(0, certWhere.length() - 2) + ")";
    }

    InvalidInputException certError(InvalidInputException e) {
        return certWhere.isEmpty() ? e : new InvalidInputException(certWhere + e.getMessage());
    }

    InvalidInputException keyError(InvalidInputException e) {
        return keyWhere.isEmpty() ? e : new InvalidInputException(keyWhere + e.getMessage());
    }
}
