package dev.kpcload.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterDescription;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import dev.kpcload.InvalidInputException;
import dev.kpcload.capacity.CapacitySettings;
import dev.kpcload.plan.DurationParser;
import dev.kpcload.plan.Rate;
import dev.kpcload.profile.Profile;
import dev.kpcload.profile.ProfileFile;
import dev.kpcload.result.RunSummary;
import dev.kpcload.run.CapacityLauncher;
import dev.kpcload.run.RemoteSteps;
import dev.kpcload.run.RunSpec;
import dev.kpcload.run.RunSpecReader;
import dev.kpcload.run.Setting;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code loadgen capacity}: the highest publish rate KPC sustains within the SLOs, found step by step. */
@Parameters(commandDescription = "Search the highest publish rate at which every SLO holds, over one connected fleet")
final class CapacityCommand implements Main.HasHelp, HasSlos {

    @ParametersDelegate
    RunFlags flags = new RunFlags();
    @Parameter(names = "--slo", description = "An SLO every step must meet, repeatable: 'p99(status) < 250ms',"
        + " 'error_ratio < 0.1%' (replaces the profile's slo list); at least one")
    List<String> slo = new ArrayList<>();
    @Parameter(names = "--start-rate", description = "The first step's rate: 500/s, 2k/s")
    String startRate;
    @Parameter(names = "--factor", description = "Geometric step while probing upwards")
    String factor = String.valueOf(CapacitySettings.DEFAULT_FACTOR);
    @Parameter(names = "--precision", description = "Bisect until the last pass and the first failure are this close:"
        + " 3%, 0.03")
    String precision = "3%";
    @Parameter(names = "--max-rate", description = "Never offer more than this")
    String maxRate;
    @Parameter(names = "--min-rate", description = "When the first step fails, step down no lower than this"
        + " (default: a tenth of the start rate)")
    String minRate;
    @Parameter(names = "--ramp", description = "Each step's ramp from 0 to its rate (warm-up, left out)")
    String ramp = DurationParser.format(CapacitySettings.DEFAULT_RAMP);
    @Parameter(names = "--settle", description = "Each step's hold at its rate before measuring (left out)")
    String settle = DurationParser.format(CapacitySettings.DEFAULT_SETTLE);
    @Parameter(names = "--measure", description = "Each step's least measured time (longer when --min-messages"
        + " needs it at the step's rate)")
    String measure = DurationParser.format(CapacitySettings.DEFAULT_MEASURE);
    @Parameter(names = "--min-messages", description = "Each step's least measured messages, for a stable percentile")
    String minMessages = String.valueOf(CapacitySettings.DEFAULT_MIN_MESSAGES);
    @Parameter(names = "--confirm-factor", description = "The confirmation hold lasts this many measure lengths")
    String confirmFactor = String.valueOf(CapacitySettings.DEFAULT_CONFIRM_FACTOR);
    @Parameter(names = "--max-confirmations", description = "How many confirmation holds may fail before the"
        + " search gives up (outcome unconfirmed)")
    String maxConfirmations = String.valueOf(CapacitySettings.DEFAULT_MAX_CONFIRMATIONS);
    @Parameter(names = "--max-steps", description = "Safety cap on the number of steps")
    String maxSteps = String.valueOf(CapacitySettings.DEFAULT_MAX_STEPS);
    @Parameter(names = "--max-send-lag", description = "The generator's send-lag p99 above which it is behind its"
        + " plan: such a step is inconclusive unless KPC's service time alone breaks the SLO")
    String maxSendLag = "10ms";
    @Parameter(names = "--result-json", description = "Write the search's result as JSON to this file"
        + " (with --out it is also written there as capacity.json)")
    String resultJson;
    @Parameter(names = "--shard-worker", hidden = true, description = "Run the steps a coordinator sends on stdin"
        + " (a shard of 'capacity --shards N'; started by it)")
    boolean shardWorker;
    @ParametersDelegate
    HelpFlag help = new HelpFlag();

    private final PrintStream out;
    private final PrintStream err;

    CapacityCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public boolean helpRequested() {
        return help.help;
    }

    @Override
    public List<String> slos() {
        return slo;
    }

    int call(JCommander parsed) throws InterruptedException {
        return call(parsed, System.getenv());
    }

    int call(JCommander parsed, java.util.Map<String, String> environment) throws InterruptedException {
        refuseRatePlanFlags(parsed);
        if (!shardWorker) {
            refuseOneShardOfASearch(environment);
        }
        if (startRate == null) {
            throw new InvalidInputException("--start-rate: required: the first step's rate, like 500/s");
        }
        CapacitySettings settings = new CapacitySettings(Rate.parse(startRate, "--start-rate").perSecond(),
            number(factor, "--factor"), fraction(precision, "--precision"),
            maxRate == null ? null : Rate.parse(maxRate, "--max-rate").perSecond(),
            minRate == null ? null : Rate.parse(minRate, "--min-rate").perSecond(),
            DurationParser.parse(ramp, "--ramp", true), DurationParser.parse(settle, "--settle", true),
            DurationParser.parse(measure, "--measure"), whole(minMessages, "--min-messages"),
            number(confirmFactor, "--confirm-factor"), (int) whole(maxConfirmations, "--max-confirmations"),
            (int) whole(maxSteps, "--max-steps"));
        Profile loaded = flags.profile == null ? null : ProfileFile.load(Path.of(flags.profile));
        if (shardWorker) {
            return shard(parsed, loaded);
        }
        // the search sets each step's rate; the start rate stands in for the plan's, so that the profile's mix and
        // arrivals are read as a run's would be (its publish stages are not used)
        RunSpec spec = RunSpecReader.read(RunCommand.settings(parsed).with(Setting.RATE, startRate, "--start-rate"),
            loaded, RunIds.generate(), null);
        CapacityLauncher launcher = new CapacityLauncher(spec, settings,
            DurationParser.parse(maxSendLag, "--max-send-lag"), resultJson == null ? null : Path.of(resultJson),
            out, err);
        if (spec.shards().count() > 1 && flags.shardIndex == null) {
            String runId = spec.outputs().runId();
            launcher.sharded(i -> ShardCommandLine.of(parsed, i, runId, spec.outputs().outDir()));
        }
        return ExitCodes.of(launcher.launch(control -> StopSignals.install(control, err)));
    }

    /** A shard of a sharded search: its steps come on stdin, its measurements go out on stdout, its own words to stderr. */
    private int shard(JCommander parsed, Profile loaded) throws InterruptedException {
        RunSpec spec = RunSpecReader.read(RunCommand.settings(parsed).with(Setting.RATE, startRate, "--start-rate"),
            loaded, RunIds.generate(), null);
        RemoteSteps steps = new RemoteSteps(new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
            java.nio.charset.StandardCharsets.UTF_8)), out);
        RunSummary summary = CapacityLauncher.runShard(spec, steps, err, err, control -> StopSignals.install(control,
            err));
        return ExitCodes.of(summary.outcome());
    }

    /**
     * A search decides each step from the whole fleet's measurements, in one process that starts and steers its
     * {@code --shards N} processes itself; it cannot be one shard of a search run elsewhere. Said before anything
     * connects, because each such process would otherwise search on its own: pods 1 to N-1 of an Indexed Job would
     * each drive the whole fleet's load again (the search does not read {@code JOB_COMPLETION_INDEX}), and a
     * {@code --shard-index} would search one slice of the fleet as if it were all of it.
     */
    private void refuseOneShardOfASearch(java.util.Map<String, String> environment) {
        if (flags.shardIndex != null) {
            throw new InvalidInputException("--shard-index: a capacity search starts and steers its shards itself"
                + " (--shards N, on one machine); to load from several machines run fixed-rate shards with"
                + " 'loadgen run --shard-index I --start-at T'");
        }
        String jobIndex = environment.get("JOB_COMPLETION_INDEX");
        if (jobIndex != null && !jobIndex.strip().equals("0")) {
            throw new InvalidInputException("JOB_COMPLETION_INDEX=" + jobIndex.strip() + ": this is one pod of an"
                + " Indexed Job, and a capacity search runs in one place (it starts its --shards N processes itself):"
                + " run it in a Job of one pod, or run fixed-rate shards with 'loadgen run --start-at T'");
        }
    }

    /** The search chooses the rate: a rate plan given with it is a mistake, said at once. */
    private static void refuseRatePlanFlags(JCommander parsed) {
        for (ParameterDescription p : parsed.getParameters()) {
            String name = p.getLongestName();
            if (p.isAssigned() && (name.equals("--rate") || name.equals("--duration"))) {
                throw new InvalidInputException(name + ": a capacity search chooses the rate itself; use --start-rate"
                    + " (and --max-rate) instead");
            }
        }
    }

    private static double number(String text, String flag) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(flag + ": expected a number, got '" + text + "'");
        }
    }

    /** {@code 3%} or {@code 0.03}. */
    private static double fraction(String text, String flag) {
        String t = text.strip();
        return t.endsWith("%") ? number(t.substring(0, t.length() - 1), flag) / 100 : number(t, flag);
    }

    private static long whole(String text, String flag) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(flag + ": expected a whole number, got '" + text + "'");
        }
    }
}
