package dev.kpcload.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import dev.kpcload.InvalidInputException;
import dev.kpcload.metrics.HlogMerge;
import dev.kpcload.metrics.LatencyStats;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code loadgen report merge OUT IN...}: one exact distribution from the interval logs of several shards. */
@Parameters(commandDescription = "merge OUT IN...: merge the .hlog interval logs of several shards into OUT")
final class ReportCommand implements Main.HasHelp {

    @Parameter(description = "merge OUT IN...")
    List<String> words = new ArrayList<>();
    @ParametersDelegate
    HelpFlag help = new HelpFlag();

    private final PrintStream out;

    ReportCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public boolean helpRequested() {
        return help.help;
    }

    int call() {
        if (words.size() < 3 || !"merge".equals(words.get(0))) {
            throw new InvalidInputException("expected 'merge OUT IN...' with at least one input log, got '"
                + String.join(" ", words) + "'");
        }
        Path output = Path.of(words.get(1));
        List<Path> inputs = words.subList(2, words.size()).stream().map(Path::of).toList();
        if (inputs.contains(output)) {
            throw new InvalidInputException("merge: OUT " + output + " is also an input");
        }
        Map<String, Histogram> totals = HlogMerge.merge(inputs, output);
        out.printf("merged %d logs into %s%n", inputs.size(), output);
        out.printf(Locale.ROOT, "%-12s %12s %10s %10s %10s %10s %10s%n", "tag (ms)", "count", "p50", "p90", "p99",
            "p99.9", "max");
        totals.forEach((tag, h) -> {
            LatencyStats s = LatencyStats.of(h);
            out.printf(Locale.ROOT, "%-12s %12d %10.3f %10.3f %10.3f %10.3f %10.3f%n", tag, s.count(), s.p50(),
                s.p90(), s.p99(), s.p999(), s.max());
        });
        return ExitCodes.OK;
    }
}
