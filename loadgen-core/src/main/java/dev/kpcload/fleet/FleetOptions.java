package dev.kpcload.fleet;

/**
 * What the token file may leave out, and how much of it to use.
 *
 * @param model       model for devices whose line gives none; null means {@link #DEFAULT_MODEL}
 * @param username    MQTT username for devices whose line gives none, or null for none
 * @param password    MQTT password for devices whose line gives none, or null for none
 * @param seed        seed of the generated MAC addresses
 * @param deviceLimit use the first this many tokens; 0 means all
 * @param sourceName  the token file as the user named it, for messages; null means "the token file"
 * @param deviceLimitWhere where the device limit came from (a flag or a profile's place), for messages
 */
public record FleetOptions(String model, String username, String password, long seed, int deviceLimit,
                           String sourceName, String deviceLimitWhere) {

    public FleetOptions(String model, String username, String password, long seed, int deviceLimit,
                        String sourceName) {
        this(model, username, password, seed, deviceLimit, sourceName, "devices");
    }

    /** The model of the Kaa tutorial's smart meter. */
    public static final String DEFAULT_MODEL = "MySmartMeter A300";

    public FleetOptions {
        if (model == null) {
            model = DEFAULT_MODEL;
        }
        if (sourceName == null) {
            sourceName = "the token file";
        }
        if (deviceLimitWhere == null) {
            deviceLimitWhere = "devices";
        }
    }

    /** Defaults: the tutorial's model, no credentials, every token. */
    public static FleetOptions defaults(String sourceName, long seed) {
        return new FleetOptions(null, null, null, seed, 0, sourceName);
    }
}
