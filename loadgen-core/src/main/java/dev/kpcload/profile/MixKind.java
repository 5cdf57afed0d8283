package dev.kpcload.profile;

/** The kinds of message a profile's mix may name, by the tag a profile writes. */
public enum MixKind {
    /** EPMX {@code update/keys}: the tutorial meter's metadata message. */
    EPMX_UPDATE_KEYS("epmx-update-keys"),
    /** EPMX {@code get}: read the endpoint's metadata back. */
    EPMX_GET("epmx-get"),
    /** DCX {@code json}: a batch of data samples. */
    DCX_JSON("dcx-json");

    private final String tag;

    MixKind(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

    /** Whether its messages carry a number of samples ({@code samples:} is refused on the others). */
    public boolean hasSamples() {
        return this == DCX_JSON;
    }
}
