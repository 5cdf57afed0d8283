package dev.kpcload.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import dev.kpcload.InvalidInputException;
import dev.kpcload.client.BacklogPolicy;
import dev.kpcload.client.ConfirmMode;
import dev.kpcload.client.ReconnectBackoff;
import dev.kpcload.client.SessionSettings;
import dev.kpcload.fleet.FleetOptions;
import dev.kpcload.kp.Extensions;
import dev.kpcload.kp.KpTopics;
import dev.kpcload.plan.DurationParser;
import dev.kpcload.plan.Rate;
import dev.kpcload.run.RunConfig;
import dev.kpcload.run.RunOutputs;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** {@code loadgen run}: the flags of a run, checked and turned into its configuration. */
@Parameters(commandDescription = "Drive a fleet of virtual smart meters over 1/KP at an aggregate rate")
final class RunCommand implements Main.HasHelp {

    @Parameter(names = "--tokens", required = true, description = "CSV token file: one device per line, optional header (token,client_id,username,password,mac,model)")
    String tokens;
    @Parameter(names = "--devices", description = "Use the first N tokens (0 = all)")
    String devices = "0";
    @Parameter(names = "--server", description = "HOST:PORT[,HOST:PORT...] of KPC; absent: an embedded KPC simulator on loopback")
    String server;
    @Parameter(names = "--bind", description = "Local source addresses, used round-robin: ADDR[,ADDR...] (on loopback 127.0.0.2 and up)")
    String bind;
    @Parameter(names = "--rate", required = true, description = "Aggregate message rate of the fleet: 500/s, 30000/min, 2.5k/s, 50/ms")
    String rate;
    @Parameter(names = "--duration", description = "How long to publish: 90s, 10m, 2h (absent: until Ctrl-C)")
    String duration;
    @Parameter(names = "--connect-rate", description = "Rate of new connections during the ramp")
    String connectRate = "1000/s";
    @Parameter(names = "--connect-timeout", description = "From connect start to CONNACK")
    String connectTimeout = "10s";
    @Parameter(names = "--keepalive", description = "MQTT keepalive (seconds or a duration; 0 = off)")
    String keepalive = "60";
    @Parameter(names = "--confirm", description = "status: request ID and /status reply; puback: QoS 1 PUBACK; none: QoS 0 fire-and-forget")
    String confirm = "status";
    @Parameter(names = "--qos", description = "QoS with --confirm status (puback implies 1, none implies 0)")
    String qos;
    @Parameter(names = "--reconnect-delay", description = "First wait before reconnecting a lost device (0 = never reconnect); doubles per failed attempt, with jitter")
    String reconnectDelay = "1s";
    @Parameter(names = "--reconnect-max-delay", description = "Longest wait between reconnect attempts")
    String reconnectMaxDelay = "30s";
    @Parameter(names = "--response-timeout", description = "How long a sent message may wait for its confirmation")
    String responseTimeout = "10s";
    @Parameter(names = "--inflight", description = "Unconfirmed messages allowed per device")
    String inflight = "10";
    @Parameter(names = "--backlog", description = "When a device cannot send: queue (intended time kept) or drop")
    String backlog = "queue";
    @Parameter(names = "--max-backlog", description = "Messages a device may queue before dropping them as backlog_full")
    String maxBacklog = "1000";
    @Parameter(names = "--grace", description = "After the plan ends (or Ctrl-C), how long to wait for confirmations")
    String grace = "5s";
    @Parameter(names = "--report-interval", description = "Progress line interval")
    String reportInterval = "5s";
    @Parameter(names = "--json-out", description = "Write the summary as JSON to this file")
    String jsonOut;
    @Parameter(names = "--seed", description = "Seed for MAC addresses (absent: random, printed)")
    String seed;
    @Parameter(names = "--model", description = "Model each meter reports")
    String model = FleetOptions.DEFAULT_MODEL;
    @Parameter(names = "--app-version", description = "1/KP application version name")
    String appVersion = Extensions.DEFAULT_APP_VERSION;
    @Parameter(names = "--epmx-instance", description = "Name of the EPMX extension instance")
    String epmxInstance = Extensions.EPMX;
    @Parameter(names = "--username", description = "MQTT username for devices without one in the token file")
    String username;
    @Parameter(names = "--password", description = "MQTT password for devices without one in the token file")
    String password;
    @Parameter(names = "--io-threads", description = "Event loop threads (default: number of cores)")
    String ioThreads = String.valueOf(Runtime.getRuntime().availableProcessors());
    @Parameter(names = "--sim-response-delay", description = "Embedded simulator only: delay before each 1/KP reply")
    String simResponseDelay = "0s";
    @ParametersDelegate
    MetricsFlags metrics = new MetricsFlags();
    @Parameter(names = "--metrics-linger", description = "Keep serving /metrics this long after the run, for a last scrape")
    String metricsLinger = "0s";
    @Parameter(names = "--run-id", description = "run_id label of every metric (give all shards of a run the same)")
    String runId;
    @Parameter(names = "--hlog", description = "Write HdrHistogram interval logs (tags connect, puback, status, service, send_lag) to this file")
    String hlog;
    @Parameter(names = "--out", description = "Collect the run in this directory: summary.json, run.hlog, *.hgrm, report.html")
    String outDir;
    @Parameter(names = "--shards", description = "Split the fleet and rate over this many processes")
    String shards = "1";
    @Parameter(names = "--shard-index", description = "This process's shard, 0-based (default: $JOB_COMPLETION_INDEX, else 0)")
    String shardIndex;
    @ParametersDelegate
    HelpFlag help = new HelpFlag();

    private final PrintStream out;
    private final PrintStream err;

    RunCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public boolean helpRequested() {
        return help.help;
    }

    int call() throws InterruptedException {
        return new RunLauncher(this, out, err).launch();
    }

    Path tokensPath() {
        return Path.of(tokens);
    }

    long seedValue() {
        return seed == null ? ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE) : Flags.seed(seed, "--seed");
    }

    FleetOptions fleetOptions(long seedValue) {
        return new FleetOptions(model, username, password, seedValue,
            Flags.intInRange(devices, "--devices", 0, Integer.MAX_VALUE), tokens);
    }

    Duration simResponseDelay() {
        return DurationParser.parse(simResponseDelay, "--sim-response-delay", true);
    }

    int shardCount() {
        return Flags.intInRange(shards, "--shards", 1, 100_000);
    }

    int shardIndexValue() {
        if (shardIndex != null) {
            return Flags.intInRange(shardIndex, "--shard-index", 0, 99_999);
        }
        String fromJob = System.getenv("JOB_COMPLETION_INDEX");
        return fromJob == null ? 0 : Flags.intInRange(fromJob, "JOB_COMPLETION_INDEX", 0, 99_999);
    }

    Duration metricsLinger() {
        return DurationParser.parse(metricsLinger, "--metrics-linger", true);
    }

    /** Where the run's numbers go; the run ID is generated when not given. */
    RunOutputs outputs(int shard) {
        String id = runId != null ? runId : RunIds.generate();
        if (id.isBlank() || id.length() > 128) {
            throw new InvalidInputException("--run-id: expected 1 to 128 characters, got '" + id + "'");
        }
        return new RunOutputs(id, String.valueOf(shard), metrics.portOrNull(), metrics.bind, hlog == null ? null : Path.of(hlog),
            outDir == null ? null : Path.of(outDir), jsonOut == null ? null : Path.of(jsonOut));
    }

    /** Checks every flag and builds the run's configuration; servers null means the embedded simulator. */
    RunConfig config(List<InetSocketAddress> servers, int shardCount) {
        checkName(appVersion, "--app-version");
        checkName(epmxInstance, "--epmx-instance");
        ConfirmMode mode = Flags.choice(confirm, "--confirm", ConfirmMode.class);
        int qosLevel = switch (mode) {
            case STATUS -> qos == null ? 1 : Flags.intInRange(qos, "--qos", 0, 1);
            case PUBACK -> fixedQos(1, "puback");
            case NONE -> fixedQos(0, "none");
        };
        Duration keepaliveTime = Flags.durationOrSeconds(keepalive, "--keepalive", true);
        if (keepaliveTime.toSeconds() > 65_535 || keepaliveTime.toNanos() % 1_000_000_000L != 0) {
            throw new InvalidInputException("--keepalive: expected whole seconds from 0 to 65535, got '" + keepalive
                + "'");
        }
        SessionSettings session = new SessionSettings(appVersion, epmxInstance, mode, qosLevel,
            Flags.intInRange(inflight, "--inflight", 1, 65_535),
            Flags.choice(backlog, "--backlog", BacklogPolicy.class),
            Flags.intInRange(maxBacklog, "--max-backlog", 0, 100_000_000),
            DurationParser.parse(responseTimeout, "--response-timeout").toNanos(),
            (int) keepaliveTime.toSeconds(),
            DurationParser.parse(connectTimeout, "--connect-timeout").toNanos(), reconnectBackoff());
        // each of N shards runs 1/N of the rates, so that together they make exactly one run
        return new RunConfig(servers, Rate.parse(rate, "--rate").perSecond() / shardCount,
            duration == null ? null : DurationParser.parse(duration, "--duration"),
            Rate.parse(connectRate, "--connect-rate").perSecond() / shardCount, session,
            DurationParser.parse(grace, "--grace", true),
            DurationParser.parse(reportInterval, "--report-interval"),
            Flags.intInRange(ioThreads, "--io-threads", 1, 1024), sourceAddresses(servers));
    }

    /**
     * {@code --bind}, or, when every server is on loopback, 127.0.0.2 to 127.0.0.9: all of 127/8 is this machine,
     * and the kernel's ephemeral-port search gets costly when one source address holds thousands of connections
     * to one server (measured at 19,000: 3.4 s of kernel time from one source, 0.44 s from four).
     */
    List<InetAddress> sourceAddresses(List<InetSocketAddress> servers) {
        if (bind != null) {
            return Flags.sourceAddresses(bind, "--bind");
        }
        if (servers.stream().allMatch(s -> s.getAddress() != null && s.getAddress().isLoopbackAddress()
            && s.getAddress() instanceof java.net.Inet4Address)) {
            return LOOPBACK_SOURCES;
        }
        return List.of();
    }

    static final List<InetAddress> LOOPBACK_SOURCES = loopbackSources();

    private static List<InetAddress> loopbackSources() {
        List<InetAddress> sources = new java.util.ArrayList<>();
        for (int last = 2; last <= 9; last++) {
            try {
                sources.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last}));
            } catch (java.net.UnknownHostException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        return List.copyOf(sources);
    }

    private ReconnectBackoff reconnectBackoff() {
        Duration first = DurationParser.parse(reconnectDelay, "--reconnect-delay", true);
        Duration max = DurationParser.parse(reconnectMaxDelay, "--reconnect-max-delay");
        if (!first.isZero() && max.compareTo(first) < 0) {
            throw new InvalidInputException("--reconnect-max-delay " + reconnectMaxDelay
                + ": must not be shorter than --reconnect-delay " + reconnectDelay);
        }
        return new ReconnectBackoff(first.toNanos(), max.toNanos());
    }

    private int fixedQos(int level, String modeName) {
        if (qos != null && Flags.intInRange(qos, "--qos", 0, 1) != level) {
            throw new InvalidInputException("--qos " + qos + ": --confirm " + modeName + " always uses QoS " + level);
        }
        return level;
    }

    /** Names that become topic levels must be valid topic levels. */
    private static void checkName(String value, String flag) {
        if (!KpTopics.isValidToken(value)) {
            throw new InvalidInputException(flag + ": expected a non-empty name without '/', '+', '#' or white space,"
                + " got '" + value + "'");
        }
    }

    List<InetSocketAddress> servers() {
        return server == null ? null : Flags.servers(server, "--server");
    }
}
