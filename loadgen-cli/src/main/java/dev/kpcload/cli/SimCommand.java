package dev.kpcload.cli;

import dev.kpcload.run.Values;
import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import dev.kpcload.fleet.TokenEntry;
import dev.kpcload.fleet.TokenFile;
import dev.kpcload.plan.DurationParser;
import dev.kpcload.metrics.PrometheusExport;
import dev.kpcload.run.RunControl;
import dev.kpcload.sim.KpcSimulator;
import dev.kpcload.sim.SimConfig;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** {@code loadgen sim}: the KPC simulator on its own, until Ctrl-C. */
@Parameters(commandDescription = "Run the KPC simulator: an MQTT 3.1.1 server with 1/KP, EPMX and DCX semantics")
final class SimCommand implements Main.HasHelp {

    @Parameter(names = "--port", description = "TCP port to listen on (0: any free port)")
    String port = "1883";
    @Parameter(names = "--bind", description = "Address to listen on")
    String bind = "127.0.0.1";
    @Parameter(names = "--tokens", description = "Known tokens (CSV like run's); others get 401. Absent: any token")
    String tokens;
    @Parameter(names = "--response-delay", description = "Delay before each 1/KP reply (PUBACK stays immediate)")
    String responseDelay = "0s";
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

    int call() throws InterruptedException {
        SimConfig config = SimConfig.loopback(Values.intInRange(port, "--port", 0, 65_535))
            .withBindHost(bind)
            .withResponseDelay(DurationParser.parse(responseDelay, "--response-delay", true))
            .withIoThreads(Values.intInRange(ioThreads, "--io-threads", 1, 256));
        Duration interval = DurationParser.parse(statsInterval, "--stats-interval", true);
        if (tokens != null) {
            Set<String> known = TokenFile.load(Path.of(tokens)).stream().map(TokenEntry::token)
                .collect(Collectors.toUnmodifiableSet());
            config = config.withKnownTokens(known);
        }
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
}
