package dev.kpcload.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code loadgen report compare} on real runs: a run against itself is no regression; a run against a simulator that
 * holds every reply is one (exit code 99), with the HTML page and the JSON written.
 */
class ReportCompareTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The slower simulator's reply delay. Far above what the fast run's own p50 can reach on a busy 2-core machine
     * (measured: 0.1 ms when quiet, 20 to 400 ms for a cold JVM while other builds take both cores), so that the
     * regression found is the simulator's alone; the tolerance's sensitivity is the unit tests' to show.
     */
    private static final String DELAY = "200ms";

    @TempDir
    Path dir;

    private Path run(Path tokens, String name, String delay) {
        Path out = dir.resolve(name);
        CliHarness run = CliHarness.run("run", "--tokens", tokens.toString(), "--rate", "200/s", "--duration", "3s",
            "--seed", "3", "--report-interval", "1s", "--sim-response-delay", delay, "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertTrue(run.out().contains("600 scheduled = 600 confirmed"), run.out());
        return out;
    }

    @Test
    void aRunAgainstItselfIsNoRegressionAndAgainstASlowerSimulatorIsOne() throws Exception {
        Path tokens = dir.resolve("tokens.csv");
        assertEquals(0, CliHarness.run("tokens", "--count", "20", "--seed", "5", "--out", tokens.toString())
            .exitCode());
        // the slow run first: it takes the JVM's cold start, which can only make it slower still
        Path slow = run(tokens, "slow", DELAY);
        Path fast = run(tokens, "fast", "0s");

        Path selfJson = dir.resolve("self.json");
        CliHarness self = CliHarness.run("report", "compare", fast.toString(), fast.toString(), "--json",
            selfJson.toString());
        assertEquals(ExitCodes.OK, self.exitCode(), self.err() + self.out());
        assertTrue(self.out().contains("interval log " + fast.resolve("run.hlog")), self.out());
        assertFalse(self.out().contains("warning"), self.out());
        assertTrue(self.out().lines().anyMatch(l -> l.startsWith("verdict  SAME: 0 worse")), self.out());
        JsonNode same = JSON.readTree(selfJson.toFile());
        assertFalse(same.get("regression").asBoolean());
        assertEquals(0, same.get("counts").get("BETTER").asInt());

        Path report = dir.resolve("report");
        CliHarness slower = CliHarness.run("report", "compare", fast.toString(), slow.toString(), "--out",
            report.toString());
        assertEquals(ExitCodes.REGRESSION, slower.exitCode(), slower.err() + slower.out());
        assertEquals(99, ExitCodes.REGRESSION);
        assertFalse(slower.out().contains("warning  not like for like"), "the same plan: " + slower.out());
        assertTrue(slower.out().lines().anyMatch(l -> l.matches("  status p50 .*  WORSE")), slower.out());
        assertTrue(slower.out().lines().anyMatch(l -> l.matches("  service p50 .*  WORSE")), slower.out());
        JsonNode worse = JSON.readTree(report.resolve("compare.json").toFile());
        assertTrue(worse.get("regression").asBoolean());
        JsonNode status = latency(worse, "status");
        assertEquals("INTERVAL_LOG", status.get("source").asText());
        assertTrue(status.get("new").get("p50").asDouble() >= 200, "the held replies: " + status);
        assertEquals("WORSE", status.get("items").get(0).get("verdict").asText());
        String html = Files.readString(report.resolve("compare.html"));
        assertTrue(html.contains(">NEW status</text>") && html.contains(">BASE status</text>"), "overlaid chart");
        assertTrue(html.contains("<span class=\"badge bad\">WORSE</span>"));
        assertTrue(slower.out().contains("written: " + report.resolve("compare.html")), slower.out());

        // summaries alone (no run.hlog beside them): compared on their percentiles, found worse all the same
        Path baseJson = Files.copy(fast.resolve("summary.json"), dir.resolve("base.json"));
        Path newJson = Files.copy(slow.resolve("summary.json"), dir.resolve("new.json"));
        CliHarness summaries = CliHarness.run("report", "compare", baseJson.toString(), newJson.toString());
        assertEquals(ExitCodes.REGRESSION, summaries.exitCode(), summaries.err() + summaries.out());
        assertTrue(summaries.out().contains("from the summaries (neither run has an interval log)"), summaries.out());

        // a tolerance wide enough lets it pass, and the max can be judged
        CliHarness lenient = CliHarness.run("report", "compare", fast.toString(), slow.toString(), "--tolerance",
            "1000000%", "--judge-max");
        assertEquals(ExitCodes.OK, lenient.exitCode(), lenient.out());
        assertTrue(lenient.out().contains("p50, p99, p99.9 and max judged"), lenient.out());
    }

    @Test
    void badInputIsOneLineWithExitCode2() throws Exception {
        Path missing = dir.resolve("missing");
        CliHarness none = CliHarness.run("report", "compare", missing.toString(), dir.toString());
        assertEquals(ExitCodes.BAD_INPUT, none.exitCode());
        assertEquals(1, none.errLines().size(), none.err());
        assertEquals("loadgen report: BASE " + missing + ": no such file or directory (expected a run's --out folder"
            + " or its summary JSON)", none.errLines().get(0));

        CliHarness folder = CliHarness.run("report", "compare", dir.toString(), dir.toString());
        assertEquals(ExitCodes.BAD_INPUT, folder.exitCode());
        assertTrue(folder.err().contains("BASE " + dir + ": no summary.json in this folder"), folder.err());

        CliHarness one = CliHarness.run("report", "compare", dir.toString());
        assertEquals(ExitCodes.BAD_INPUT, one.exitCode());
        assertTrue(one.err().contains("expected 'compare BASE NEW'"), one.err());

        CliHarness tolerance = CliHarness.run("report", "compare", "a", "b", "--tolerance", "ten");
        assertEquals(ExitCodes.BAD_INPUT, tolerance.exitCode());
        assertTrue(tolerance.err().contains("--tolerance: expected a percentage such as 10%"), tolerance.err());

        CliHarness misplaced = CliHarness.run("report", "html", dir.toString(), "--tolerance", "5%");
        assertEquals(ExitCodes.BAD_INPUT, misplaced.exitCode());
        assertTrue(misplaced.err().contains("--tolerance: only for 'report compare', not for 'html'"), misplaced.err());
    }

    private static JsonNode latency(JsonNode root, String tag) {
        for (JsonNode l : root.get("latencies")) {
            if (l.get("latency").asText().equals(tag)) {
                return l;
            }
        }
        throw new AssertionError("no latency " + tag + " in " + root);
    }
}
