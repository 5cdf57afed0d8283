package dev.kpcload.report;

import dev.kpcload.InvalidInputException;
import dev.kpcload.capacity.CapacityFixtures;
import dev.kpcload.capacity.CapacityResult;
import dev.kpcload.capacity.CapacityStep;
import dev.kpcload.capacity.LatencyThreshold;
import dev.kpcload.capacity.StepOutcome;
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
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CapacityReportTest {

    @Test
    void thePageHasTheAnswerTheFourChartsAndEveryStep() throws Exception {
        CapacityResult r = CapacityFixtures.found();
        String html = CapacityReport.render(r);
        Files.writeString(Path.of("target", "capacity-fixture.html"), html);
        List<Document> charts = svgs(html);
        assertEquals(4, charts.size(), "achieved, latency, errors, timeline");
        assertEquals(List.of("Achieved against offered rate", "status latency against offered rate",
            "Errors against offered rate", "Step timeline"), charts.stream().map(CapacityReportTest::title).toList());
        assertTrue(html.contains("badge good\">found<"));
        assertTrue(html.contains(Html.one(r.maxSustainableRate()) + " <small>/s</small>"), "the answer, up top");
        assertTrue(html.contains(Html.esc(r.explanation())));
        String table = between(html, "<table class=\"lat steps\">", "</table>");
        int whyRows = count(table, "<tr class=\"why\">");
        assertEquals(r.steps().size(), count(table, "<tr") - whyRows - 1, "one row per step under the header");
        assertEquals(r.steps().stream().filter(s -> s.verdict() == StepOutcome.FAIL).count(), whyRows,
            "a line under each failed step saying why");
        assertTrue(html.contains("<td class=\"fail\">fail</td>") && html.contains("<td class=\"pass\">pass</td>"));
        assertTrue(html.contains("broke p99(status) &lt; 250ms: "), "why a step failed, escaped");
        assertSelfContained(html);
        assertNoBadNumbers(html);
    }

    @Test
    void achievedChartHasTheYEqualsXLineAndTheSustainableRate() throws Exception {
        CapacityResult r = CapacityFixtures.found();
        Document svg = parse(CapacityReport.achievedChart(r));
        assertTrue(texts(svg).containsAll(List.of("offered (y = x)", "sent (achieved)", "confirmed")), "legend");
        // The y = x line: a two-point polyline whose first point is the origin and whose last is at the same
        // fraction of both axes (a square's diagonal is not 45 degrees in a wide chart, so compare fractions).
        Element diagonal = polylines(svg, Palette.TARGET).get(0);
        String[] points = diagonal.getAttribute("points").trim().split(" ");
        assertEquals(2, points.length);
        assertTrue(texts(svg).contains("max sustainable " + Html.one(r.maxSustainableRate()) + "/s"));
        assertEquals(1, elements(svg, "line", "class", "rule").size(), "one vertical rule");
        // Every step is a dot on the sent line (sorted by rate, so one polyline).
        assertEquals(r.steps().size(), elements(svg, "circle", "fill", Palette.SENT).size()
            - elements(svg, "circle", "class", "pt").size());
    }

    @Test
    void latencyChartIsLogWithTheSloLineAndTheKnee() throws Exception {
        CapacityResult r = CapacityFixtures.found();
        Document svg = parse(CapacityReport.latencyChart(r));
        List<String> texts = texts(svg);
        assertTrue(texts.containsAll(List.of("status p50", "status p99", "status p99.9", "latency (ms, log scale)")),
            "" + texts);
        assertTrue(texts.contains("SLO p99(status) < 250ms"), "the threshold's label: " + texts);
        CapacityResult.Knee k = r.knee();
        String kneeLabel = "knee " + Html.one(k.rate()) + "/s (p99 " + Html.ms(k.latencyMs()) + " ms)";
        assertTrue(texts.contains(kneeLabel), texts.toString());
        List<Element> marker = elements(svg, "circle", "class", "marker");
        assertEquals(1, marker.size(), "the knee, ringed");
        // The threshold line lies at 250 ms on the log axis: log10(2.5) of the way from the 100 to the 1,000 tick.
        Element slo = elements(svg, "line", "stroke", Palette.SLO).get(0);
        double y = Double.parseDouble(slo.getAttribute("y1"));
        assertEquals(y, Double.parseDouble(slo.getAttribute("y2")), 1e-9, "horizontal");
        double y100 = tickY(svg, "100");
        double y1000 = tickY(svg, "1,000");
        double expected = y100 + (y1000 - y100) * Math.log10(2.5);
        assertEquals(expected, y, 1.0, "250 ms on the log scale");
        // The knee's ring sits on the p99 line at the knee's rate: one of the p99 dots has its centre.
        Element ring = marker.get(0);
        boolean onP99 = elements(svg, "circle", "fill", Palette.P99).stream().anyMatch(c ->
            c.getAttribute("cx").equals(ring.getAttribute("cx")) && c.getAttribute("cy").equals(ring.getAttribute("cy")));
        assertTrue(onP99, "the ring is on a p99 point");
    }

    @Test
    void otherLatenciesThresholdsAndNoKneeAreHandled() throws Exception {
        CapacityResult f = CapacityFixtures.found();
        // An SLO on puback as well: the chart shows status (the first SLO's latency) and only status's threshold.
        CapacityResult two = new CapacityResult(f.outcome(), f.maxSustainableRate(), null, f.bracket(), f.explanation(),
            f.remedy(), f.latency(), f.steps(), f.slos(), List.of(f.thresholds().get(0),
            new LatencyThreshold("puback", "p99", 100, "p99(puback) < 100ms")), f.settings());
        Document svg = parse(CapacityReport.latencyChart(two));
        assertEquals(1, elements(svg, "line", "stroke", Palette.SLO).size());
        assertTrue(elements(svg, "circle", "class", "marker").isEmpty(), "no knee, no ring");
    }

    @Test
    void errorAndTimelineChartsShowWhatHappened() throws Exception {
        CapacityResult r = CapacityFixtures.found();
        Document errors = parse(CapacityReport.errorChart(r));
        assertTrue(texts(errors).containsAll(List.of("errors", "timeouts", "share of measured messages (%)")));
        Document timeline = parse(CapacityReport.timelineChart(r));
        List<String> legend = texts(timeline);
        assertTrue(legend.containsAll(List.of("ramp and settle (discarded)", "pass", "fail")), "" + legend);
        assertFalse(legend.contains("inconclusive"), "no inconclusive step: not in the legend");
        assertTrue(legend.contains("hold"), "the confirmation hold is shaded and named");
        // One thick segment per measured window, coloured by verdict.
        long passes = r.steps().stream().filter(s -> s.verdict() == StepOutcome.PASS).count();
        long fails = r.steps().stream().filter(s -> s.verdict() == StepOutcome.FAIL).count();
        assertEquals(passes, polylines(timeline, Palette.PASS).size());
        assertEquals(fails, polylines(timeline, Palette.FAIL).size());
        assertEquals(r.steps().size(), elements(timeline, "rect", null, null).stream()
            .filter(e -> e.getElementsByTagName("title").getLength() > 0).count(), "a tooltip per step");
    }

    @Test
    void aGeneratorLimitedSearchSaysSoAndShowsTheInconclusiveStep() throws Exception {
        CapacityResult r = CapacityFixtures.generatorLimited(600);
        String html = CapacityReport.render(r);
        Files.writeString(Path.of("target", "capacity-generator-limited.html"), html);
        assertTrue(html.contains("badge bad\">generator_limited<"));
        assertTrue(html.contains("none confirmed"));
        assertTrue(html.contains("What to do: give the search more generator capacity"));
        assertTrue(html.contains("<td class=\"inconclusive\">inconclusive</td>"));
        assertTrue(html.contains("send lag p99 850 ms: the generator fell behind"));
        Document timeline = parse(CapacityReport.timelineChart(r));
        assertTrue(texts(timeline).contains("inconclusive"));
        assertEquals(1, polylines(timeline, Palette.INCONCLUSIVE).size());
        assertEquals(4, svgs(html).size());
        assertNoBadNumbers(html);
    }

    @Test
    void aSearchWithoutStepsRendersInPlainWords() throws Exception {
        String html = CapacityReport.render(CapacityFixtures.stoppedAtOnce());
        assertEquals(4, svgs(html).size());
        assertTrue(html.contains("badge warn\">stopped<"));
        assertTrue(count(html, ">no step finished<") >= 4, "every chart and the table say so");
        assertSelfContained(html);
        assertNoBadNumbers(html);
    }

    @Test
    void everyStringFromDataIsEscaped() {
        CapacityResult f = CapacityFixtures.found();
        CapacityStep s = f.steps().get(0);
        CapacityStep evil = new CapacityStep(s.index(), s.purpose(), s.offeredRate(), s.achievedRate(),
            s.confirmedRate(), s.verdict(), List.of(new CapacityStep.SloMiss("<script>x</script>", 1, 2, "<b>", "<i>")),
            s.latencies(), s.errorRatio(), s.timeoutRatio(), s.messagesMeasured(), s.percentileStable(),
            s.startSeconds(), s.measureStartSeconds(), s.endSeconds(), "<img src=x>");
        List<CapacityStep> steps = new ArrayList<>(f.steps());
        steps.set(0, evil);
        CapacityResult r = new CapacityResult(f.outcome(), f.maxSustainableRate(), f.knee(), f.bracket(),
            "<script>alert(1)</script>", "<u>remedy</u>", f.latency(), steps, List.of("p99(status) < 1s & <x>"),
            List.of(new LatencyThreshold("status", "p99", 1000, "<svg onload=alert(1)>")), f.settings());
        String html = CapacityReport.render(r);
        assertFalse(html.contains("<script"), "no script element at all");
        assertFalse(html.contains("<img") || html.contains("<u>") || html.contains("<i>") || html.contains("<b>"));
        assertFalse(html.contains("<svg onload"));
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(html.contains("p99(status) &lt; 1s &amp; &lt;x&gt;"));
        assertTrue(html.contains("SLO &lt;svg onload=alert(1)&gt;"));
    }

    @Test
    void writeFailureIsOneLine(@TempDir Path dir) {
        Path file = dir.resolve("missing").resolve("capacity.html");
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> CapacityReport.write(CapacityFixtures.found(), file));
        assertEquals(file + ": cannot write: no such file or directory", e.getMessage());
    }

    // --- parse-level helpers: every chart must be well-formed XML (SVG) ---

    private static List<Document> svgs(String html) throws Exception {
        List<Document> docs = new ArrayList<>();
        Matcher m = Pattern.compile("<svg.*?</svg>", Pattern.DOTALL).matcher(html);
        while (m.find()) {
            docs.add(parse(m.group()));
        }
        return docs;
    }

    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static String title(Document svg) {
        return svg.getDocumentElement().getElementsByTagName("title").item(0).getTextContent();
    }

    private static List<String> texts(Document svg) {
        List<String> out = new ArrayList<>();
        NodeList list = svg.getElementsByTagName("text");
        for (int i = 0; i < list.getLength(); i++) {
            out.add(list.item(i).getTextContent());
        }
        return out;
    }

    private static List<Element> elements(Document svg, String tag, String attribute, String value) {
        List<Element> out = new ArrayList<>();
        NodeList list = svg.getElementsByTagName(tag);
        for (int i = 0; i < list.getLength(); i++) {
            Element e = (Element) list.item(i);
            if (attribute == null || value.equals(e.getAttribute(attribute))) {
                out.add(e);
            }
        }
        return out;
    }

    private static List<Element> polylines(Document svg, String stroke) {
        return elements(svg, "polyline", "stroke", stroke);
    }

    /** The y of a y-axis tick label (text-anchor end), minus the 4 px the label sits below its line. */
    private static double tickY(Document svg, String label) {
        for (Element t : elements(svg, "text", "class", "tick")) {
            if ("end".equals(t.getAttribute("text-anchor")) && label.equals(t.getTextContent())) {
                return Double.parseDouble(t.getAttribute("y")) - 4;
            }
        }
        throw new AssertionError("no y tick " + label);
    }

    private static String between(String s, String from, String to) {
        int a = s.indexOf(from);
        return s.substring(a, s.indexOf(to, a));
    }

    private static void assertSelfContained(String html) {
        assertFalse(html.contains("http://") || html.contains("https://"), "nothing fetched");
        assertFalse(Pattern.compile("(?i)\\b(src|href)\\s*=").matcher(html).find(), "no src= or href=");
    }

    private static void assertNoBadNumbers(String html) {
        assertFalse(html.contains("NaN"), "NaN leaked into the page");
        assertFalse(html.contains("Infinity"), "Infinity leaked into the page");
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
