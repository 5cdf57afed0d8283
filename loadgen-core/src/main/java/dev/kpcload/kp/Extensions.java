package dev.kpcload.kp;

/** Default extension instance names of a Kaa application. */
public final class Extensions {
    public static final String EPMX = "epmx";
    public static final String DCX = "dcx";
    public static final String CMX = "cmx";
    public static final String CEX = "cex";

    /** EPMX resource the tutorial meter and the load generator report to. */
    public static final String EPMX_UPDATE_KEYS = "update/keys";
    /** EPMX resource that replies with the endpoint's metadata. */
    public static final String EPMX_GET = "get";
    /** DCX resource of JSON data samples. */
    public static final String DCX_JSON = "json";
    public static final String DEFAULT_APP_VERSION = "demo_application_v1";

    private Extensions() {
    }
}
