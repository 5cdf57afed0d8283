package dev.kpcload.run;

import dev.kpcload.InvalidInputException;
import dev.kpcload.capacity.CapacityJson;
import dev.kpcload.capacity.CapacityPrinter;
import dev.kpcload.report.CapacityReport;
import dev.kpcload.capacity.CapacityResult;
import dev.kpcload.capacity.CapacitySearch;
import dev.kpcload.capacity.CapacitySettings;
import dev.kpcload.capacity.StepJudge;
import dev.kpcload.plan.DurationParser;
import dev.kpcload.plan.Rate;
import dev.kpcload.result.RunOutcome;
import dev.kpcload.result.RunSummary;
import dev.kpcload.slo.Slo;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code loadgen capacity}: connects the fleet once and searches the highest publish rate at which every SLO holds,
 * step by step ({@link CapacitySearch}), each step judged on its own measured stage ({@link StepJudge}). The run
 * underneath is an ordinary run (its summary, interval log and report go to {@code --out} as usual); the search's
 * result goes beside them as {@code capacity.json} and {@code capacity.html}.
 */
public final class CapacityLauncher {

    public static final String RESULT_FILE = "capacity.json";
    public static final String REPORT_FILE = "capacity.html";

    private final RunSpec spec;
    private final CapacitySettings settings;
    private final Duration maxSendLag;
    private final Path jsonOut;
    private final PrintStream out;
    private final PrintStream err;
    private java.util.function.IntFunction<List<String>> shardCommand;

    /**
     * @param maxSendLag the generator's send-lag p99 above which it is behind its plan (a step then cannot tell)
     * @param jsonOut    where the result goes as JSON besides {@code --out}, or null
     */
    public CapacityLauncher(RunSpec spec, CapacitySettings settings, Duration maxSendLag, Path jsonOut,
                            PrintStream out, PrintStream err) {
        this.spec = spec;
        this.settings = settings;
        this.maxSendLag = maxSendLag;
        this.jsonOut = jsonOut;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the search over {@code --shards} processes on this machine, each started with {@code command(i)} (a
     * shard's command line; it runs the steps it is sent, see {@link RemoteSteps}), instead of in this process.
     */
    public CapacityLauncher sharded(java.util.function.IntFunction<List<String>> command) {
        this.shardCommand = command;
        return this;
    }

    /** What the search found, and how the run (or the shards' runs) underneath it ended. */
    public record Outcome(CapacityResult result, RunOutcome run) {
    }

    /** A shard of a sharded search: runs the steps the coordinator sends, in this process's part of the fleet. */
    public static RunSummary runShard(RunSpec spec, RemoteSteps steps, PrintStream out, PrintStream err,
                                      Consumer<RunControl> onControl) throws InterruptedException {
        return new RunLauncher(spec.withoutSlos(), out, err).launch(onControl,
            new RunLauncher.Mode(r -> r.stepped(steps), "capacity steps from the coordinator (shard "
                + spec.shards().index() + " of " + spec.shards().count() + ")"));
    }

    public Outcome launch(Consumer<RunControl> onControl) throws InterruptedException {
        if (spec.slos().isEmpty()) {
            throw new InvalidInputException("--slo: required (or a profile's slo list): the search looks for the"
                + " highest rate that meets every SLO, like --slo 'p99(status) < 250ms'");
        }
        List<Slo> slos = new ArrayList<>();
        for (Slo slo : spec.slos()) {
            if (slo.abort()) {
                // a profile shared with the release run may mark one: a step that breaks it is a failed step
                out.println("capacity: '" + slo.text() + "' (" + slo.where() + ") judged without its abort: a step"
                    + " that breaks it fails, and the search goes on");
                slo = new Slo(slo.text(), slo.where(), slo.metric(), slo.latency(), slo.messageKind(),
                    slo.statistic(), slo.percentile(), slo.comparison(), slo.threshold(), slo.sustainedNanos(), false);
            }
            slos.add(slo);
        }
        RunOutputs.checkWritable(jsonOut, "json-out");
        CapacityDriver driver = new CapacityDriver(new CapacitySearch(settings), new StepJudge(slos,
            maxSendLag.toNanos()), slos, spec.shards().count(), out);
        String plan = "capacity search from " + new Rate(settings.startRate()) + " by x" + settings.factor()
            + " to within " + Math.round(settings.precision() * 1000) / 10.0 + " %, steps of "
            + DurationParser.format(settings.ramp()) + " ramp + " + DurationParser.format(settings.settle())
            + " settle + " + DurationParser.format(settings.measure()) + " measured";
        RunOutcome run;
        if (shardCommand != null && spec.shards().count() > 1) {
            out.println("kpc-loadgen capacity: " + plan + "; over " + spec.shards().count() + " shard processes");
            RunControl control = new RunControl();
            onControl.accept(control);
            Path logs = spec.outputs().outDir() != null ? spec.outputs().outDir()
                : Path.of(System.getProperty("java.io.tmpdir"), "kpc-loadgen-" + spec.outputs().runId());
            run = new CapacityCoordinator(spec.shards().count(), shardCommand, logs, out, err).run(driver, control);
        } else {
            run = new RunLauncher(spec.withoutSlos(), out, err)
                .launch(onControl, new RunLauncher.Mode(r -> r.stepped(driver), plan)).outcome();
        }
        CapacityResult result = driver.result();
        out.println();
        CapacityPrinter.print(result, out);
        List<String> unwritten = new ArrayList<>();
        write(unwritten, () -> {
            if (jsonOut != null) {
                CapacityJson.write(result, jsonOut);
            }
        });
        Path dir = spec.outputs().outDir();
        if (dir != null) {
            write(unwritten, () -> CapacityJson.write(result, dir.resolve(RESULT_FILE)));
            write(unwritten, () -> CapacityReport.write(result, dir.resolve(REPORT_FILE)));
            if (unwritten.isEmpty()) {
                out.println("capacity written to " + dir.resolve(RESULT_FILE) + " and " + dir.resolve(REPORT_FILE));
            }
        }
        unwritten.forEach(problem -> err.println("loadgen capacity: not written: " + problem));
        if (run == RunOutcome.NO_DEVICE_CONNECTED) {
            err.println("loadgen capacity: no device connected; nothing was searched");
        }
        return new Outcome(result, run);
    }

    private static void write(List<String> failures, Runnable write) {
        try {
            write.run();
        } catch (InvalidInputException e) {
            failures.add(e.getMessage());
        }
    }
}
