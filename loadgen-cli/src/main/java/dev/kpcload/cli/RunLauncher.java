package dev.kpcload.cli;

import dev.kpcload.InvalidInputException;
import dev.kpcload.fleet.Device;
import dev.kpcload.fleet.FleetBuilder;
import dev.kpcload.fleet.Shards;
import dev.kpcload.fleet.TokenEntry;
import dev.kpcload.fleet.TokenFile;
import dev.kpcload.net.NettyTransport;
import dev.kpcload.plan.DurationParser;
import dev.kpcload.plan.Rate;
import dev.kpcload.run.CapacityCheck;
import dev.kpcload.run.LoadRun;
import dev.kpcload.run.OsLimits;
import dev.kpcload.run.RunConfig;
import dev.kpcload.run.RunControl;
import dev.kpcload.run.RunOutputs;
import dev.kpcload.run.RunSummary;
import dev.kpcload.run.SummaryPrinter;
import dev.kpcload.sim.KpcSimulator;
import dev.kpcload.sim.SimConfig;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Carries out {@code loadgen run}: checks everything that can be checked before any device connects, then runs. */
final class RunLauncher {

    private final RunCommand flags;
    private final PrintStream out;
    private final PrintStream err;

    RunLauncher(RunCommand flags, PrintStream out, PrintStream err) {
        this.flags = flags;
        this.out = out;
        this.err = err;
    }

    int launch() throws InterruptedException {
        // everything that can be wrong with the input fails here, before a single connection
        List<InetSocketAddress> servers = flags.servers();
        int shards = flags.shardCount();
        int shard = flags.shardIndexValue();
        flags.config(List.of(new InetSocketAddress("127.0.0.1", 1)), shards);
        long seed = flags.seedValue();
        List<TokenEntry> entries = TokenFile.load(flags.tokensPath());
        List<Device> devices = Shards.select(FleetBuilder.build(entries, flags.fleetOptions(seed)), shards, shard);
        RunOutputs outputs = flags.outputs(shard);
        outputs.check();
        Duration simDelay = flags.simResponseDelay();
        CapacityCheck.checkOpenFiles(devices.size(), servers == null, OsLimits.openFiles(), OsLimits.openFileLimit());
        Duration linger = flags.metricsLinger();

        KpcSimulator sim = null;
        try {
            if (servers == null) {
                sim = startEmbeddedSimulator(entries, simDelay);
                servers = List.of(sim.address());
            }
            RunConfig config = flags.config(servers, shards);
            printHeader(devices, config, seed, outputs, shards, shard);
            CapacityCheck.portWarnings(devices.size(), config.endpoints(), OsLimits.ephemeralPortRange())
                .forEach(err::println);
            RunControl control = new RunControl();
            StopSignals.install(control, err);
            LoadRun run = new LoadRun(devices, config, control, out)
                .describe("tokens", flags.tokens)
                .describe("devices", devices.size())
                .describe("seed", seed)
                .describe("model", flags.model)
                .describe("embeddedSimulator", sim != null)
                .describe("runId", outputs.runId())
                .describe("shard", shard)
                .describe("shards", shards);
            RunSummary summary;
            try (RunOutputs.Attached attached = outputs.attach(run)) {
                if (attached.metricsPort() >= 0) {
                    out.println("metrics: http://" + outputs.metricsBind() + ":" + attached.metricsPort()
                        + "/metrics (run_id " + outputs.runId() + ", shard " + shard + ")");
                }
                summary = run.execute();
                SummaryPrinter.print(summary, out);
                if (sim != null) {
                    out.println(sim.stats().formatLine());
                }
                outputs.writeResults(run, summary);
                reportWritten(outputs);
                if (attached.metricsPort() >= 0 && !linger.isZero()) {
                    out.println("metrics: serving for " + DurationParser.format(linger) + " more for a last scrape");
                    control.awaitStopFor(linger.toNanos());
                }
            }
            if ("no_device_connected".equals(summary.outcome())) {
                err.println("loadgen run: no device connected to " + describe(servers)
                    + "; see the connect failures above");
                return ExitCodes.RUN_FAILED;
            }
            return ExitCodes.OK;
        } finally {
            if (sim != null) {
                sim.close();
            }
        }
    }

    private void reportWritten(RunOutputs outputs) {
        if (outputs.jsonOut() != null) {
            out.println("summary written to " + outputs.jsonOut());
        }
        if (outputs.outDir() != null) {
            out.println("results written to " + outputs.outDir() + "/ (" + RunOutputs.SUMMARY_FILE + ", "
                + RunOutputs.HLOG_FILE + ", *.hgrm, " + RunOutputs.REPORT_FILE + ")");
        } else if (outputs.hlog() != null) {
            out.println("interval log written to " + outputs.hlog());
        }
    }

    private KpcSimulator startEmbeddedSimulator(List<TokenEntry> entries, Duration delay) {
        Set<String> known = entries.stream().map(TokenEntry::token).collect(Collectors.toUnmodifiableSet());
        KpcSimulator sim;
        try {
            sim = KpcSimulator.start(SimConfig.loopback(0).withKnownTokens(known).withResponseDelay(delay));
        } catch (InvalidInputException e) {
            throw new CannotRunException("could not start the embedded KPC simulator: " + e.getMessage());
        }
        out.println("No --server given: started the embedded KPC simulator on " + describe(List.of(sim.address()))
            + " (1/KP with EPMX and DCX; knows the " + known.size() + " tokens of " + flags.tokens
            + (delay.isZero() ? "" : "; replies after " + DurationParser.format(delay)) + ")");
        return sim;
    }

    private void printHeader(List<Device> devices, RunConfig config, long seed, RunOutputs outputs, int shards,
                             int shard) {
        var s = config.session();
        NettyTransport transport = NettyTransport.best();
        String epollNote = NettyTransport.epollUnavailabilityReason();
        if (epollNote != null) {
            out.println("note: native epoll unavailable (" + epollNote + "), using NIO");
        }
        if (!config.sourceAddresses().isEmpty()) {
            out.println("connecting from " + config.sourceAddresses().stream().map(InetAddress::getHostAddress)
                .collect(Collectors.joining(",")) + (flags.bind == null
                ? " (loopback servers: sources spread so the kernel's port search stays cheap; --bind to choose)" : ""));
        }
        out.printf("kpc-loadgen: %d meters from %s%s -> %s | rate %s for %s | confirm %s, QoS %d, inflight %d | "
                + "connect %s | seed %d | run %s | %s, %d io threads%n",
            devices.size(), flags.tokens, shards > 1 ? " (shard " + shard + " of " + shards + ")" : "",
            describe(config.servers()), new Rate(config.ratePerSecond()),
            config.duration() == null ? "until Ctrl-C" : DurationParser.format(config.duration()),
            s.confirm().name().toLowerCase(), s.qos(), s.inflight(), new Rate(config.connectRatePerSecond()), seed,
            outputs.runId(), transport.name(), config.ioThreads());
    }

    private static String describe(List<InetSocketAddress> servers) {
        return servers.stream().map(a -> a.getHostString() + ":" + a.getPort()).collect(Collectors.joining(","));
    }
}
