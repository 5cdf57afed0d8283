package dev.kpcload.slo;

import dev.kpcload.InvalidInputException;
import dev.kpcload.metrics.LatencyRecorders;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The verdict as JUnit XML, read back with the JDK's own XML parser. */
class JUnitReportTest {

    private static final String PLACE = "profiles/a&b \"quoted\" <x>.yaml:3:5";

    /** A pass, a fail that aborted the run, a failure, and no data; texts and places full of XML's specials. */
    static SloVerdict verdict() {
        List<Slo> slos = List.of(
            SloParser.parse("p99(status) < 250ms", "--slo"),
            SloParser.parse("error_ratio < 1% for 10s abort", PLACE),
            SloParser.parse("max(status{kind=\"dcx-json\"}) <= 100ms", "--slo"),
            SloParser.parse("p99(reconnect) < 5s", "--slo"));
        SloJudge judge = new SloJudge(slos);
        Histogram h = LatencyRecorders.newHistogram();
        h.recordValueWithCount(200_000_000L, 100);
        Measurement interval = Measurement.builder().addLatency("status", h)
            .addLatency("status.dcx-json", h).kindShares(java.util.Map.of("epmx-get", 0.5, "dcx-json", 0.5))
            .messages(new MessageCounts(100, 100, 98, 2, 0, 0)).build();
        judge.window(0, 10, interval);
        return judge.verdict(interval);
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void oneTestCasePerSloAndAFailureForEachFailOrNoData() throws Exception {
        SloVerdict verdict = verdict();
        assertEquals(List.of(SloOutcome.PASS, SloOutcome.FAIL, SloOutcome.FAIL, SloOutcome.NO_DATA),
            verdict.results().stream().map(SloResult::outcome).toList());
        Document doc = parse(JUnitReport.xml(verdict, "kpc-loadgen run 20261202-0400 & <friends>", 12.3456));

        Element suites = doc.getDocumentElement();
        assertEquals("testsuites", suites.getTagName());
        assertEquals("4", suites.getAttribute("tests"));
        assertEquals("3", suites.getAttribute("failures"));
        assertEquals("12.346", suites.getAttribute("time"));
        NodeList suiteList = doc.getElementsByTagName("testsuite");
        assertEquals(1, suiteList.getLength());
        Element suite = (Element) suiteList.item(0);
        assertEquals("kpc-loadgen run 20261202-0400 & <friends>", suite.getAttribute("name"));
        assertEquals("4", suite.getAttribute("tests"));
        assertEquals("3", suite.getAttribute("failures"));
        assertEquals("0", suite.getAttribute("errors"));

        NodeList cases = doc.getElementsByTagName("testcase");
        assertEquals(4, cases.getLength());
        for (int i = 0; i < cases.getLength(); i++) {
            Element testCase = (Element) cases.item(i);
            SloResult r = verdict.results().get(i);
            assertEquals(r.slo(), testCase.getAttribute("name"), "the SLO as written, unescaped by the parser");
            assertEquals("slo", testCase.getAttribute("classname"));
            NodeList failures = testCase.getElementsByTagName("failure");
            assertEquals(r.passed() ? 0 : 1, failures.getLength(), r.slo());
        }
        Element passed = (Element) cases.item(0);
        assertTrue(passed.getElementsByTagName("system-out").item(0).getTextContent()
            .startsWith("p99(status) < 250ms (--slo): pass, measured 200ms"), passed.getTextContent());

        Element aborted = (Element) ((Element) cases.item(1)).getElementsByTagName("failure").item(0);
        assertEquals("slo_aborted", aborted.getAttribute("type"));
        assertEquals("measured 2% (+100.0% against the threshold)", aborted.getAttribute("message"));
        assertEquals("error_ratio < 1% for 10s abort (" + PLACE + "): fail, measured 2%, first broken at 0.0 s,"
            + " aborted the run", aborted.getTextContent());

        Element broken = (Element) ((Element) cases.item(2)).getElementsByTagName("failure").item(0);
        assertEquals("slo_broken", broken.getAttribute("type"));
        assertEquals("max(status{kind=\"dcx-json\"}) <= 100ms", ((Element) cases.item(2)).getAttribute("name"));

        Element noData = (Element) ((Element) cases.item(3)).getElementsByTagName("failure").item(0);
        assertEquals("slo_broken", noData.getAttribute("type"));
        assertEquals("no data: nothing measured to judge it on", noData.getAttribute("message"));
        assertTrue(noData.getTextContent().contains(": no_data, measured -"), noData.getTextContent());
    }

    @Test
    void allPassedHasNoFailure() throws Exception {
        Histogram h = LatencyRecorders.newHistogram();
        h.recordValue(1_000_000L);
        SloVerdict verdict = SloJudge.judgeWhole(List.of(SloParser.parse("p99(status) < 250ms", "--slo")),
            Measurement.builder().addLatency("status", h).build());
        Document doc = parse(JUnitReport.xml(verdict, "suite", 1));
        assertEquals("0", doc.getDocumentElement().getAttribute("failures"));
        assertEquals(0, doc.getElementsByTagName("failure").getLength());
        assertEquals(1, doc.getElementsByTagName("testcase").getLength());
    }

    @Test
    void noSloAnEmptySuite() throws Exception {
        Document doc = parse(JUnitReport.xml(SloJudge.judgeWhole(List.of(), Measurement.empty()), "suite", 0));
        assertEquals("0", doc.getDocumentElement().getAttribute("tests"));
        assertEquals(0, doc.getElementsByTagName("testcase").getLength());
    }

    @Test
    void escapesMarkupQuotesAndDropsCharactersXmlCannotHold() {
        assertEquals("a &lt; b &amp;&amp; c &gt; d &quot;e&quot; &apos;f&apos;",
            JUnitReport.escape("a < b && c > d \"e\" 'f'"));
        assertEquals("tab\tnew\nline", JUnitReport.escape("tab\tnew\nline\u0001\u0007"));
        assertEquals("µs ✓", JUnitReport.escape("µs ✓"));
    }

    @Test
    void writesTheFileAndItsFolders(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ci/reports/slo.xml");
        JUnitReport.write(verdict(), "suite", 2, file);
        assertEquals(4, parse(Files.readString(file)).getElementsByTagName("testcase").getLength());
    }

    @Test
    void aFileThatCannotBeWrittenIsOneLine(@TempDir Path dir) throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("plain"), "x");
        Path file = notAFolder.resolve("slo.xml");
        String message = assertThrows(InvalidInputException.class,
            () -> JUnitReport.write(verdict(), "suite", 2, file)).getMessage();
        assertTrue(message.startsWith(file + ": cannot write the JUnit report: "), message);
        assertFalse(message.contains("\n"), message);
    }
}
