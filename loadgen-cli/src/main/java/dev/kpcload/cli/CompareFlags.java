package dev.kpcload.cli;

import com.beust.jcommander.Parameter;
import dev.kpcload.InvalidInputException;
import dev.kpcload.compare.ComparedRun;
import dev.kpcload.compare.Comparison;
import dev.kpcload.compare.ComparisonJson;
import dev.kpcload.compare.ComparisonPrinter;
import dev.kpcload.compare.RunOutputsReader;
import dev.kpcload.compare.Tolerance;
import dev.kpcload.report.CompareReport;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code loadgen report compare BASE NEW} and its flags, kept apart from {@link ReportCommand}'s own so that each
 * word's flags stay readable. Parsing only: the comparison is {@link Comparison}'s.
 */
final class CompareFlags {

    static final String HTML_FILE = "compare.html";
    static final String JSON_FILE = "compare.json";

    @Parameter(names = "--tolerance", description = "compare: how much worse NEW may be than BASE before it is WORSE"
        + " (default 10%; a fraction such as 0.1 works too)")
    String tolerance;
    @Parameter(names = "--min-latency-change", description = "compare: a latency difference below this is never a"
        + " change (default 1ms)")
    String minLatencyChange;
    @Parameter(names = "--min-ratio-change", description = "compare: a ratio difference below this is never a change,"
        + " in absolute terms (default 0.01%, one in 10,000)")
    String minRatioChange;
    @Parameter(names = "--judge-max", description = "compare: judge each latency's max too (by default shown only)")
    boolean judgeMax;
    @Parameter(names = "--base-hlog", description = "compare: BASE's interval log (default: run.hlog beside its"
        + " summary, if there)")
    String baseHlog;
    @Parameter(names = "--new-hlog", description = "compare: NEW's interval log (default: run.hlog beside its"
        + " summary, if there)")
    String newHlog;
    @Parameter(names = "--html", description = "compare: write the comparison as a self-contained HTML page")
    String html;
    @Parameter(names = "--json", description = "compare: write the comparison as JSON")
    String json;
    /** {@code --out}: declared once for every word of {@code report} (see {@link MergeFlags}), set before {@link #call}. */
    String out;

    /** Refuses compare's flags on another word, rather than ignoring them. */
    void refuseOutside(String word) {
        String given = tolerance != null ? "--tolerance" : minLatencyChange != null ? "--min-latency-change"
            : minRatioChange != null ? "--min-ratio-change" : judgeMax ? "--judge-max" : baseHlog != null
            ? "--base-hlog" : newHlog != null ? "--new-hlog" : html != null ? "--html" : json != null ? "--json"
            : null;
        if (given != null) {
            throw new InvalidInputException(given + ": only for 'report compare', not for '" + word + "'");
        }
    }

    /** @return {@link ExitCodes#REGRESSION} when NEW is worse than BASE on a judged item, else OK */
    int call(List<String> runs, PrintStream console) {
        if (runs.size() != 2) {
            throw new InvalidInputException("compare: expected 'compare BASE NEW' (two runs' --out folders or summary"
                + " JSON files), got " + runs.size() + " argument" + (runs.size() == 1 ? "" : "s")
                + (runs.isEmpty() ? "" : " '" + String.join(" ", runs) + "'"));
        }
        Tolerance rule = Tolerance.parse(tolerance == null ? "10%" : tolerance,
            minLatencyChange == null ? "1ms" : minLatencyChange, minRatioChange == null ? "0.01%" : minRatioChange);
        ComparedRun base = RunOutputsReader.read(Path.of(runs.get(0)), path(baseHlog), "BASE", "--base-hlog");
        ComparedRun next = RunOutputsReader.read(Path.of(runs.get(1)), path(newHlog), "NEW", "--new-hlog");
        Comparison comparison = Comparison.of(base, next, rule, judgeMax);
        ComparisonPrinter.print(comparison, console);
        Path htmlFile = html != null ? Path.of(html) : out != null ? Path.of(out).resolve(HTML_FILE) : null;
        Path jsonFile = json != null ? Path.of(json) : out != null ? Path.of(out).resolve(JSON_FILE) : null;
        if (htmlFile != null) {
            CompareReport.write(comparison, base, next, htmlFile);
            console.println("written: " + htmlFile);
        }
        if (jsonFile != null) {
            ComparisonJson.write(comparison, jsonFile);
            console.println("written: " + jsonFile);
        }
        return comparison.regression() ? ExitCodes.REGRESSION : ExitCodes.OK;
    }

    private static Path path(String text) {
        return text == null ? null : Path.of(text);
    }
}
