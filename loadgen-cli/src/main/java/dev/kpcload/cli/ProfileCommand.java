package dev.kpcload.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import dev.kpcload.InvalidInputException;
import dev.kpcload.fleet.FleetBuilder;
import dev.kpcload.fleet.TokenFile;
import dev.kpcload.profile.Profile;
import dev.kpcload.profile.ProfileFile;
import dev.kpcload.run.PlanPrinter;
import dev.kpcload.run.RunSpec;
import dev.kpcload.run.RunSpecReader;
import dev.kpcload.run.Setting;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code loadgen profile FILE}: the compiled plan of a profile, without connecting anything. */
@Parameters(commandDescription = "Print the compiled plan of a load profile (stages, messages per kind, connects) without connecting")
final class ProfileCommand implements Main.HasHelp {

    @Parameter(description = "FILE")
    List<String> files;
    @Parameter(names = "--time-scale", description = "Divide every duration of the profile by this (rates kept)")
    String timeScale = Setting.TIME_SCALE.defaultText();
    @Parameter(names = "--tokens", description = "Token file (default: the profile's)")
    String tokens;
    @Parameter(names = "--devices", description = "Use the first N tokens")
    String devices;
    @Parameter(names = "--rate", description = "Override the profile's message plan with this constant rate")
    String rate;
    @Parameter(names = "--duration", description = "With --rate: how long")
    String duration;
    @Parameter(names = "--connect-rate", description = "Override the profile's connect plan")
    String connectRate;
    @Parameter(names = "--shards", description = "Shards the run will be split over")
    String shards = Setting.SHARDS.defaultText();
    @ParametersDelegate
    HelpFlag help = new HelpFlag();

    private final PrintStream out;

    ProfileCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public boolean helpRequested() {
        return help.help;
    }

    int call(JCommander parsed) {
        if (files == null || files.size() != 1) {
            throw new InvalidInputException("expected one profile file, like loadgen profile profiles/soak.yaml");
        }
        Profile profile = ProfileFile.load(Path.of(files.get(0)));
        RunSpec spec = RunSpecReader.read(RunCommand.settings(parsed), profile, "plan", null);
        int count = FleetBuilder.build(TokenFile.load(spec.tokens()), spec.fleet()).size();
        PlanPrinter.print(spec, count, out);
        return ExitCodes.OK;
    }
}
