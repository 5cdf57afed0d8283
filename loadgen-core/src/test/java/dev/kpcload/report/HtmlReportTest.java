package dev.kpcload.report;

import dev.kpcload.result.RunOutcome;
import dev.kpcload.InvalidInputException;
import dev.kpcload.metrics.LatencyRecorders;
import dev.kpcload.metrics.LatencyStats;
import dev.kpcload.metrics.TimelinePoint;
import dev.kpcload.result.RunSummary;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlReportTest {

    /** The charts: rates, devices, latency over time, percentiles, errors (bars + over time). */
    private static final int CHARTS_WITH_ERRORS = 6;

    @Test
    void fixtureReportHasEveryChartTheAccountingAndTheNumbers() throws Exception {
        ReportData data = ReportFixtures.realistic();
        String html = HtmlReport.render(data);
        RunSummary.Messages m = data.summary().messages();
        assertTrue(m.balanced(), "the fixture itself balances");
        assertEquals(CHARTS_WITH_ERRORS, count(html, "<svg"), "one svg per chart");
        assertTrue(html.contains(Html.count(m.scheduled()) + " scheduled = " + Html.count(m.confirmed())
            + " confirmed + " + m.failed() + " failed + " + m.timedOut() + " timed out + " + m.dropped()
            + " dropped + " + m.inFlight() + " in flight"), "accounting line");
        assertTrue(html.contains(">balanced<"));
        assertTrue(html.contains("1,990 <small>of 2,000"), "devices");
        assertTrue(html.contains(Html.one(data.summary().rates().sent())), "sent rate");
        LatencyStats status = data.summary().latencies().get("status");
        assertTrue(html.contains("<td>" + Html.count(status.count()) + "</td>"), "status count in the table");
        assertTrue(html.contains("<td>" + Html.ms(status.p999()) + "</td>"), "status p99.9 in the table");
        assertTrue(html.contains("backlog_full") && html.contains("refused") && html.contains("closed_by_server"));
        assertTrue(html.contains("10.0.0.5:1883, 10.0.0.6:1883"), "config list joined");
        assertSelfContained(html);
        // Leave a copy to look at: target/report-fixture.html (see the report package's tests).
        Path out = Path.of("target", "report-fixture.html");
        Files.createDirectories(out.getParent());
        HtmlReport.write(data, out);
        assertEquals(html, Files.readString(out));
    }

    @Test
    void everyStringFromDataIsEscaped() {
        ReportData f = ReportFixtures.realistic();
        Map<String, Object> config = new LinkedHashMap<>(f.summary().config());
        config.put("model", "<script>alert(1)</script>");
        config.put("<b>key</b>", "x\"y");
        RunSummary s = f.summary();
        config.put("tokens", "<img src=x onerror=alert(1)>");
        RunSummary evil = new RunSummary(RunOutcome.COMPLETED, config,
            new RunSummary.Devices(5, 5, 1, Map.of("<i>refused</i>", 1L), Map.of(), 0), s.messages(), s.rates(),
            s.reports(), s.latencies(), s.other());
        String html = HtmlReport.render(new ReportData(evil, f.timeline(), f.totals()));
        assertFalse(html.contains("<script"), "no script element at all");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertFalse(html.contains("<img"));
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assertTrue(html.contains("&lt;b&gt;key&lt;/b&gt;") && html.contains("x&quot;y"));
        assertTrue(html.contains("&lt;i&gt;refused&lt;/i&gt;"), "kinds in the error chart too");
        assertFalse(html.contains("<i>refused"));
    }

    @Test
    void emptyRunRendersWithPlainWords() throws Exception {
        String html = HtmlReport.render(new ReportData(ReportFixtures.emptySummary("no_device_connected"), List.of(),
            Map.of()));
        assertEquals(4, count(html, "<svg"), "timeline and percentile charts, empty; no error chart");
        assertTrue(html.contains("no report intervals"));
        assertTrue(html.contains("no latency recorded"));
        assertTrue(html.contains("No errors"));
        assertTrue(html.contains("0 scheduled = 0 confirmed + 0 failed + 0 timed out + 0 dropped + 0 in flight"));
        assertTrue(html.contains("No configuration recorded"));
        assertSelfContained(html);
        assertNoBadNumbers(html);
        Files.writeString(Path.of("target", "report-empty.html"), html);
    }

    @Test
    void nullCollectionsAreTolerated() {
        String html = HtmlReport.render(new ReportData(ReportFixtures.emptySummary("stopped"), null, null));
        assertTrue(html.contains("stopped"));
    }

    @Test
    void singlePointAllZeroAndHugeValuesRender() {
        Map<String, LatencyStats> none = Map.of();
        ReportData single = new ReportData(ReportFixtures.emptySummary("stopped"),
            List.of(ReportFixtures.point(1.0, "publish", 3, 10, 10, 10, none)), Map.of());
        String one = HtmlReport.render(single);
        assertTrue(one.contains("<circle"), "a lone point is drawn as a dot");
        assertNoBadNumbers(one);

        ReportData zeros = new ReportData(ReportFixtures.emptySummary("completed"),
            List.of(ReportFixtures.point(1, "connect", 0, 0, 0, 0, none), ReportFixtures.point(2, "publish", 0, 0, 0, 0, none)),
            Map.of("status", LatencyRecorders.newHistogram()));
        assertNoBadNumbers(HtmlReport.render(zeros));

        Histogram huge = LatencyRecorders.newHistogram();
        huge.recordValue(LatencyRecorders.HIGHEST_TRACKABLE_NANOS);
        huge.recordValue(1);
        Map<String, LatencyStats> big = Map.of("status", LatencyStats.of(huge));
        ReportData hugeData = new ReportData(ReportFixtures.emptySummary("completed"),
            List.of(ReportFixtures.point(3600, "publish", 20_000_000, 5e9, 4.9e9, 4.8e9, big),
                ReportFixtures.point(86_400, "publish", 20_000_000, 5e9, Double.NaN, Double.POSITIVE_INFINITY, big)),
            Map.of("status", huge));
        String html = HtmlReport.render(hugeData);
        assertTrue(html.contains("5G"), "huge rates get short tick labels");
        assertNoBadNumbers(html);
    }

    @Test
    void stoppedEarlyAndUnbalancedRunsSaySo() throws Exception {
        ReportData f = ReportFixtures.realistic();
        List<TimelinePoint> first = f.timeline().subList(0, 15);
        RunSummary s = f.summary();
        RunSummary.Messages m = s.messages();
        RunSummary.Messages off = new RunSummary.Messages(m.scheduled() + 1, m.sent(), m.confirmed(), m.failed(),
            m.failedByKind(), m.timedOut(), m.dropped(), m.droppedByKind(), m.inFlight(), m.errorRepliesByStatus());
        RunSummary stopped = new RunSummary(RunOutcome.STOPPED, s.config(), s.devices(), off, s.rates(), s.reports(),
            s.latencies(), s.other());
        String html = HtmlReport.render(new ReportData(stopped, first, f.totals()));
        Files.writeString(Path.of("target", "report-stopped.html"), html);
        assertTrue(html.contains("badge warn\">stopped"));
        assertTrue(html.contains("NOT BALANCED"));
        assertNoBadNumbers(html);
    }

    @Test
    void puBackIsPlottedWhenThereIsNoReply() {
        ReportData f = ReportFixtures.realistic();
        Map<String, Histogram> totals = new LinkedHashMap<>(f.totals());
        totals.remove("status");
        List<TimelinePoint> noStatus = f.timeline().stream().map(p -> {
            Map<String, LatencyStats> l = new LinkedHashMap<>(p.latencies());
            l.remove("status");
            return new TimelinePoint(p.endSeconds(), p.phase(), p.devicesConnected(), p.targetRate(), p.sentRate(),
                p.confirmedRate(), p.failed(), p.timedOut(), p.dropped(), l);
        }).toList();
        ReportData data = new ReportData(f.summary(), noStatus, totals);
        assertEquals("puback", TimelineCharts.replyKind(data));
        assertTrue(HtmlReport.render(data).contains(">puback p99<"));
    }

    @Test
    void writeFailureIsOneLine(@TempDir Path dir) {
        Path file = dir.resolve("missing").resolve("report.html");
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> HtmlReport.write(ReportFixtures.realistic(), file));
        assertEquals(file + ": cannot write: no such file or directory", e.getMessage());
    }

    @Test
    void percentileSeriesEndsAtTheMaxAtTheAxisEnd() {
        Histogram h = LatencyRecorders.newHistogram();
        for (int i = 1; i <= 100_000; i++) {
            h.recordValue(i * 1000L);
        }
        PercentileAxis x = PercentileAxis.forCount(h.getTotalCount());
        LineChart.Series s = PercentileChart.series("status", h, x);
        double[] xs = s.xs();
        double[] ys = s.ys();
        assertEquals(1.0, x.fraction(xs[xs.length - 1]), 1e-9);
        assertEquals(h.getMaxValue() / 1e6, ys[ys.length - 1], 1e-9);
        for (int i = 1; i < xs.length; i++) {
            assertTrue(xs[i] >= xs[i - 1] && ys[i] >= ys[i - 1], "monotonic at " + i);
            assertTrue(ys[i] <= ys[ys.length - 1]);
        }
        assertTrue(xs.length > 20, "enough points for a smooth curve: " + xs.length);
    }

    /** The page must fetch nothing: no scripts, stylesheets, images or fonts from anywhere. */
    private static void assertSelfContained(String html) {
        assertFalse(html.contains("http://"), "no http:// at all");
        assertFalse(html.contains("https://"), "no https:// at all");
        Matcher ref = Pattern.compile("(?i)\\b(src|href)\\s*=").matcher(html);
        assertFalse(ref.find(), "no src= or href=");
        assertFalse(html.toLowerCase().contains("@import") || html.toLowerCase().contains("url(") && !onlyLocalUrls(html),
            "no CSS fetches");
    }

    /** CSS url(...) is allowed only for in-page references such as clip paths: url(#id). */
    private static boolean onlyLocalUrls(String html) {
        Matcher m = Pattern.compile("url\\(([^)]*)\\)").matcher(html);
        while (m.find()) {
            if (!m.group(1).startsWith("#")) {
                return false;
            }
        }
        return true;
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
