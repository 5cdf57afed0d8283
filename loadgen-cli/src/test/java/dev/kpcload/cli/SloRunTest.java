package dev.kpcload.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code loadgen run} with SLOs, end to end through the command line against the embedded simulator: the verdict in
 * the console, the summary JSON, the HTML report and JUnit XML, and the exit codes 0, 99 and 98.
 */
class SloRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path tokens(int count) {
        Path file = dir.resolve("tokens.csv");
        assertEquals(0, CliHarness.run("tokens", "--count", String.valueOf(count), "--seed", "9", "--out",
            file.toString()).exitCode());
        return file;
    }

    private static List<String> args(Path tokens, String rate, String duration, String... more) {
        List<String> args = new ArrayList<>(List.of("run", "--tokens", tokens.toString(), "--rate", rate,
            "--duration", duration, "--report-interval", "1s", "--seed", "4"));
        args.addAll(List.of(more));
        return args;
    }

    private static CliHarness run(List<String> args) {
        return CliHarness.run(args.toArray(String[]::new));
    }

    /** The verdict's result for one SLO, by its text. */
    private static JsonNode result(JsonNode verdict, String slo) {
        for (JsonNode r : verdict.get("results")) {
            if (r.get("slo").asText().equals(slo)) {
                return r;
            }
        }
        throw new AssertionError("no result for '" + slo + "' in " + verdict);
    }

    private static void assertBalanced(JsonNode m) {
        assertEquals(m.get("scheduled").asLong(), m.get("confirmed").asLong() + m.get("failed").asLong()
            + m.get("timedOut").asLong() + m.get("dropped").asLong() + m.get("inFlight").asLong(), m.toString());
    }

    /** The console table's row of an SLO: its text, then its verdict. */
    private static void assertRow(String out, String slo, String verdict) {
        Pattern row = Pattern.compile("^\\s+" + Pattern.quote(slo) + "\\s+" + verdict + "\\s.*$", Pattern.MULTILINE);
        assertTrue(row.matcher(out).find(), "no row '" + slo + "' " + verdict + " in\n" + out);
    }

    private static Document xml(Path file) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(file.toFile());
    }

    /** The JUnit test cases by name, in order. */
    private static List<Element> testcases(Document junit) {
        NodeList cases = junit.getElementsByTagName("testcase");
        List<Element> list = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            list.add((Element) cases.item(i));
        }
        return list;
    }

    @Test
    void slosThatHoldExitZeroWithTheVerdictInTheConsoleTheJsonTheReportAndJUnit() throws Exception {
        List<String> slos = List.of("p99(status) < 5s", "max(status) < 10s", "error_ratio < 1%",
            "timeout_ratio < 1%", "connect_success_ratio >= 99%", "achieved_ratio >= 90%",
            "p99(status) < 5s for 2s");
        Path out = dir.resolve("out");
        Path junit = dir.resolve("junit.xml");
        List<String> args = args(tokens(30), "200/s", "3s", "--out", out.toString(), "--junit", junit.toString());
        slos.forEach(s -> args.addAll(List.of("--slo", s)));
        CliHarness result = run(args);
        assertEquals(0, result.exitCode(), result.err() + result.out());

        assertTrue(result.out().contains("slo: 7 objectives: " + String.join("; ", slos)), result.out());
        slos.forEach(s -> assertRow(result.out(), s, "PASS"));
        assertTrue(result.out().contains("every SLO met (7)"), result.out());

        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertEquals("completed", summary.get("outcome").asText());
        JsonNode verdict = summary.get("slo");
        assertTrue(verdict.get("passed").asBoolean(), verdict.toString());
        assertTrue(verdict.get("abortedBy").isNull(), verdict.toString());
        assertEquals(slos.size(), verdict.get("results").size());
        for (String s : slos) {
            JsonNode r = result(verdict, s);
            assertEquals("pass", r.get("outcome").asText(), r.toString());
            assertEquals("--slo", r.get("where").asText());
            assertTrue(r.get("firstBrokenAtSeconds").isNull(), r.toString());
            assertFalse(r.get("aborted").asBoolean());
        }
        // the whole-run latency SLO judges the run's own distribution: the summary's p99, exactly
        JsonNode p99 = result(verdict, "p99(status) < 5s");
        assertEquals("ms", p99.get("unit").asText());
        assertEquals(5000.0, p99.get("threshold").asDouble(), 1e-9);
        assertEquals(summary.get("latencies").get("status").get("p99").asDouble(), p99.get("value").asDouble(), 1e-9);
        JsonNode errors = result(verdict, "error_ratio < 1%");
        assertEquals("ratio", errors.get("unit").asText());
        assertEquals(0.01, errors.get("threshold").asDouble(), 1e-12);
        assertEquals(0.0, errors.get("value").asDouble(), "no errors against the simulator");
        assertEquals(1.0, result(verdict, "connect_success_ratio >= 99%").get("value").asDouble());
        assertEquals(2.0, result(verdict, "p99(status) < 5s for 2s").get("sustainedSeconds").asDouble());

        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("Service level objectives"), "no SLO section in report.html");
        assertTrue(html.contains("Every SLO was met."), "no verdict in report.html");
        for (String s : slos) {
            String escaped = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
            assertTrue(html.contains("<code>" + escaped + "</code>"), s + " not in report.html");
        }

        Document xml = xml(junit);
        assertEquals("7", xml.getDocumentElement().getAttribute("tests"));
        assertEquals("0", xml.getDocumentElement().getAttribute("failures"));
        assertEquals(slos, testcases(xml).stream().map(e -> e.getAttribute("name")).toList());
        assertEquals(0, xml.getElementsByTagName("failure").getLength());
    }

    @Test
    void anSloBrokenByASlowServerExitsWith99AndSaysSoInTheJsonAndJUnit() throws Exception {
        String broken = "p99(status) < 5ms";
        String holding = "p99(status) < 10s";
        Path json = dir.resolve("summary.json");
        Path junit = dir.resolve("ci/junit.xml");
        CliHarness result = run(args(tokens(30), "200/s", "2s", "--sim-response-delay", "20ms",
            "--slo", broken, "--slo", holding, "--json-out", json.toString(), "--junit", junit.toString()));
        assertEquals(99, result.exitCode(), result.err() + result.out());
        assertRow(result.out(), broken, "FAIL");
        assertRow(result.out(), holding, "PASS");
        assertTrue(result.out().contains("1 of 2 SLOs broken"), result.out());
        assertTrue(result.out().contains("SLO verdict written to " + junit + " (JUnit XML)"), result.out());

        JsonNode summary = JSON.readTree(json.toFile());
        assertEquals("completed", summary.get("outcome").asText(), "broken, not aborted: the run went on");
        assertBalanced(summary.get("messages"));
        JsonNode verdict = summary.get("slo");
        assertFalse(verdict.get("passed").asBoolean(), verdict.toString());
        JsonNode r = result(verdict, broken);
        assertEquals("fail", r.get("outcome").asText());
        // every reply waited 20 ms in the simulator: no p99 can beat that
        assertTrue(r.get("value").asDouble() >= 20.0, r.toString());
        assertTrue(r.get("margin").asText().startsWith("+"), r.toString());
        assertNotNull(r.get("firstBrokenAtSeconds").numberValue(), "when the run so far first broke it: " + r);
        assertEquals("pass", result(verdict, holding).get("outcome").asText());

        Document xml = xml(junit);
        assertEquals("2", xml.getDocumentElement().getAttribute("tests"));
        assertEquals("1", xml.getDocumentElement().getAttribute("failures"));
        List<Element> cases = testcases(xml);
        assertEquals(List.of(broken, holding), cases.stream().map(e -> e.getAttribute("name")).toList());
        NodeList failure = cases.get(0).getElementsByTagName("failure");
        assertEquals(1, failure.getLength());
        Element f = (Element) failure.item(0);
        assertEquals("slo_broken", f.getAttribute("type"));
        assertTrue(f.getAttribute("message").startsWith("measured " + r.get("measured").asText()), f.getAttribute("message"));
        assertEquals(0, cases.get(1).getElementsByTagName("failure").getLength());
    }

    @Test
    void anAbortSloStopsTheRunEarlyWithASummaryAndExit98() throws Exception {
        String slo = "p99(status) < 5ms for 2s abort";
        Path json = dir.resolve("summary.json");
        Path junit = dir.resolve("junit.xml");
        Path tokens = tokens(30);
        // a 60 s plan: only the abort ends it early; bounded so that a run the abort misses fails, not hangs
        CliHarness result = assertTimeoutPreemptively(Duration.ofSeconds(45), () -> run(args(tokens, "200/s", "60s",
            "--sim-response-delay", "20ms", "--slo", slo, "--json-out", json.toString(),
            "--junit", junit.toString())));
        assertEquals(98, result.exitCode(), result.err() + result.out());
        assertEquals(1, result.errLines().size(), result.err());
        assertTrue(Pattern.matches("loadgen run: SLO '" + Pattern.quote(slo) + "' \\(--slo\\) broken at \\d+\\.\\d s:"
            + " aborting the run, as its 'abort' asks", result.errLines().get(0)), result.err());
        assertTrue(result.out().contains("== kpc-loadgen summary: aborted =="), result.out());
        assertTrue(result.out().contains("the run was aborted by '" + slo + "'"), result.out());

        JsonNode summary = JSON.readTree(json.toFile());
        assertEquals("aborted", summary.get("outcome").asText());
        double publishSeconds = summary.get("rates").get("publishSeconds").asDouble();
        assertTrue(publishSeconds > 0 && publishSeconds < 20, "stopped early: published for " + publishSeconds + " s");
        assertBalanced(summary.get("messages"));
        assertTrue(summary.get("messages").get("confirmed").asLong() > 0);
        JsonNode verdict = summary.get("slo");
        assertFalse(verdict.get("passed").asBoolean());
        assertEquals(slo, verdict.get("abortedBy").asText());
        JsonNode r = result(verdict, slo);
        assertEquals("fail", r.get("outcome").asText());
        assertTrue(r.get("abort").asBoolean());
        assertTrue(r.get("aborted").asBoolean());
        double brokenAt = r.get("firstBrokenAtSeconds").asDouble(-1);
        assertTrue(brokenAt >= 0 && brokenAt < summary.get("other").get("elapsedSeconds").asDouble(), r.toString());
        assertTrue(r.get("value").asDouble() >= 20.0, r.toString());

        Element failure = (Element) xml(junit).getElementsByTagName("failure").item(0);
        assertNotNull(failure);
        assertEquals("slo_aborted", failure.getAttribute("type"));
    }

    @Test
    void aPerKindSloOfAMixJudgesThatKindsOwnLatencies() throws Exception {
        Path profile = dir.resolve("mix.yaml");
        tokens(40);
        Files.writeString(profile, String.join("\n",
            "tokens: tokens.csv",
            "publish:",
            "  rate: 300/s",
            "  duration: 2s",
            "  mix:",
            "    - {kind: epmx-update-keys, weight: 1}",
            "    - {kind: dcx-json, weight: 2, samples: 1..3}",
            "report-interval: 1s",
            "slo:",
            "  - p99(status{kind=dcx-json}) < 5s",
            "  - 'max(service{kind=\"epmx-update-keys\"}) < 5s'",
            "  - error_ratio{kind=dcx-json} < 1%",
            "  - achieved_ratio{kind=dcx-json} >= 90%",
            "  - p99(status{kind=epmx-update-keys}) < 5s for 1s",
            ""));
        Path json = dir.resolve("summary.json");
        CliHarness result = CliHarness.run("run", "--profile", profile.toString(), "--seed", "4",
            "--json-out", json.toString());
        assertEquals(0, result.exitCode(), result.err() + result.out());
        JsonNode summary = JSON.readTree(json.toFile());
        JsonNode verdict = summary.get("slo");
        assertTrue(verdict.get("passed").asBoolean(), verdict.toString());
        assertEquals(5, verdict.get("results").size());
        JsonNode dcx = summary.get("byKind").get("dcx-json");
        JsonNode keys = summary.get("byKind").get("epmx-update-keys");
        // each judged on its own kind's distribution and books, not the whole run's
        assertEquals(dcx.get("latencies").get("status").get("p99").asDouble(),
            result(verdict, "p99(status{kind=dcx-json}) < 5s").get("value").asDouble(), 1e-9);
        assertEquals(keys.get("latencies").get("service").get("max").asDouble(),
            result(verdict, "max(service{kind=\"epmx-update-keys\"}) < 5s").get("value").asDouble(), 1e-9);
        double achieved = result(verdict, "achieved_ratio{kind=dcx-json} >= 90%").get("value").asDouble();
        double planned = summary.get("rates").get("target").asDouble()
            * summary.get("rates").get("publishSeconds").asDouble() * 2 / 3;
        assertEquals(dcx.get("messages").get("sent").asDouble() / planned, achieved, 1e-9);
        assertEquals(profile + ":10:5", result(verdict, "p99(status{kind=dcx-json}) < 5s").get("where").asText());
        assertEquals(profile + ":11:6",
            result(verdict, "max(service{kind=\"epmx-update-keys\"}) < 5s").get("where").asText(),
            "a quoted objective's place is of its first character");
    }

    @Test
    void aProfilesSlosAreJudgedAndSloOnTheCommandLineReplacesThem() throws Exception {
        tokens(20);
        Path profile = dir.resolve("p.yaml");
        // no status reply comes back within a microsecond: the profile's list fails on its own
        Files.writeString(profile, String.join("\n",
            "tokens: tokens.csv",
            "publish: {rate: 100/s, duration: 2s}",
            "report-interval: 1s",
            "slo:",
            "  - error_ratio < 1%",
            "  - \"p99(status) < 1us\"",
            ""));
        Path json = dir.resolve("profile.json");
        CliHarness fromProfile = CliHarness.run("run", "--profile", profile.toString(), "--json-out", json.toString());
        assertEquals(99, fromProfile.exitCode(), fromProfile.err() + fromProfile.out());
        JsonNode verdict = JSON.readTree(json.toFile()).get("slo");
        assertEquals(2, verdict.get("results").size());
        assertEquals("pass", result(verdict, "error_ratio < 1%").get("outcome").asText());
        assertEquals(profile + ":5:5", result(verdict, "error_ratio < 1%").get("where").asText());
        assertEquals("fail", result(verdict, "p99(status) < 1us").get("outcome").asText());
        assertEquals(profile + ":6:6", result(verdict, "p99(status) < 1us").get("where").asText());

        Path replaced = dir.resolve("replaced.json");
        CliHarness withFlag = CliHarness.run("run", "--profile", profile.toString(), "--slo", "p99(status) < 10s",
            "--json-out", replaced.toString());
        assertEquals(0, withFlag.exitCode(), withFlag.err() + withFlag.out());
        assertTrue(withFlag.out().contains("slo: 1 objective: p99(status) < 10s"), withFlag.out());
        JsonNode only = JSON.readTree(replaced.toFile()).get("slo");
        assertTrue(only.get("passed").asBoolean(), only.toString());
        assertEquals(1, only.get("results").size(), "the flag's list replaces the profile's whole: " + only);
        assertEquals("--slo", only.get("results").get(0).get("where").asText());
    }

    @Test
    void anSloWithNothingToJudgeFailsAsNoData() throws Exception {
        tokens(20);
        Path profile = dir.resolve("none.yaml");
        // no message plan: the metadata reports on CONNACK are not plan messages, so no status latency is measured
        Files.writeString(profile, String.join("\n",
            "tokens: tokens.csv",
            "publish: none",
            "grace: 0s",
            "slo:",
            "  - p99(status) < 1s",
            "  - connect_success_ratio >= 99%",
            ""));
        Path json = dir.resolve("summary.json");
        Path junit = dir.resolve("junit.xml");
        CliHarness result = CliHarness.run("run", "--profile", profile.toString(), "--json-out", json.toString(),
            "--junit", junit.toString());
        assertEquals(99, result.exitCode(), result.err() + result.out());
        assertRow(result.out(), "p99(status) < 1s", "NO_DATA");
        assertRow(result.out(), "connect_success_ratio >= 99%", "PASS");
        JsonNode verdict = JSON.readTree(json.toFile()).get("slo");
        assertFalse(verdict.get("passed").asBoolean());
        JsonNode r = result(verdict, "p99(status) < 1s");
        assertEquals("no_data", r.get("outcome").asText());
        assertTrue(r.get("value").isNull(), r.toString());
        assertEquals(1.0, result(verdict, "connect_success_ratio >= 99%").get("value").asDouble());
        Element failure = (Element) xml(junit).getElementsByTagName("failure").item(0);
        assertNotNull(failure);
        assertTrue(failure.getAttribute("message").startsWith("no data: "), failure.getAttribute("message"));
    }

    // --- refused before anything connects: exit 2, one line, nothing printed on stdout

    /** @param expected the line on stderr, or its start */
    private static void assertRefused(CliHarness result, String expected) {
        assertEquals(2, result.exitCode(), result.err() + result.out());
        assertEquals(1, result.errLines().size(), "one line: " + result.err());
        assertTrue(result.errLines().get(0).startsWith(expected), result.err());
        assertTrue(result.out().isEmpty(), "nothing started: " + result.out());
    }

    @Test
    void aMalformedSloInAProfileIsRefusedAtItsColumnEvenWhenTheFlagReplacesTheList() throws Exception {
        tokens(5);
        Path profile = dir.resolve("bad.yaml");
        Files.writeString(profile, String.join("\n",
            "tokens: tokens.csv",
            "publish: {rate: 100/s, duration: 2s}",
            "slo:",
            "  - p99(status) < 250ms",
            "  - \"p99(status{kind=dcx-jsn}) < 1s\"",
            ""));
        // line 5: the quote is column 5, the expression's 'p' column 6, and 'dcx-jsn' 16 characters on
        String expected = "loadgen run: " + profile + ":5:22: slo 'p99(status{kind=dcx-jsn}) < 1s': unknown message"
            + " kind 'dcx-jsn'; expected one of ";
        assertEquals('d', Files.readAllLines(profile).get(4).charAt(22 - 1));
        for (CliHarness result : List.of(CliHarness.run("run", "--profile", profile.toString()),
            CliHarness.run("run", "--profile", profile.toString(), "--slo", "p99(status) < 1s"))) {
            assertRefused(result, expected);
        }
        CliHarness plan = CliHarness.run("profile", profile.toString());
        assertEquals(2, plan.exitCode(), plan.err());
        assertTrue(plan.err().startsWith("loadgen profile: " + profile + ":5:22: slo '"), plan.err());
    }

    @Test
    void aMalformedSloFlagIsRefusedWithItsColumn() {
        assertRefused(CliHarness.run("run", "--tokens", tokens(5).toString(), "--rate", "10/s",
            "--slo", "p99(status) < 250"), "loadgen run: --slo 'p99(status) < 250': column 18: a latency needs a unit:"
            + " expected ns, us, ms, s or m after 250");
    }

    @Test
    void aStatusSloWithPubackConfirmationIsRefused() {
        assertRefused(CliHarness.run("run", "--tokens", tokens(5).toString(), "--rate", "10/s", "--confirm", "puback",
            "--slo", "p99(status) < 1s"), "loadgen run: --slo: slo 'p99(status) < 1s': status latencies need confirm"
            + " status (a 1/KP reply per message); this run has confirm puback, QoS 1");
    }

    @Test
    void anSloOfAKindNotInTheMixIsRefused() {
        assertRefused(CliHarness.run("run", "--tokens", tokens(5).toString(), "--rate", "10/s",
            "--slo", "error_ratio{kind=dcx-json} < 1%"), "loadgen run: --slo: slo 'error_ratio{kind=dcx-json} < 1%':"
            + " the run's mix has no dcx-json messages (it has epmx-update-keys)");
    }

    @Test
    void aJUnitFileThatCannotBeWrittenIsRefusedBeforeTheRun() {
        String tokens = tokens(5).toString();
        // root may write to /proc by its permission bits, but no new file can be made there
        assertRefused(CliHarness.run("run", "--tokens", tokens, "--rate", "10/s", "--slo", "p99(status) < 1s",
            "--junit", "/proc/kpc-loadgen-junit.xml"), "loadgen run: --junit /proc/kpc-loadgen-junit.xml: cannot write"
            + " there");
        assertRefused(CliHarness.run("run", "--tokens", tokens, "--rate", "10/s", "--slo", "p99(status) < 1s",
            "--junit", dir.toString()), "loadgen run: --junit " + dir + ": cannot write there: it is a directory");
    }
}
