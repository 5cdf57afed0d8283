package dev.kpcload.run;

import dev.kpcload.fleet.FleetOptions;
import dev.kpcload.kp.Extensions;

/**
 * The scalar settings of a run. Each has one key, the same in a profile ({@code response-timeout: 5s}) and on
 * the command line ({@code --response-timeout 5s}), and a default where it has one. Core code never names a
 * flag: problems name where a value came from ({@link dev.kpcload.Sourced#where()}).
 */
public enum Setting {
    TOKENS("tokens", null),
    DEVICES("devices", null),
    SERVER("server", null),
    BIND("bind", null),
    RATE("rate", null),
    DURATION("duration", null),
    CONNECT_RATE("connect-rate", "1000/s"),
    CONNECT_TIMEOUT("connect-timeout", "10s"),
    KEEPALIVE("keepalive", "60"),
    CONFIRM("confirm", "status"),
    QOS("qos", null),
    RECONNECT_DELAY("reconnect-delay", "1s"),
    RECONNECT_MAX_DELAY("reconnect-max-delay", "30s"),
    RESPONSE_TIMEOUT("response-timeout", "10s"),
    INFLIGHT("inflight", "10"),
    TIMER_SLACK("timer-slack", "0.5ms"),
    BACKLOG("backlog", "queue"),
    MAX_BACKLOG("max-backlog", "1000"),
    GRACE("grace", "5s"),
    REPORT_INTERVAL("report-interval", "5s"),
    SEED("seed", null),
    MODEL("model", FleetOptions.DEFAULT_MODEL),
    APP_VERSION("app-version", Extensions.DEFAULT_APP_VERSION),
    EPMX_INSTANCE("epmx-instance", Extensions.EPMX),
    DCX_INSTANCE("dcx-instance", Extensions.DCX),
    USERNAME("username", null),
    PASSWORD("password", null),
    IO_THREADS("io-threads", String.valueOf(Runtime.getRuntime().availableProcessors())),
    SIM_RESPONSE_DELAY("sim-response-delay", "0s"),
    METRICS_PORT("metrics-port", null),
    METRICS_BIND("metrics-bind", "127.0.0.1"),
    METRICS_LINGER("metrics-linger", "0s"),
    RUN_ID("run-id", null),
    HLOG("hlog", null),
    OUT("out", null),
    JSON_OUT("json-out", null),
    JUNIT("junit", null),
    TLS("tls", "false"),
    CA("ca", null),
    TLS_INSECURE("tls-insecure", "false"),
    TLS_VERSIONS("tls-versions", "1.2,1.3"),
    TLS_PROVIDER("tls-provider", "auto"),
    TLS_HANDSHAKE_TIMEOUT("tls-handshake-timeout", "10s"),
    TLS_RESUMPTION("tls-resumption", "device"),
    TLS_GROUPS("tls-groups", null),
    CLIENT_CERT("client-cert", null),
    CLIENT_KEY("client-key", null),
    CERTS_DIR("certs-dir", null),
    ALLOW_EXPIRED_CLIENT_CERTS("allow-expired-client-certs", "false"),
    SHARDS("shards", "1"),
    SHARD_INDEX("shard-index", null),
    TIME_SCALE("time-scale", "1"),
    START_AT("start-at", null),
    START_GRACE("start-grace", "10s");

    private final String key;
    private final String defaultText;

    Setting(String key, String defaultText) {
        this.key = key;
        this.defaultText = defaultText;
    }

    /** The profile key and the flag's name without its dashes. */
    public String key() {
        return key;
    }

    /** The default as text, or null when the setting has none. */
    public String defaultText() {
        return defaultText;
    }

    /** The setting with this key, or null. */
    public static Setting byKey(String key) {
        for (Setting s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        return null;
    }
}
