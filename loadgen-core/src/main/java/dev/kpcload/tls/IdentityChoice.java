package dev.kpcload.tls;

import dev.kpcload.InvalidInputException;
import dev.kpcload.fleet.TokenEntry;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Which files a device presents, first match wins: its token file line's {@code cert} and {@code key}, else
 * {@code --certs-dir}'s {@code {token}.crt} and {@code {token}.key} (which must then both be there), else the
 * fleet's {@code --client-cert} and {@code --client-key}, else none. Only decides and looks for files; reading
 * them is {@link IdentityCheck}'s.
 */
final class IdentityChoice {

    private final String tokenFile;
    private final Path certsDir;
    private final IdentityFiles fleet;

    /** {@code tokenFileName} names the token file in messages; null: "the token file". */
    IdentityChoice(TlsSettings settings, String tokenFileName) {
        this.tokenFile = tokenFileName != null ? tokenFileName : "the token file";
        this.certsDir = settings.certsDir();
        ClientIdentity fleetIdentity = settings.fleetIdentity();
        this.fleet = fleetIdentity.isNone() ? null : IdentityFiles.of(fleetIdentity.certChain(), fleetIdentity.key(),
                "--client-cert ", "--client-key ");
        if (certsDir != null && !Files.isDirectory(certsDir)) {
            throw new InvalidInputException("--certs-dir " + certsDir + ": "
                    + (Files.exists(certsDir) ? "not a directory" : "no such directory"));
        }
    }

    /** The fleet's files, or null when the fleet has no certificate of its own. */
    IdentityFiles fleet() {
        return fleet;
    }

    /** The files the device of this line presents, or null for none. */
    IdentityFiles forEntry(TokenEntry entry) {
        String where = tokenFile + " line " + entry.line() + ": ";
        if (entry.hasCertificate()) {
            return IdentityFiles.of(entry.cert(), entry.key(), where, where);
        }
        if (certsDir != null) {
            return inCertsDir(entry, where);
        }
        return fleet;
    }

    private IdentityFiles inCertsDir(TokenEntry entry, String where) {
        Path cert;
        Path key;
        try {
            cert = certsDir.resolve(entry.token() + ".crt");
            key = certsDir.resolve(entry.token() + ".key");
        } catch (InvalidPathException e) {
            throw new InvalidInputException(where + "token '" + entry.token()
                    + "' cannot be a file name in --certs-dir " + certsDir + ": " + e.getReason());
        }
        boolean hasCert = Files.exists(cert);
        boolean hasKey = Files.exists(key);
        if (!hasCert || !hasKey) {
            String missing = !hasCert && !hasKey ? cert.getFileName() + " or " + key.getFileName()
                    : (hasCert ? key : cert).getFileName().toString();
            throw new InvalidInputException(where + "--certs-dir " + certsDir + " has no " + missing
                    + " (it needs {token}.crt and {token}.key for every device without cert and key columns)");
        }
        return IdentityFiles.of(cert, key, where, where);
    }
}
