package dev.kpcload.fleet;

import java.nio.file.Path;

/**
 * One device line of a token file. Optional fields are null when the file does not give them.
 *
 * @param line     the line number in the file (1-based), for messages
 * @param token    the endpoint token
 * @param clientId the MQTT client ID, or null to use the token
 * @param username MQTT username, or null
 * @param password MQTT password, or null
 * @param mac      the MAC address in normal form ({@code 02-1A-3F-9C-00-07}), or null to generate one
 * @param model    the model, or null for the default
 * @param cert     the device's client certificate (chain) file, resolved against the token file's directory, or
 *                 null; given exactly when {@code key} is
 * @param key      the private key file of {@code cert}, resolved the same way, or null
 */
public record TokenEntry(int line, String token, String clientId, String username, String password, String mac,
                         String model, Path cert, Path key) {

    public TokenEntry {
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("line " + line
                    + ": a certificate needs its key and a key its certificate");
        }
    }

    /** A line without a client certificate. */
    public TokenEntry(int line, String token, String clientId, String username, String password, String mac,
                      String model) {
        this(line, token, clientId, username, password, mac, model, null, null);
    }

    /** The client ID the device connects with: the file's, or else the token. */
    public String effectiveClientId() {
        return clientId != null ? clientId : token;
    }

    /** Whether the line names its own client certificate and key. */
    public boolean hasCertificate() {
        return cert != null;
    }
}
