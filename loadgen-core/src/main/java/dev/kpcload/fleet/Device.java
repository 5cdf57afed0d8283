package dev.kpcload.fleet;

/**
 * One virtual smart meter: its identity on the wire and the metadata it reports.
 *
 * @param index    position in the fleet (0-based), the device's slot in the send plan
 * @param token    the 1/KP endpoint token, unique in the fleet
 * @param clientId the MQTT client ID, unique in the fleet
 * @param username MQTT username, or null for none
 * @param password MQTT password, or null for none
 * @param mac      the MAC address it reports, e.g. {@code 02-1A-3F-9C-00-07}
 * @param model    the model it reports, e.g. {@code MySmartMeter A300}
 */
public record Device(int index, String token, String clientId, String username, String password, String mac,
                     String model) {
}
