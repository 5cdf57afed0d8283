package dev.kpcload.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.ParameterDescription;
import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import dev.kpcload.Sourced;
import dev.kpcload.profile.Profile;
import dev.kpcload.profile.ProfileFile;
import dev.kpcload.result.RunSummary;
import dev.kpcload.run.RunLauncher;
import dev.kpcload.run.RunSpec;
import dev.kpcload.run.RunSpecReader;
import dev.kpcload.run.Setting;
import dev.kpcload.run.Settings;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code loadgen run}: the flags of a run, turned into {@link Settings}; core checks and runs them. */
@Parameters(commandDescription = "Drive a fleet of virtual smart meters over 1/KP at an aggregate rate")
final class RunCommand implements Main.HasHelp, HasSlos {

    @ParametersDelegate
    RunFlags flags = new RunFlags();
    @Parameter(names = "--slo", description = "A service level objective, repeatable: 'p99(status) < 250ms', "
        + "'p99.9(status{kind=dcx-json}) < 1s for 30s abort', 'error_ratio < 0.1%' (replaces the profile's slo list;"
        + " exit code 99 when one is broken, 98 when one aborted the run)")
    List<String> slo = new ArrayList<>();
    @Parameter(names = "--junit", description = "Write the SLO verdict to this file as JUnit XML, for CI")
    String junit;
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

    @Override
    public List<String> slos() {
        return slo;
    }

    /** @param parsed this command's parser, which knows which flags were given */
    int call(JCommander parsed) throws InterruptedException {
        RunSpec spec = spec(parsed, System.getenv());
        RunSummary summary = new RunLauncher(spec, out, err).launch(control -> StopSignals.install(control, err));
        return ExitCodes.of(summary);
    }

    /**
     * The run this command line and environment make, checked (the profile read, nothing connected): what
     * {@link #call} launches, and what a test of the Kubernetes Job's command line checks.
     */
    RunSpec spec(JCommander parsed, java.util.Map<String, String> environment) {
        Profile loaded = flags.profile == null ? null : ProfileFile.load(Path.of(flags.profile));
        return RunSpecReader.read(settings(parsed), loaded, RunIds.generate(), shardFromEnvironment(environment));
    }

    /** The flags given on the command line (not their defaults: a profile's value wins over a default). */
    static Settings settings(JCommander parsed) {
        Settings settings = Settings.empty();
        for (ParameterDescription p : parsed.getParameters()) {
            String name = p.getLongestName();
            Setting setting = Setting.byKey(name.substring(2));
            if (setting != null && p.isAssigned()) {
                Object value = p.getParameterized().get(p.getObject());
                settings = settings.with(setting, String.valueOf(value), name);
            }
        }
        List<?> slos = parsed.getObjects().get(0) instanceof HasSlos command ? command.slos() : List.of();
        return settings.withSlos(slos.stream().map(e -> Sourced.of(String.valueOf(e), "--slo")).toList());
    }

    private static Sourced<String> shardFromEnvironment(java.util.Map<String, String> environment) {
        String fromJob = environment.get("JOB_COMPLETION_INDEX");
        return fromJob == null ? null : Sourced.of(fromJob, "JOB_COMPLETION_INDEX");
    }
}
