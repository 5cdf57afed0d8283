package dev.kpcload.cli;

import dev.kpcload.InvalidInputException;
import dev.kpcload.run.Values;
import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import dev.kpcload.fleet.TokenEntry;
import dev.kpcload.fleet.TokenFile;
import dev.kpcload.plan.DurationParser;
import dev.kpcload.plan.Rate;
import dev.kpcload.metrics.PrometheusExport;
import dev.kpcload.run.RunControl;
import dev.kpcload.sim.Capacity;
import dev.kpcload.sim.Fault;
import dev.kpcload.sim.FaultKind;
import dev.kpcload.sim.FaultPlan;
import dev.kpcload.sim.FaultPlanReader;
import dev.kpcload.sim.KpcSimulator;
import dev.kpcload.sim.QueueFullAction;
import dev.kpcload.sim.ReplyDelay;
import dev.kpcload.sim.SimConfig;
import dev.kpcload.sim.SimTls;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** {@code loadgen sim}: the KPC simulator on its own, until Ctrl-C. */
@Parameters(commandDescription = "Run the KPC simulator: an MQTT 3.1.1 server with 1/KP, EPMX and DCX semantics,"
    + " a service capacity, reply delays and faults")
final class SimCommand implements Main.HasHelp {

    private static final String TIMING = " Timing keys: at=D (first time, after start; default 0s), for=D (how long),"
        + " every=D (repeat). Repeatable.";

    @Parameter(names = "--port", description = "TCP port to listen on (0: any free port); default 1883, with --tls-cert 8883")
    String port;
    @Parameter(names = "--tls-cert", description = "MQTT over TLS: the server's PEM certificate (chain, leaf first); needs --tls-key")
    String tlsCert;
    @Parameter(names = "--tls-key", description = "With --tls-cert: its PEM private key (PKCS#8, or traditional RSA or EC)")
    String tlsKey;
    @Parameter(names = "--client-ca", description = "With --tls-cert: ask for client certificates chaining to these PEM CA certificates; the endpoint is the certificate's (see --cert-map)")
    String clientCa;
    @Parameter(names = "--client-auth", description = "With --client-ca: require (refuse a client without a certificate at the handshake) or optional")
    String clientAuth;
    @Parameter(names = "--cert-map", description = "With --client-ca: CSV with token and cert columns (the tokens.csv of loadgen certs); a certificate's issuer and serial name its endpoint, unknown ones are refused. Absent: the endpoint is the subject's CN")
    String certMap;
    @Parameter(names = "--revoked", description = "With --client-ca: revoked client certificates, refused at the handshake: a PEM CRL or PEM certificates")
    String revoked;
    @Parameter(names = "--bind", description = "Address to listen on")
    String bind = "127.0.0.1";
    @Parameter(names = "--tokens", description = "Known tokens (CSV like run's); others get 401. Absent: any token")
    String tokens;
    @Parameter(names = "--response-delay", description = "Delay before each 1/KP reply (PUBACK stays immediate):"
        + " fixed (20ms), uniform:A..B (uniform:5ms..50ms) or lognormal:p50=X,p99=Y"
        + " (lognormal:p50=10ms,p99=200ms); drawn per request from --seed, recorded (kpcsim_injected_delay_seconds)")
    String responseDelay = "0s";
    @Parameter(names = "--seed", description = "Seed of every random choice: reply delays, error and refusal ratios,"
        + " which connections a fault picks (absent: random, printed)")
    String seed;
    @Parameter(names = "--capacity", description = "Serve 1/KP requests at most at this rate (500/s, 2k/s): one"
        + " deterministic server, each request takes 1/R, in turn; replies leave when their service ends")
    String capacity;
    @Parameter(names = "--queue", description = "With --capacity: requests that may wait (not counting the one in"
        + " service); a request finding it full gets --queue-full's treatment (default 1000)")
    String queue;
    @Parameter(names = "--queue-full", description = "With --capacity: error (a 503 /error reply at once) or drop"
        + " (no reply at all)")
    String queueFull;
    @Parameter(names = "--capacity-includes-puback", description = "With --capacity: the PUBACK of a QoS 1 request"
        + " waits for the end of its service too (default: PUBACK at once)")
    boolean capacityIncludesPuback;
    @Parameter(names = "--faults", description = "A YAML fault plan (faults: a list of stall, error-replies,"
        + " refuse-connects, drop-connections, half-open, slow-reader, restart, each with at, for, every); see README")
    String faults;
    @Parameter(names = "--stall", splitter = WholeValue.class, description = "Stop reading and answering for a while, then serve what queued:"
        + " for=2s[,at=..][,every=..]." + TIMING)
    List<String> stall = new ArrayList<>();
    @Parameter(names = "--error-replies", splitter = WholeValue.class, description = "Answer a share of the requests /error instead:"
        + " ratio=10%[,status=503][,reason=TEXT (no commas)]; while for lasts (absent: to the end)." + TIMING)
    List<String> errorReplies = new ArrayList<>();
    @Parameter(names = "--refuse-connects", splitter = WholeValue.class, description = "Refuse a share of CONNECTs with a CONNACK return code:"
        + " ratio=50%[,code=1..5 or server-unavailable, not-authorized, ... (default server-unavailable)]." + TIMING)
    List<String> refuseConnects = new ArrayList<>();
    @Parameter(names = "--drop-connections", splitter = WholeValue.class, description = "Close connections: share=20% (that share of the"
        + " connected ones, at once; no for) or rate=10/s (one at a time while for lasts)." + TIMING)
    List<String> dropConnections = new ArrayList<>();
    @Parameter(names = "--half-open", splitter = WholeValue.class, description = "Stop answering (and throw away what arrives) on a share of the"
        + " connections without closing them, so only the client's keepalive can find them: share=10% (no for)."
        + TIMING)
    List<String> halfOpen = new ArrayList<>();
    @Parameter(names = "--slow-reader", splitter = WholeValue.class, description = "Read each connection at most so fast:"
        + " bytes-per-second=2k (2000, 2k, 1.5M, optionally B/s) while for lasts." + TIMING)
    List<String> slowReader = new ArrayList<>();
    @Parameter(names = "--restart", splitter = WholeValue.class, description = "Close the listener and every connection, listen again on the"
        + " same port after for: for=1s[,at=..][,every=..]." + TIMING)
    List<String> restart = new ArrayList<>();
    @Parameter(names = "--stats-interval", description = "Print counters this often (0 = only on exit)")
    String statsInterval = "10s";
    @Parameter(names = "--io-threads", description = "Event loop threads")
    String ioThreads = "1";
    @ParametersDelegate
    MetricsFlags metricsFlags = new MetricsFlags();
    @ParametersDelegate
    HelpFlag help = new HelpFlag();

    private final PrintStream out;
    private final PrintStream err;

    SimCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public boolean helpRequested() {
        return help.help;
    }

    /** The simulator the flags describe; every problem is an {@link InvalidInputException} naming its flag. */
    SimConfig config() {
        SimTls tls = tls();
        int listenPort = port != null ? Values.intInRange(port, "--port", 0, 65_535) : tls != null ? 8883 : 1883;
        SimConfig config = SimConfig.loopback(listenPort)
            .withBindHost(bind)
            .withReplyDelay(ReplyDelay.parse(responseDelay, "--response-delay"))
            .withIoThreads(Values.intInRange(ioThreads, "--io-threads", 1, 256))
            .withSeed(seed == null ? ThreadLocalRandom.current().nextLong(1L << 48) : Values.seed(seed, "--seed"))
            .withCapacity(capacity())
            .withFaults(faultPlan());
        if (tls != null) {
            config = config.withTls(tls);
        }
        if (tokens != null) {
            Set<String> known = TokenFile.load(Path.of(tokens)).stream().map(TokenEntry::token)
                .collect(Collectors.toUnmodifiableSet());
            config = config.withKnownTokens(known);
        }
        return config;
    }

    /** The listener's TLS from the flags, or null for plain MQTT; a flag without the one it needs is refused. */
    private SimTls tls() {
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new InvalidInputException(tlsCert == null ? "--tls-key: needs --tls-cert as well"
                : "--tls-cert: needs --tls-key as well (the server's certificate and its private key)");
        }
        if (tlsCert == null) {
            for (String[] flag : new String[][] {{"--client-ca", clientCa}, {"--client-auth", clientAuth},
                    {"--cert-map", certMap}, {"--revoked", revoked}}) {
                if (flag[1] != null) {
                    throw new InvalidInputException(flag[0] + ": only with --tls-cert and --tls-key");
                }
            }
            return null;
        }
        SimTls tls = SimTls.server(Path.of(tlsCert), Path.of(tlsKey));
        if (clientCa == null) {
            for (String[] flag : new String[][] {{"--client-auth", clientAuth}, {"--cert-map", certMap},
                    {"--revoked", revoked}}) {
                if (flag[1] != null) {
                    throw new InvalidInputException(flag[0] + ": only with --client-ca (client certificates)");
                }
            }
            return tls;
        }
        SimTls.ClientAuth auth = clientAuth == null ? SimTls.ClientAuth.REQUIRE
            : SimTls.ClientAuth.parse(clientAuth, "--client-auth");
        tls = tls.withClientCa(Path.of(clientCa), auth);
        if (certMap != null) {
            tls = tls.withCertMap(Path.of(certMap));
        }
        if (revoked != null) {
            tls = tls.withRevoked(Path.of(revoked));
        }
        return tls;
    }

    private Capacity capacity() {
        if (capacity == null) {
            for (String[] flag : new String[][] {{"--queue", queue}, {"--queue-full", queueFull}}) {
                if (flag[1] != null) {
                    throw new InvalidInputException(flag[0] + ": only with --capacity R/s");
                }
            }
            if (capacityIncludesPuback) {
                throw new InvalidInputException("--capacity-includes-puback: only with --capacity R/s");
            }
            return null;
        }
        double perSecond = Rate.parse(capacity, "--capacity").perSecond();
        if (perSecond > Capacity.MAX_PER_SECOND) {
            throw new InvalidInputException("--capacity: at most 1G/s (1 ns per request), got '" + capacity + "'");
        }
        int n = queue == null ? Capacity.DEFAULT_QUEUE : Values.intInRange(queue, "--queue", 0, Integer.MAX_VALUE);
        QueueFullAction action = queueFull == null ? QueueFullAction.ERROR
            : Values.choice(queueFull, "--queue-full", QueueFullAction.class);
        return new Capacity(perSecond, n, action, capacityIncludesPuback);
    }

    private FaultPlan faultPlan() {
        FaultPlan plan = faults == null ? FaultPlan.NONE : FaultPlanReader.load(Path.of(faults));
        List<Fault> fromFlags = new ArrayList<>();
        add(fromFlags, FaultKind.STALL, stall);
        add(fromFlags, FaultKind.ERROR_REPLIES, errorReplies);
        add(fromFlags, FaultKind.REFUSE_CONNECTS, refuseConnects);
        add(fromFlags, FaultKind.DROP_CONNECTIONS, dropConnections);
        add(fromFlags, FaultKind.HALF_OPEN, halfOpen);
        add(fromFlags, FaultKind.SLOW_READER, slowReader);
        add(fromFlags, FaultKind.RESTART, restart);
        return plan.and(new FaultPlan(fromFlags));
    }

    private static void add(List<Fault> into, FaultKind kind, List<String> values) {
        for (String value : values) {
            into.add(FaultPlanReader.fromFlag(kind, value));
        }
    }

    int call() throws InterruptedException {
        SimConfig config = config();
        Duration interval = DurationParser.parse(statsInterval, "--stats-interval", true);
        Integer metrics = metricsFlags.portOrNull();
        KpcSimulator sim = KpcSimulator.start(config);
        PrometheusExport export = null;
        if (metrics != null) {
            try {
                export = new PrometheusExport("sim", "0");
                sim.bindMetrics(export.registry());
                int port = export.serve(metricsFlags.bind, metrics, "--metrics-port");
                out.println("metrics: http://" + metricsFlags.bind + ":" + port + "/metrics");
            } catch (RuntimeException e) {
                sim.close();
                throw e;
            }
        }
        RunControl control = new RunControl();
        StopSignals.install(control, err);
        out.println("KPC simulator listening on " + sim.address().getHostString() + ":" + sim.address().getPort()
            + " (" + sim.transportName() + (tokens == null ? "; any token" : "; tokens of " + tokens)
            + "); Ctrl-C to stop");
        out.println(describe(config));
        try {
            long intervalNanos = interval.isZero() ? TimeUnit.DAYS.toNanos(365) : interval.toNanos();
            while (!control.awaitStopFor(intervalNanos)) {
                out.println(sim.stats().formatLine());
            }
        } finally {
            sim.close();
            if (export != null) {
                export.close();
            }
            out.println(sim.stats().formatLine());
        }
        return ExitCodes.OK;
    }

    /** What the simulator does besides answering: seed, reply delay, capacity, each fault with its timing. */
    static String describe(SimConfig config) {
        StringBuilder text = new StringBuilder("seed ").append(config.seed()).append(" | response delay ")
            .append(config.replyDelay().describe()).append(" | capacity ");
        Capacity c = config.capacity();
        if (c == null) {
            text.append("none");
        } else {
            text.append(new Rate(c.perSecond())).append(", queue ").append(c.queue()).append(", when full ")
                .append(c.whenFull().tag()).append(c.includesPuback() ? ", PUBACK included" : ", PUBACK at once");
        }
        SimTls tls = config.tls();
        if (tls != null) {
            text.append(" | tls ").append(tls.clientCa() == null ? "on, no client certificates"
            : "on, client certificates " + tls.clientAuth().name().toLowerCase(java.util.Locale.ROOT)
            + (tls.certMap() == null ? ", endpoint = CN" : ", endpoints from " + tls.certMap())
            + (tls.revoked() == null ? "" : ", revoked " + tls.revoked()));
        }
        text.append(" | faults ");
        if (config.faults().isEmpty()) {
            text.append("none");
        } else {
            text.append(config.faults().faults().stream().map(Fault::describe)
                .collect(Collectors.joining("; ")));
        }
        return text.toString();
    }
}
