package dev.kpcload.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParametersDelegate;
import dev.kpcload.run.Setting;

/**
 * The flags of a run, shared by {@code loadgen run} and {@code loadgen capacity}; each is a {@link Setting} of the
 * same key, read generically by {@link RunCommand#settings}.
 */
final class RunFlags {

    @Parameter(names = "--profile", description = "YAML load profile (see profiles/README.md); flags given here override its settings")
    String profile;
    @Parameter(names = "--time-scale", description = "Divide every duration of the profile by this (rates kept): 10 runs a 30-minute profile in 3")
    String timeScale = Setting.TIME_SCALE.defaultText();
    @Parameter(names = "--tokens", description = "CSV token file: one device per line, optional header (token,client_id,username,password,mac,model,cert,key)")
    String tokens;
    @Parameter(names = "--devices", description = "Use the first N tokens (absent: all)")
    String devices;
    @Parameter(names = "--server", description = "HOST:PORT[,HOST:PORT...] of KPC; absent: an embedded KPC simulator on loopback")
    String server;
    @Parameter(names = "--tls", description = "MQTT over TLS (a --server without a port then means 8883); the server's certificate and host name are verified")
    boolean tls;
    @Parameter(names = "--ca", description = "With --tls: PEM file of the CA certificates to trust (absent: the JVM's trust store)")
    String ca;
    @Parameter(names = "--tls-insecure", description = "With --tls: verify neither the server's certificate nor its host name (warned on every run)")
    boolean tlsInsecure;
    @Parameter(names = "--tls-versions", description = "With --tls: versions offered: 1.2,1.3 | 1.3 | 1.2")
    String tlsVersions;
    @Parameter(names = "--tls-provider", description = "With --tls: auto (OpenSSL when it loads, else the JDK, with a notice) | openssl | jdk")
    String tlsProvider;
    @Parameter(names = "--tls-handshake-timeout", description = "With --tls: how long a TLS handshake may take")
    String tlsHandshakeTimeout;
    @Parameter(names = "--tls-resumption", description = "With --tls: device (a device resumes only its own session, on reconnect) | off (every connect a full handshake) | fleet (any device resumes any session)")
    String tlsResumption;
    @Parameter(names = "--tls-groups", description = "With --tls and OpenSSL: key exchange groups offered, in order (default X25519,P-256,P-384,P-521; X25519MLKEM768 adds the post-quantum hybrid)")
    String tlsGroups;
    @Parameter(names = "--client-cert", description = "With --tls: PEM client certificate (chain) for every device without its own; needs --client-key")
    String clientCert;
    @Parameter(names = "--client-key", description = "With --tls: PEM private key (PKCS#8 or traditional RSA/EC) of --client-cert")
    String clientKey;
    @Parameter(names = "--certs-dir", description = "With --tls: directory of per-device client certificates, {token}.crt and {token}.key")
    String certsDir;
    @Parameter(names = "--allow-expired-client-certs", description = "With --tls: send expired or not-yet-valid client certificates anyway (a warning, not an error), to test that the server refuses them")
    boolean allowExpiredClientCerts;
    @Parameter(names = "--bind", description = "Local source addresses, used round-robin: ADDR[,ADDR...] (on loopback 127.0.0.2 and up)")
    String bind;
    @Parameter(names = "--rate", description = "Aggregate message rate of the fleet: 500/s, 30000/min, 2.5k/s, 50/ms")
    String rate;
    @Parameter(names = "--duration", description = "How long to publish: 90s, 10m, 2h (absent: until Ctrl-C)")
    String duration;
    @Parameter(names = "--connect-rate", description = "Rate of new connections during the ramp")
    String connectRate = Setting.CONNECT_RATE.defaultText();
    @Parameter(names = "--connect-timeout", description = "From connect start to CONNACK")
    String connectTimeout = Setting.CONNECT_TIMEOUT.defaultText();
    @Parameter(names = "--keepalive", description = "MQTT keepalive (seconds or a duration; 0 = off)")
    String keepalive = Setting.KEEPALIVE.defaultText();
    @Parameter(names = "--confirm", description = "status: request ID and /status reply; puback: QoS 1 PUBACK; none: QoS 0 fire-and-forget")
    String confirm = Setting.CONFIRM.defaultText();
    @Parameter(names = "--qos", description = "QoS with --confirm status (puback implies 1, none implies 0)")
    String qos;
    @Parameter(names = "--reconnect-delay", description = "First wait before reconnecting a lost device (0 = never reconnect); doubles per failed attempt, with jitter")
    String reconnectDelay = Setting.RECONNECT_DELAY.defaultText();
    @Parameter(names = "--reconnect-max-delay", description = "Longest wait between reconnect attempts")
    String reconnectMaxDelay = Setting.RECONNECT_MAX_DELAY.defaultText();
    @Parameter(names = "--response-timeout", description = "How long a sent message may wait for its confirmation")
    String responseTimeout = Setting.RESPONSE_TIMEOUT.defaultText();
    @Parameter(names = "--timer-slack", description = "How late a due message may leave so that one wakeup writes every message due within it (0 = wake at each intended time); shows in send lag")
    String timerSlack = Setting.TIMER_SLACK.defaultText();
    @Parameter(names = "--inflight", description = "Unconfirmed messages allowed per device")
    String inflight = Setting.INFLIGHT.defaultText();
    @Parameter(names = "--backlog", description = "When a device cannot send: queue (intended time kept) or drop")
    String backlog = Setting.BACKLOG.defaultText();
    @Parameter(names = "--max-backlog", description = "Messages a device may queue before dropping them as backlog_full")
    String maxBacklog = Setting.MAX_BACKLOG.defaultText();
    @Parameter(names = "--grace", description = "After the plan ends (or Ctrl-C), how long to wait for confirmations")
    String grace = Setting.GRACE.defaultText();
    @Parameter(names = "--report-interval", description = "Progress line interval")
    String reportInterval = Setting.REPORT_INTERVAL.defaultText();
    @Parameter(names = "--json-out", description = "Write the summary as JSON to this file")
    String jsonOut;
    @Parameter(names = "--seed", description = "Seed for MAC addresses (absent: random, printed)")
    String seed;
    @Parameter(names = "--model", description = "Model each meter reports")
    String model = Setting.MODEL.defaultText();
    @Parameter(names = "--app-version", description = "1/KP application version name")
    String appVersion = Setting.APP_VERSION.defaultText();
    @Parameter(names = "--epmx-instance", description = "Name of the EPMX extension instance")
    String epmxInstance = Setting.EPMX_INSTANCE.defaultText();
    @Parameter(names = "--username", description = "MQTT username for devices without one in the token file")
    String username;
    @Parameter(names = "--password", description = "MQTT password for devices without one in the token file")
    String password;
    @Parameter(names = "--io-threads", description = "Event loop threads (default: number of cores)")
    String ioThreads = Setting.IO_THREADS.defaultText();
    @Parameter(names = "--sim-response-delay", description = "Embedded simulator only: delay before each 1/KP reply")
    String simResponseDelay = Setting.SIM_RESPONSE_DELAY.defaultText();
    @ParametersDelegate
    MetricsFlags metrics = new MetricsFlags();
    @Parameter(names = "--metrics-linger", description = "Keep serving /metrics this long after the run, for a last scrape")
    String metricsLinger = Setting.METRICS_LINGER.defaultText();
    @Parameter(names = "--run-id", description = "run_id label of every metric (give all shards of a run the same)")
    String runId;
    @Parameter(names = "--hlog", description = "Write HdrHistogram interval logs (tags connect, puback, status, service, send_lag) to this file")
    String hlog;
    @Parameter(names = "--out", description = "Collect the run in this directory: summary.json, run.hlog, *.hgrm, report.html")
    String outDir;
    @Parameter(names = "--shards", description = "Split the fleet and rate over this many processes")
    String shards = Setting.SHARDS.defaultText();
    @Parameter(names = "--shard-index", description = "This process's shard, 0-based (default: $JOB_COMPLETION_INDEX, else 0)")
    String shardIndex;
    @Parameter(names = "--start-at", description = "Begin the connect and message plans at this wall-clock time: RFC 3339"
        + " (2026-12-02T20:00:00Z) or +DURATION from now (+30s); shards given one time run in phase")
    String startAt;
    @Parameter(names = "--start-grace", description = "Refuse (exit 3) when ready later than this after --start-at")
    String startGrace = Setting.START_GRACE.defaultText();
}
