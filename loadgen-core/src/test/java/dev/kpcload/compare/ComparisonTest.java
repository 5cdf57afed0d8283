package dev.kpcload.compare;

import dev.kpcload.metrics.LatencyStats;
import dev.kpcload.result.RunOutcome;
import dev.kpcload.result.RunSummary;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.kpcload.compare.CompareFixtures.Run;
import static dev.kpcload.compare.CompareFixtures.compare;
import static dev.kpcload.compare.CompareFixtures.item;
import static dev.kpcload.compare.CompareFixtures.scaled;
import static dev.kpcload.compare.CompareFixtures.spread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComparisonTest {

    private static Run logged(Histogram status) {
        return new Run().latency("status", status).latency("connect", spread(20, 1, 30)).log();
    }

    @Test
    void aRunAgainstItselfIsTheSameEverywhere() {
        Run run = logged(spread(10_000, 1, 50));
        Comparison c = compare(run, run);
        assertFalse(c.regression());
        assertEquals(Verdict.SAME, c.overall());
        assertTrue(c.warnings().isEmpty(), c.warnings().toString());
        assertTrue(c.judged().stream().allMatch(j -> j.verdict() == Verdict.SAME
            || j.verdict() == Verdict.NOT_COMPARABLE), c.judged().toString());
        assertEquals(0, c.tally().get(Verdict.WORSE));
        assertEquals(List.of("tcp_connect", "tls_handshake", "puback", "service", "send_lag", "reconnect"), c.notMeasured());
        assertEquals(LatencySource.INTERVAL_LOG, c.latencies().get(0).source());
    }

    @Test
    void aSlowerNewIsWorseOnEveryJudgedPercentileAndTheMaxIsOnlyShown() {
        Histogram base = spread(10_000, 1, 50);
        Comparison c = compare(logged(base), logged(scaled(base, 2)));
        for (String p : List.of("p50", "p99", "p99.9")) {
            Judged j = item(c, "status " + p);
            assertEquals(Verdict.WORSE, j.verdict(), j.toString());
            assertTrue(j.counted());
            assertEquals(1.0, j.change(), 0.01, "twice as slow");
        }
        Judged max = item(c, "status max");
        assertEquals(Verdict.WORSE, max.verdict());
        assertFalse(max.counted(), "the max is shown, not judged");
        assertFalse(max.regression());
        assertFalse(item(c, "status p90").counted());
        assertTrue(c.regression());
        assertEquals(Verdict.WORSE, c.overall());
        assertEquals(3, c.tally().get(Verdict.WORSE));

        Comparison judgingMax = Comparison.of(logged(base).compared("a"), logged(scaled(base, 2)).compared("b"),
            Tolerance.DEFAULT, true);
        assertTrue(item(judgingMax, "status max").regression());
        assertEquals(4, judgingMax.tally().get(Verdict.WORSE));
    }

    @Test
    void aFasterNewIsBetterAndNoRegression() {
        Histogram base = spread(10_000, 2, 80);
        Comparison c = compare(logged(base), logged(scaled(base, 0.5)));
        assertEquals(Verdict.BETTER, item(c, "status p50").verdict());
        assertEquals(Verdict.BETTER, item(c, "status p99.9").verdict());
        assertFalse(c.regression());
        assertEquals(Verdict.BETTER, c.overall());
    }

    @Test
    void theToleranceEdgeAndTheAbsoluteFloor() {
        Run base = new Run().stats("status", 10_000, 10, 100, 200, 300).stats("service", 10_000, 0.1, 0.2, 0.4, 9);
        Run edge = new Run().stats("status", 10_000, 11, 110.01, 179.9, 300).stats("service", 10_000, 0.9, 1.5, 0.4, 9);
        Comparison c = compare(base, edge);
        assertEquals(Verdict.SAME, item(c, "status p50").verdict(), "10 ms to 11 ms: exactly the tolerance");
        assertEquals(Verdict.WORSE, item(c, "status p99").verdict(), "100 ms to 110.01 ms: just beyond it");
        assertEquals(Verdict.BETTER, item(c, "status p99.9").verdict(), "200 ms to 179.9 ms: just beyond 10 % better");
        assertEquals(Verdict.SAME, item(c, "service p50").verdict(), "9 times slower, by 0.8 ms: under the floor");
        assertEquals(Verdict.WORSE, item(c, "service p99").verdict(), "by 1.3 ms: beyond the floor");

        Comparison wider = Comparison.of(base.compared("a"), edge.compared("b"), new Tolerance(0.2, 0.5, 0.0001),
            false);
        assertEquals(Verdict.SAME, item(wider, "status p99").verdict(), "within 20 %");
        assertEquals(Verdict.WORSE, item(wider, "service p50").verdict(), "0.8 ms is beyond a 0.5 ms floor");
    }

    @Test
    void aPercentileNeedsEnoughValuesBeyondIt() {
        Histogram base = spread(600, 1, 50);
        Comparison c = compare(logged(base), logged(scaled(base, 3)));
        assertEquals(Verdict.WORSE, item(c, "status p99").verdict(), "600 values: six beyond p99");
        Judged p999 = item(c, "status p99.9");
        assertEquals(Verdict.NOT_COMPARABLE, p999.verdict());
        assertEquals("too few values for p99.9 (600 in BASE; it needs 5,000, 5 beyond it)", p999.note());
        assertEquals(Verdict.NOT_COMPARABLE, item(c, "connect p99").verdict(), "20 connects");
        assertEquals(Verdict.SAME, item(c, "connect p50").verdict());

        Comparison few = compare(logged(spread(499, 1, 50)), logged(spread(10_000, 1, 50)));
        assertEquals(Verdict.NOT_COMPARABLE, item(few, "status p99").verdict(), "499 values in BASE");
        assertTrue(item(few, "status p99").note().contains("499 in BASE"));
    }

    @Test
    void aLatencyOnlyOneRunHasIsNotComparable() {
        Run base = logged(spread(1000, 1, 5)).latency("puback", spread(1000, 1, 5));
        Comparison c = compare(base, logged(spread(1000, 1, 5)));
        Judged p50 = item(c, "puback p50");
        assertEquals(Verdict.NOT_COMPARABLE, p50.verdict());
        assertEquals("no values in NEW", p50.note());
        assertTrue(Double.isNaN(p50.next()));
        assertFalse(c.notMeasured().contains("puback"));
        assertTrue(c.notMeasured().contains("reconnect"));
        assertFalse(c.regression(), "not comparable is not a regression");
    }

    @Test
    void withoutAnIntervalLogOnOneSideBothAreComparedOnTheirSummaries() {
        Histogram h = spread(10_000, 1, 50);
        Run base = logged(h);
        Run next = new Run().stats("status", 10_000, 30, 60, 70, 80).stats("connect", 20, 1, 30, 30, 30);
        next.byKind.put("dcx-json", new RunSummary.Part(next.summary().messages(),
            Map.of("status", new LatencyStats(5000, 40, 40, 50, 60, 70, 80))));
        next.byKind.put("epmx-get", new RunSummary.Part(next.summary().messages(),
            Map.of("status", new LatencyStats(5000, 20, 20, 50, 60, 70, 80))));
        Comparison c = compare(base, next);
        LatencyComparison status = c.latencies().stream().filter(l -> l.tag().equals("status")).findFirst().orElseThrow();
        assertEquals(LatencySource.SUMMARY, status.source());
        assertEquals(LatencyStats.of(h), status.base(), "BASE's summary stats, which its histogram made");
        assertEquals(Verdict.WORSE, item(c, "status p50").verdict());
        // the summary's per-kind latencies: BASE has no kinds, NEW two
        Judged kind = item(c, "status.dcx-json p50");
        assertEquals(Verdict.NOT_COMPARABLE, kind.verdict());
        assertEquals("no values in BASE", kind.note());
        List<String> tags = c.latencies().stream().map(LatencyComparison::tag).toList();
        assertEquals(List.of("connect", "status", "status.dcx-json", "status.epmx-get"), tags);
        assertTrue(c.base().hlog() != null && c.next().hlog() == null);
    }

    @Test
    void perKindLatenciesFromTheIntervalLogFollowTheirHeadline() {
        Histogram fast = spread(10_000, 1, 5);
        Run base = logged(fast).latency("status.dcx-json", fast).latency("status.epmx-get", fast);
        Run next = logged(fast).latency("status.dcx-json", scaled(fast, 4)).latency("status.epmx-get", fast);
        Comparison c = compare(base, next);
        assertEquals(List.of("connect", "status", "status.dcx-json", "status.epmx-get"),
            c.latencies().stream().map(LatencyComparison::tag).toList());
        assertEquals(Verdict.WORSE, item(c, "status.dcx-json p50").verdict());
        assertEquals(Verdict.SAME, item(c, "status.epmx-get p50").verdict());
        assertEquals(Verdict.SAME, item(c, "status p50").verdict());
        assertTrue(c.regression(), "one kind's regression is a regression");
        assertEquals("1/KP reply (from intended send), dcx-json only",
            c.latencies().get(2).label());
    }

    @Test
    void errorTimeoutAndDropRatiosAreJudgedWithTheirFloor() {
        Run base = new Run();
        Run next = new Run();
        next.failed = 100;                 // 1 % of the settled: from none
        next.failedByKind.put("error_reply", 100L);
        next.errorReplies.put("503", 100L);
        next.timedOut = 1;                 // 0.01 %: exactly the floor, not beyond it
        next.dropped = 2;                  // 0.02 %
        next.droppedByKind.put("backlog_full", 2L);
        next.confirmed = 10_000 - 103;
        Comparison c = compare(base, next);
        assertEquals(Verdict.WORSE, item(c, "error_ratio").verdict());
        assertEquals(0.01, item(c, "error_ratio").next(), 1e-12);
        assertTrue(Double.isInfinite(item(c, "error_ratio").change()), "from none");
        assertEquals(Verdict.SAME, item(c, "timeout_ratio").verdict());
        assertEquals(Verdict.WORSE, item(c, "drop_ratio").verdict());
        assertEquals(Verdict.WORSE, item(c, "confirmed_ratio").verdict(), "98.97 %: 1.03 % short");
        assertEquals(0.9897, item(c, "confirmed_ratio").next(), 1e-12);
        assertTrue(c.regression());
        // the breakdowns are shown beside
        assertTrue(c.shown().contains(new Shown("failed by kind", "error_reply", Unit.COUNT, 0, 100)));
        assertTrue(c.shown().contains(new Shown("error replies by statusCode", "503", Unit.COUNT, 0, 100)));
        assertTrue(c.shown().contains(new Shown("dropped by reason", "backlog_full", Unit.COUNT, 0, 2)));
        assertTrue(c.shown().contains(new Shown("messages", "failed", Unit.COUNT, 0, 100)));

        Comparison back = compare(next, base);
        assertEquals(Verdict.BETTER, item(back, "error_ratio").verdict());
        assertFalse(back.regression());
    }

    @Test
    void theRatiosAreTheSlosRatios() {
        // in flight is not settled: an SLO's error_ratio is failed over confirmed + failed + timed out + dropped
        Run next = new Run();
        next.confirmed = 8_000;
        next.failed = 2_000;
        next.scheduled = 12_000;
        next.publishSeconds = 60.0;
        Comparison c = compare(new Run(), next);
        assertEquals(0.2, item(c, "error_ratio").next(), 1e-12, "2,000 of 10,000 settled, not of 12,000 scheduled");
        assertEquals(1.0, item(c, "achieved_ratio").next(), 1e-12, "12,000 sent of 12,000 planned");
        assertEquals(List.of("error_ratio", "timeout_ratio", "drop_ratio", "confirmed_ratio", "achieved_ratio",
            "connect_success_ratio"), c.ratios().stream().map(Judged::name).toList());
    }

    @Test
    void successRatiosAreJudgedOnTheirShortfall() {
        Run base = new Run();
        base.targeted = 1000;
        base.connected = 999;             // 99.9 % of the attempts
        base.connectFailed = 1;
        Run next = new Run();
        next.targeted = 1000;
        next.connected = 990;             // 99.0 %: ten times the failures, 0.9 % less of the ratio
        next.connectFailed = 10;
        next.connectFailures.put("timeout", 10L);
        next.publishSeconds = 50.5;       // 10,100 planned, 10,000 sent: 99 % achieved
        Comparison c = compare(base, next);
        Judged connect = item(c, "connect_success_ratio");
        assertEquals(Verdict.WORSE, connect.verdict());
        assertEquals((0.990 - 0.999) / 0.999, connect.change(), 1e-12);
        assertEquals(Verdict.WORSE, item(c, "achieved_ratio").verdict());
        assertEquals(10_000 / 10_100.0, item(c, "achieved_ratio").next(), 1e-12);
        assertTrue(c.shown().contains(new Shown("connect failures by reason", "timeout", Unit.COUNT, 0, 10)));

        Run tiny = new Run();
        tiny.publishSeconds = 50.0025;    // 10,000.5 planned: 0.005 % short, under the floor
        assertEquals(Verdict.SAME, item(compare(new Run(), tiny), "achieved_ratio").verdict());
        Run over = new Run();
        over.publishSeconds = 49.9;       // more sent than planned counts as no shortfall
        assertEquals(Verdict.SAME, item(compare(new Run(), over), "achieved_ratio").verdict());
    }

    @Test
    void ratiosWithoutADenominatorAreNotComparable() {
        Run none = new Run();
        none.scheduled = 0;
        none.confirmed = 0;
        none.target = 0;
        Comparison c = compare(new Run(), none);
        assertEquals(Verdict.NOT_COMPARABLE, item(c, "error_ratio").verdict());
        assertEquals("no settled message in NEW", item(c, "error_ratio").note());
        assertEquals("nothing planned in NEW", item(c, "achieved_ratio").note());
        assertEquals(Verdict.SAME, item(c, "connect_success_ratio").verdict());
    }

    @Test
    void unlikeRunsAreComparedWithAWarningEach() {
        Run base = new Run();
        Run next = new Run();
        next.target = 400;
        next.confirmedRate = 400;
        next.config.put("devices", 40);
        next.config.put("confirm", "puback");
        next.config.put("mix", List.of("epmx-update-keys:1", "dcx-json:3"));
        next.config.put("runId", "another");   // expected to differ: no warning
        next.config.put("seed", 7);
        next.outcome = RunOutcome.STOPPED;
        Comparison c = compare(base, next);
        List<String> w = c.warnings();
        assertEquals(5, w.size(), w.toString());
        assertEquals("not like for like: the target rate differs (BASE 200.0/s, NEW 400.0/s)", w.get(0));
        assertTrue(w.contains("not like for like: devices differs (BASE 20, NEW 40)"), w.toString());
        assertTrue(w.contains("not like for like: confirm differs (BASE status, NEW puback)"), w.toString());
        assertTrue(w.contains("not like for like: mix differs (BASE [epmx-update-keys:1], NEW [epmx-update-keys:1,"
            + " dcx-json:3])"), w.toString());
        assertTrue(w.contains("NEW did not complete (stopped): its numbers cover only part of its plan"));
        assertFalse(c.regression(), "a warning is not a failure");
    }

    @Test
    void aHigherSendLagOnEitherSideWarnsThatItsGeneratorFellBehind() {
        Histogram lag = spread(10_000, 0.1, 2);
        Run base = logged(spread(10_000, 1, 5)).latency("send_lag", lag);
        Run next = logged(spread(10_000, 1, 5)).latency("send_lag", scaled(lag, 10));
        Comparison c = compare(base, next);
        assertEquals(Verdict.WORSE, item(c, "send_lag p99").verdict());
        assertEquals(1, c.warnings().size(), c.warnings().toString());
        assertTrue(c.warnings().get(0).startsWith("NEW's send lag was the higher (p99 1.981 ms in BASE, 19.825 ms in NEW)"),
            c.warnings().get(0));
        Comparison back = compare(next, base);
        assertTrue(back.warnings().get(0).startsWith("BASE's send lag was the higher (p99 19.825 ms in BASE, 1.981 ms in NEW)"),
            back.warnings().toString());
    }
}
