package dev.kpcload.report;

import dev.kpcload.compare.ComparedRun;
import dev.kpcload.compare.Comparison;
import dev.kpcload.compare.LatencyComparison;
import dev.kpcload.compare.Tolerance;
import dev.kpcload.metrics.LatencyRecorders;
import dev.kpcload.result.RunSummary;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompareReportTest {

    /** NEW: the fixture run with every latency three times as slow. */
    private static Map<String, Histogram> slower(Map<String, Histogram> totals) {
        Map<String, Histogram> out = new LinkedHashMap<>();
        totals.forEach((tag, h) -> {
            Histogram s = LatencyRecorders.newHistogram();
            for (var v : h.recordedValues()) {
                s.recordValueWithCount(Math.min(LatencyRecorders.HIGHEST_TRACKABLE_NANOS,
                    h.medianEquivalentValue(v.getValueIteratedTo()) * 3), v.getCountAtValueIteratedTo());
            }
            out.put(tag, s);
        });
        return out;
    }

    @Test
    void everyLatencyHasOneChartWithBaseAndNewOverlaid() throws Exception {
        ReportData data = ReportFixtures.realistic();
        ComparedRun base = new ComparedRun("runs/<base>", data.summary(), Path.of("runs/base/run.hlog"),
            data.totals());
        ComparedRun next = new ComparedRun("runs/new", data.summary(), Path.of("runs/new/run.hlog"),
            slower(data.totals()));
        Comparison c = Comparison.of(base, next, Tolerance.DEFAULT, false);
        String html = CompareReport.render(c, base, next);
        assertEquals(c.latencies().size(), count(html, "<svg"), "one chart per latency");
        for (LatencyComparison l : c.latencies()) {
            assertTrue(html.contains(">NEW " + l.tag() + "</text>") && html.contains(">BASE " + l.tag() + "</text>"),
                "both in the legend of " + l.tag());
        }
        assertTrue(html.contains("latency (ms, log scale)"));
        assertTrue(html.contains("stroke-dasharray=\"" + CompareReport.BASE_DASH + "\""), "BASE dashed");
        assertTrue(html.contains("<span class=\"badge bad\">WORSE</span>"));
        assertTrue(html.contains("class=\"verdict v-WORSE\">WORSE<"));
        assertTrue(html.contains("runs/&lt;base&gt;"), "labels escaped");
        assertFalse(html.contains("runs/<base>"));
        assertTrue(html.contains("<h3>dropped by reason</h3>"), "the error breakdowns side by side");
        assertSelfContained(html);
        Path out = Path.of("target", "compare-fixture.html");
        Files.createDirectories(out.getParent());
        CompareReport.write(c, base, next, out);
        assertEquals(html, Files.readString(out));
    }

    @Test
    void aSideWithoutAnIntervalLogIsDrawnFromItsSummaryPercentiles() {
        ReportData data = ReportFixtures.realistic();
        RunSummary summary = data.summary();
        ComparedRun base = new ComparedRun("base", summary, Path.of("base/run.hlog"), data.totals());
        ComparedRun next = ComparedRun.ofSummary("new", summary);
        Comparison c = Comparison.of(base, next, Tolerance.DEFAULT, false);
        String html = CompareReport.render(c, base, next);
        assertEquals(c.latencies().size(), count(html, "<svg"));
        assertTrue(html.contains(">NEW status (summary percentiles)</text>"), "five points from the summary");
        assertTrue(html.contains(">BASE status (summary percentiles)</text>"), "both sides alike");
        assertTrue(html.contains("<span class=\"badge good\">SAME</span>"));
        assertTrue(html.contains("from the summaries' percentiles"));
    }

    private static int count(String s, String part) {
        return s.split(Pattern.quote(part), -1).length - 1;
    }

    private static void assertSelfContained(String html) {
        assertFalse(html.contains("http://") || html.contains("https://"), "nothing fetched");
        assertFalse(Pattern.compile("(?i)\\b(src|href)\\s*=").matcher(html).find(), "no src= or href=");
    }
}
