package dev.kpcload.run;

import dev.kpcload.CannotRunException;
import dev.kpcload.InvalidInputException;
import dev.kpcload.fleet.Device;
import dev.kpcload.fleet.FleetBuilder;
import dev.kpcload.fleet.Shards;
import dev.kpcload.fleet.TokenEntry;
import dev.kpcload.fleet.TokenFile;
import dev.kpcload.net.NettyTransport;
import dev.kpcload.plan.DurationParser;
import dev.kpcload.plan.Rate;
import dev.kpcload.result.RunOutcome;
import dev.kpcload.result.RunSummary;
import dev.kpcload.client.ConnectionTls;
import dev.kpcload.sim.EmbeddedTls;
import dev.kpcload.sim.KpcSimulator;
import dev.kpcload.tls.ClientContexts;
import dev.kpcload.tls.FleetTls;
import dev.kpcload.tls.TlsDescription;
import dev.kpcload.tls.TlsSettings;
import dev.kpcload.sim.SimConfig;
import dev.kpcload.slo.JUnitReport;
import dev.kpcload.slo.SloDashboard;
import dev.kpcload.slo.SloJudge;
import dev.kpcload.slo.SloVerdict;
import dev.kpcload.slo.SummaryMeasurement;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Carries out a {@link RunSpec}: checks everything that can be checked before any device connects (token file,
 * outputs, open-file limit), starts the embedded simulator when no server is given, runs, and writes the results.
 */
public final class RunLauncher {

    private final RunSpec spec;
    private final PrintStream out;
    private final PrintStream err;
    private final java.time.Clock wall;

    public RunLauncher(RunSpec spec, PrintStream out, PrintStream err) {
        this(spec, out, err, java.time.Clock.systemUTC());
    }

    /** @param wall the wall clock a start time ({@code --start-at}) is read on */
    public RunLauncher(RunSpec spec, PrintStream out, PrintStream err, java.time.Clock wall) {
        this.spec = spec;
        this.out = out;
        this.err = err;
        this.wall = wall;
    }

    /**
     * @param onControl hears of the run's control before the run starts (the command line installs its signal
     *                  handlers on it)
     */
    public RunSummary launch(Consumer<RunControl> onControl) throws InterruptedException {
        return launch(onControl, Mode.RUN);
    }

    /**
     * How a launch differs from a plain run: the capacity search replaces the message plan with its steps.
     *
     * @param beforeExecute  hears of the run before it executes (and may make it {@link LoadRun#stepped stepped})
     * @param planDescription the plan as the header shows it, or null for the configured one
     */
    public record Mode(Consumer<LoadRun> beforeExecute, String planDescription) {
        public static final Mode RUN = new Mode(run -> { }, null);
    }

    public RunSummary launch(Consumer<RunControl> onControl, Mode mode) throws InterruptedException {
        // everything that can be wrong with the input fails here, before a single connection
        var shards = spec.shards();
        // a start given from now counts from when the command read it, not from when it is ready
        RunSpec.StartSpec startSpec = spec.start();
        StartPlan start = startSpec == null ? null : new StartPlan(startSpec.at().resolve(wall.instant()),
            startSpec.grace(), startSpec.at().where(), startSpec.graceWhere());
        List<TokenEntry> entries = TokenFile.load(spec.tokens());
        List<Device> wholeFleet = FleetBuilder.build(entries, spec.fleet());
        List<Device> devices = Shards.select(wholeFleet, shards.count(),
            shards.index(), shards.countWhere(), shards.indexWhere());
        // this shard's token file lines, in its devices' order (a shard's device k is line index + k * shards)
        List<TokenEntry> shardEntries = new ArrayList<>(devices.size());
        for (int k = 0; k < devices.size(); k++) {
            shardEntries.add(entries.get(shards.index() + k * shards.count()));
        }
        RunOutputs outputs = spec.outputs();
        outputs.check();
        // a flag only (a profile has no junit key): name it as typed
        RunOutputs.checkWritable(spec.junit(), "--" + Setting.JUNIT.key());
        List<InetSocketAddress> servers = spec.servers();
        CapacityCheck.checkOpenFiles(devices.size(), servers == null, OsLimits.openFiles(), OsLimits.openFileLimit());
        TlsSettings tlsSettings = spec.tls();
        EmbeddedTls embeddedTls = null;
        if (tlsSettings.enabled() && servers == null) {
            // no files needed: a CA and a server certificate made for this run, trusted by this run only
            embeddedTls = EmbeddedTls.create(List.of(), tempDirectory(), new java.security.SecureRandom());
            for (java.nio.file.Path file : List.of(embeddedTls.caFile(), embeddedTls.simTls().certChain(),
                    embeddedTls.simTls().key())) {
                file.toFile().deleteOnExit(); // after the directory's: deleted first
            }
            if (tlsSettings.caFile() == null && !tlsSettings.insecure()) {
                tlsSettings = tlsSettings.withCaFile(embeddedTls.caFile());
            }
        }
        FleetTls tls = prepareTls(tlsSettings, shardEntries);

        KpcSimulator sim = null;
        try {
            if (servers == null) {
                sim = startEmbeddedSimulator(entries, embeddedTls);
                servers = List.of(sim.address());
            }
            RunConfig config = config(servers);
            String plan = mode.planDescription() != null ? mode.planDescription() : describePlan(config);
            printHeader(devices, config, outputs, plan);
            CapacityCheck.portWarnings(devices.size(), config.endpoints(), OsLimits.ephemeralPortRange())
                .forEach(err::println);
            RunControl control = new RunControl();
            onControl.accept(control);
            LoadRun run = new LoadRun(devices, config, control, out)
                .tls(tls == null ? ConnectionTls.PLAIN : tls)
                .describe("tokens", spec.tokensLabel())
                .describe("devices", devices.size())
                .describe("seed", spec.fleet().seed())
                .describe("model", spec.fleet().model())
                .describe("embeddedSimulator", sim != null)
                .describe("runId", outputs.runId())
                .describe("shard", shards.index())
                .describe("shards", shards.count())
                .describe("profile", spec.profile())
                .describe("plan", plan)
                .describe("mix", config.load().publish().mix().stream()
                    .map(m -> m.kind().tag() + ":" + m.weight()).toList());
            SloWatch watch = spec.slos().isEmpty() ? null : new SloWatch(new SloJudge(spec.slos()),
                new WindowMeasurer(run.counters(), run.kindTags(), run.kindShares(), run::publishStartSeconds),
                control, err);
            if (watch != null) {
                run.onInterval(watch);
                out.println("slo: " + spec.slos().size() + " objective" + (spec.slos().size() == 1 ? "" : "s") + ": "
                    + SloChecks.describe(spec.slos()));
            }
            mode.beforeExecute().accept(run);
            RunSummary summary;
            try (RunOutputs.Attached attached = outputs.attach(run)) {
                if (attached.metricsPort() >= 0) {
                    out.println("metrics: http://" + outputs.metricsBind() + ":" + attached.metricsPort()
                        + "/metrics (run_id " + outputs.runId() + ", shard " + shards.index() + ")");
                }
                if (start != null) {
                    awaitStart(start, run, control, wholeFleet.size());
                } else {
                    run.describe("startAt", null).describe("startLateSeconds", null);
                }
                java.time.Instant began = java.time.Instant.now();
                summary = run.execute();
                java.time.Instant ended = java.time.Instant.now();
                if (watch != null) {
                    summary = summary.withSlo(watch.verdict(SummaryMeasurement.of(summary, run.totalsByTag())));
                }
                SummaryPrinter.print(summary, out);
                if (sim != null) {
                    out.println(sim.stats().formatLine());
                }
                List<String> unwritten = new ArrayList<>(outputs.writeResults(run, summary));
                if (outputs.outDir() != null && !spec.slos().isEmpty()) {
                    try {
                        SloDashboard.write(spec.slos(), outputs.runId(), began, ended, outputs.outDir());
                    } catch (InvalidInputException e) {
                        unwritten.add(e.getMessage());
                    }
                }
                if (spec.junit() != null) {
                    RunSummary judged = summary;
                    SloVerdict verdict = judged.slo() != null ? judged.slo() : SloVerdict.of(List.of(), null);
                    try {
                        JUnitReport.write(verdict, "kpc-loadgen run " + outputs.runId() + " shard "
                            + shards.index(), judged.other().elapsedSeconds(), spec.junit());
                    } catch (InvalidInputException e) {
                        unwritten.add(e.getMessage());
                    }
                }
                // the summary is printed above whatever happens to the files: say which could not be written
                unwritten.forEach(problem -> err.println("loadgen run: not written: " + problem));
                if (unwritten.isEmpty()) {
                    reportWritten(outputs);
                }
                Duration linger = spec.metricsLinger();
                if (attached.metricsPort() >= 0 && !linger.isZero()) {
                    out.println("metrics: serving for " + DurationParser.format(linger) + " more for a last scrape");
                    control.awaitStopFor(linger.toNanos());
                }
            }
            if (summary.outcome() == RunOutcome.NO_DEVICE_CONNECTED) {
                err.println("loadgen run: no device connected to " + describe(servers)
                    + "; see the connect failures above");
            }
            return summary;
        } finally {
            if (sim != null) {
                sim.close();
            }
        }
    }

    /** How long before the start time a waiting run wakes to set up its event loops and lanes. */
    private static final long WAKE_BEFORE_START_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(250);

    /**
     * Anchors the run's plans at the start time, once everything is ready (files read, simulator up, metrics
     * served): waits when early, says by how much when late, and refuses when later than the grace.
     */
    private void awaitStart(StartPlan start, LoadRun run, RunControl control, int wholeRunDevices)
            throws InterruptedException {
        ClockMapping mapping = ClockMapping.capture(wall, dev.kpcload.plan.NanoClock.SYSTEM);
        StartPlan.Readiness readiness = start.readiness(mapping);
        if (readiness.timing() == StartPlan.Timing.TOO_LATE) {
            throw new CannotRunException(start.describe(readiness));
        }
        out.println(start.describe(readiness));
        run.gauges().startLateSeconds(readiness.lateSeconds());
        run.describe("startAt", start.at().toString()).describe("startLateSeconds", readiness.lateSeconds());
        run.anchoredAt(mapping, readiness.startNanos(),
            StartPlan.publishOffsetNanos(spec.load().connect(), wholeRunDevices));
        if (readiness.timing() == StartPlan.Timing.EARLY) {
            long wait = readiness.startNanos() - WAKE_BEFORE_START_NANOS - System.nanoTime();
            if (wait > 0) {
                control.awaitStopFor(wait);
            }
        }
    }

    /** The run's configuration for this process: each of N shards runs 1/N of the rates. */
    private RunConfig config(List<InetSocketAddress> servers) {
        return new RunConfig(servers, spec.load().forShards(spec.shards().count()), spec.session(), spec.grace(),
            spec.reportInterval(), spec.ioThreads(), sourceAddresses(servers), spec.fleet().seed());
    }

    /**
     * The given source addresses, or, when every server is on loopback, 127.0.0.2 to 127.0.0.9: all of 127/8 is
     * this machine, and the kernel's ephemeral-port search gets costly when one source address holds thousands of
     * connections to one server (measured at 19,000: 3.4 s of kernel time from one source, 0.44 s from four).
     */
    List<InetAddress> sourceAddresses(List<InetSocketAddress> servers) {
        if (spec.bind() != null) {
            return spec.bind();
        }
        if (servers.stream().allMatch(s -> s.getAddress() != null && s.getAddress().isLoopbackAddress()
            && s.getAddress() instanceof java.net.Inet4Address)) {
            return LOOPBACK_SOURCES;
        }
        return List.of();
    }

    static final List<InetAddress> LOOPBACK_SOURCES = loopbackSources();

    private static List<InetAddress> loopbackSources() {
        List<InetAddress> sources = new ArrayList<>();
        for (int last = 2; last <= 9; last++) {
            try {
                sources.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last}));
            } catch (java.net.UnknownHostException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        return List.copyOf(sources);
    }

    private void reportWritten(RunOutputs outputs) {
        if (outputs.jsonOut() != null) {
            out.println("summary written to " + outputs.jsonOut());
        }
        if (spec.junit() != null) {
            out.println("SLO verdict written to " + spec.junit() + " (JUnit XML)");
        }
        if (outputs.outDir() != null) {
            out.println("results written to " + outputs.outDir() + "/ (" + RunOutputs.SUMMARY_FILE + ", "
                + RunOutputs.HLOG_FILE + ", *.hgrm, " + RunOutputs.REPORT_FILE + ")");
        } else if (outputs.hlog() != null) {
            out.println("interval log written to " + outputs.hlog());
        }
    }

    /**
     * Reads and checks every TLS file (the CA, each device's certificate and key) and builds the contexts, before
     * anything connects; says which provider and what is (not) verified. Null without TLS (after a warning when the
     * token file names certificates that then go unused).
     */
    private FleetTls prepareTls(TlsSettings settings, List<TokenEntry> shardEntries) {
        ClientContexts contexts = ClientContexts.prepare(settings, shardEntries, shardEntries.size(),
            spec.tokensLabel(), java.time.Instant.now(), spec.load().publish().duration(), err::println,
            spec.sendOutOfDateClientCerts());
        if (!settings.enabled()) {
            return null;
        }
        contexts.notice().ifPresent(err::println);
        if (settings.insecure()) {
            err.println("warning: --tls-insecure: the server's certificate and host name are not verified; anyone on"
                + " the path can pose as KPC");
        }
        out.println("tls: " + TlsDescription.of(settings, contexts) + "; resumption "
            + spec.tlsResumption().name().toLowerCase(java.util.Locale.ROOT));
        return new FleetTls(contexts, dev.kpcload.plan.NanoClock.SYSTEM, spec.tlsResumption());
    }

    /** A directory for the embedded simulator's certificates, removed when the process ends. */
    private static java.nio.file.Path tempDirectory() {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("kpc-loadgen-tls-");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (java.io.IOException e) {
            throw new CannotRunException("could not make a directory for the embedded simulator's certificates: "
                + e.getMessage());
        }
    }

    private KpcSimulator startEmbeddedSimulator(List<TokenEntry> entries, EmbeddedTls embeddedTls) {
        Set<String> known = entries.stream().map(TokenEntry::token).collect(Collectors.toUnmodifiableSet());
        Duration delay = spec.simResponseDelay();
        KpcSimulator sim;
        try {
            SimConfig simConfig = SimConfig.loopback(0).withKnownTokens(known).withResponseDelay(delay);
            sim = KpcSimulator.start(embeddedTls == null ? simConfig : simConfig.withTls(embeddedTls.simTls()));
        } catch (InvalidInputException e) {
            throw new CannotRunException("could not start the embedded KPC simulator: " + e.getMessage());
        }
        out.println("No --server given: started the embedded KPC simulator on " + describe(List.of(sim.address()))
            + " (1/KP with EPMX and DCX; knows the " + known.size() + " tokens of " + spec.tokensLabel()
            + (delay.isZero() ? "" : "; replies after " + DurationParser.format(delay))
            + (embeddedTls == null ? "" : "; TLS with a CA made for this run, " + embeddedTls.caFile()) + ")");
        return sim;
    }

    private void printHeader(List<Device> devices, RunConfig config, RunOutputs outputs, String plan) {
        var s = config.session();
        var shards = spec.shards();
        NettyTransport transport = NettyTransport.best();
        String epollNote = NettyTransport.epollUnavailabilityReason();
        if (epollNote != null) {
            out.println("note: native epoll unavailable (" + epollNote + "), using NIO");
        }
        if (!config.sourceAddresses().isEmpty()) {
            out.println("connecting from " + config.sourceAddresses().stream().map(InetAddress::getHostAddress)
                .collect(Collectors.joining(",")) + (spec.bind() == null
                ? " (loopback servers: sources spread so the kernel's port search stays cheap; --bind to choose)" : ""));
        }
        out.printf("kpc-loadgen: %d meters from %s%s -> %s | %s | confirm %s, QoS %d, inflight %d | "
                + "connect %s | seed %d | run %s | %s, %d io threads%n",
            devices.size(), spec.tokensLabel(),
            shards.count() > 1 ? " (shard " + shards.index() + " of " + shards.count() + ")" : "",
            describe(config.servers()), plan,
            s.confirm().name().toLowerCase(), s.qos(), s.inflight(), describeConnect(config.load().connect()),
            spec.fleet().seed(), outputs.runId(), transport.name(), config.ioThreads());
    }

    /** The message plan in a few words: {@code rate 500/s for 30s}, or its stages, or none. */
    static String describePlan(RunConfig config) {
        var publish = config.load().publish();
        if (publish.none()) {
            return "no message plan (each meter reports on CONNACK)";
        }
        String mix = publish.mix().size() > 1 ? ", mix " + publish.mix().stream()
            .map(m -> m.kind().tag() + " " + m.weight()).collect(Collectors.joining(" : ")) : "";
        String arrivals = publish.poisson() ? ", Poisson arrivals" : "";
        if (publish.profile() == null) {
            return "rate " + new Rate(publish.openEndedPerSecond()) + " until Ctrl-C" + arrivals + mix;
        }
        var profile = publish.profile();
        String length = DurationParser.format(Duration.ofMillis(Math.round(profile.totalNanos() / 1e6)));
        if (profile.stages().size() == 1 && profile.peakPerSecond() == profile.startPerSecond()) {
            return "rate " + new Rate(profile.peakPerSecond()) + " for " + length + arrivals + mix;
        }
        return profile.stages().size() + " stages for " + length + ", peak " + new Rate(profile.peakPerSecond())
            + arrivals + mix;
    }

    private static String describeConnect(LoadSpec.ConnectSpec connect) {
        return connect.allAtOnce() ? "all at once" : connect.profile() != null
            ? "in stages, peak " + new Rate(connect.profile().peakPerSecond()) : new Rate(connect.perSecond()).toString();
    }

    private static String describe(List<InetSocketAddress> servers) {
        return servers.stream().map(a -> a.getHostString() + ":" + a.getPort()).collect(Collectors.joining(","));
    }
}
