package dev.kpcload.fleet;

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
 */
public record TokenEntry(int line, String token, String clientId, String username, String password, String mac,
                         String model) {

    /** The client ID the device connects with: the file's, or else the token. */
    public String effectiveClientId() {
        return clientId != null ? clientId : token;
    }
}
