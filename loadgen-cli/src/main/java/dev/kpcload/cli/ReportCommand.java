package dev.kpcload.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import dev.kpcload.InvalidInputException;
import dev.kpcload.metrics.HlogMerge;
import dev.kpcload.metrics.LatencyStats;
import dev.kpcload.run.RunOutputs;
import dev.kpcload.run.RunRebuild;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code loadgen report merge OUT IN...}: one exact distribution from the interval logs of several shards;
 * {@code loadgen report html DIR}: the summary and report of an {@code --out} folder, rebuilt (a killed run's from its
 * journal); {@code loadgen report compare BASE NEW}: two runs side by side, judged (see {@link CompareFlags}).
 */
@Parameters(commandDescription = "merge OUT IN...: merge the .hlog interval logs of several shards into OUT; "
    + "merge --out DIR SHARD...: one fleet summary and SLO verdict of a sharded run's --out folders; "
    + "html DIR: rebuild summary.json and report.html of an --out folder (a run that was killed: from its journal); "
    + "compare BASE NEW: two runs' outputs side by side, exit code 99 when NEW is worse beyond --tolerance")
final class ReportCommand implements Main.HasHelp {

    @Parameter(description = "merge OUT IN... | merge --out DIR SHARD... | html DIR | compare BASE NEW")
    List<String> words = new ArrayList<>();
    @ParametersDelegate
    CompareFlags compare = new CompareFlags();
    @ParametersDelegate
    HelpFlag help = new HelpFlag();
    @ParametersDelegate
    MergeFlags merge = new MergeFlags();

    private final PrintStream out;

    ReportCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public boolean helpRequested() {
        return help.help;
    }

    int call() {
        if (!words.isEmpty() && "compare".equals(words.get(0))) {
            if (!merge.slo.isEmpty() || merge.junit != null) {
                throw new InvalidInputException((merge.junit != null ? "--junit" : "--slo")
                    + ": only for 'report merge', not for 'compare'");
            }
            compare.out = merge.out;
            return compare.call(words.subList(1, words.size()), out);
        }
        compare.refuseOutside(words.isEmpty() ? "" : words.get(0));
        if (words.size() == 2 && "html".equals(words.get(0))) {
            return html(Path.of(words.get(1)));
        }
        if (!words.isEmpty() && "merge".equals(words.get(0))
            && FleetMerge.wanted(merge, words.subList(1, words.size()))) {
            return new FleetMerge(out).call(merge, words.subList(1, words.size()));
        }
        if (words.size() < 3 || !"merge".equals(words.get(0))) {
            throw new InvalidInputException("expected 'merge OUT IN...' with at least one input log, 'html DIR' or"
                + " 'compare BASE NEW', got '" + String.join(" ", words) + "'");
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

    private int html(Path dir) {
        RunRebuild.Result result = RunRebuild.rebuild(dir);
        var m = result.summary().messages();
        if (result.fromJournal()) {
            out.printf(Locale.ROOT, "%s: the run did not finish; rebuilt from its journal's %d whole intervals%n", dir,
                result.intervals());
        }
        out.printf(Locale.ROOT, "%s: %s, %d scheduled = %d confirmed + %d failed + %d timed out + %d dropped + %d in"
                + " flight (%s)%n", dir, result.summary().outcome().tag(), m.scheduled(), m.confirmed(), m.failed(),
            m.timedOut(), m.dropped(), m.inFlight(), m.balanced() ? "balanced" : "NOT BALANCED");
        out.println("written: " + dir.resolve(RunOutputs.SUMMARY_FILE) + ", " + dir.resolve(RunOutputs.REPORT_FILE));
        return ExitCodes.OK;
    }
}
