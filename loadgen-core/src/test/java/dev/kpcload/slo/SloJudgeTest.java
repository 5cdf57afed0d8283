package dev.kpcload.slo;

import dev.kpcload.metrics.LatencyRecorders;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Verdicts on hand-made report intervals: the sustained "for" rule, the run so far, abort, and the verdict. */
class SloJudgeTest {

    static Slo slo(String text) {
        return SloParser.parse(text, "--slo");
    }

    /** An interval whose status latencies are all {@code ms}, 100 of them. */
    static Measurement status(long ms) {
        Histogram h = LatencyRecorders.newHistogram();
        h.recordValueWithCount(ms * 1_000_000L, 100);
        return Measurement.builder().addLatency("status", h).build();
    }

    /** An interval of {@code settled} messages of which {@code failed} failed. */
    static Measurement errors(long settled, long failed) {
        return Measurement.builder().messages(new MessageCounts(settled, settled, settled - failed, failed, 0, 0))
            .build();
    }

    /** An interval in which nothing was confirmed. */
    static Measurement nothing() {
        return Measurement.empty();
    }

    /** Feeds 10-second intervals from 0 s; returns what each interval returned. */
    static Slo[] feed(SloJudge judge, Measurement... intervals) {
        Slo[] returned = new Slo[intervals.length];
        for (int i = 0; i < intervals.length; i++) {
            returned[i] = judge.window(i * 10.0, (i + 1) * 10.0, intervals[i]);
        }
        return returned;
    }

    static SloResult only(SloVerdict verdict) {
        assertEquals(1, verdict.results().size());
        return verdict.results().get(0);
    }

    // ---- sustained: "for 30s"

    @Test
    void brokenOnlyOnceFailingIntervalsSpanTheWindow() {
        Slo slo = slo("p99(status) < 250ms for 30s abort");
        SloJudge judge = new SloJudge(List.of(slo));
        assertNull(judge.window(0, 10, status(300)));
        assertEquals(SloOutcome.PASS, only(judge.verdict(Measurement.empty())).outcome(), "10 s of 30");
        assertNull(judge.window(10, 20, status(400)));
        assertEquals(SloOutcome.PASS, only(judge.verdict(Measurement.empty())).outcome(), "20 s of 30");
        assertSame(slo, judge.window(20, 30, status(350)), "30 s of failing intervals: broken, and abort");
        SloResult r = only(judge.verdict(Measurement.empty()));
        assertEquals(SloOutcome.FAIL, r.outcome());
        assertEquals(0.0, r.firstBrokenAtSeconds(), "the start of the failing span");
        assertEquals(30.0, r.sustainedSeconds());
        assertTrue(r.aborted());
        assertEquals(slo.text(), judge.abortedBy());
    }

    @Test
    void thePassingIntervalResetsTheSpan() {
        Slo slo = slo("p99(status) < 250ms for 30s abort");
        SloJudge judge = new SloJudge(List.of(slo));
        Slo[] returned = feed(judge, status(300), status(300), status(100), status(300), status(300), status(300));
        for (int i = 0; i < 5; i++) {
            assertNull(returned[i], "interval " + i);
        }
        assertSame(slo, returned[5], "failing from 30 s to 60 s");
        assertEquals(30.0, only(judge.verdict(Measurement.empty())).firstBrokenAtSeconds());
    }

    @Test
    void neverBrokenWhenNoSpanLastsTheWindow() {
        SloJudge judge = new SloJudge(List.of(slo("p99(status) < 250ms for 30s")));
        feed(judge, status(300), status(300), status(100), status(300), status(300), status(100), status(900));
        SloResult r = only(judge.verdict(Measurement.empty()));
        assertEquals(SloOutcome.PASS, r.outcome());
        assertNull(r.firstBrokenAtSeconds());
        assertEquals((double) status(900).latencies().get("status").getValueAtPercentile(99) / 1e6, r.value(),
            "the worst interval's value is reported, even when it passed");
    }

    @Test
    void anIntervalWithNothingToJudgeNeitherBreaksNorMends() {
        Slo slo = slo("p99(status) < 250ms for 30s abort");
        // fail, nothing, fail: the span from 0 s to 30 s has failed in every interval that had data
        SloJudge judge = new SloJudge(List.of(slo));
        Slo[] returned = feed(judge, status(300), nothing(), status(300));
        assertNull(returned[0]);
        assertNull(returned[1]);
        assertSame(slo, returned[2]);
        assertEquals(0.0, only(judge.verdict(Measurement.empty())).firstBrokenAtSeconds());

        // fail, fail, nothing: the nothing does not break it at 30 s ...
        SloJudge second = new SloJudge(List.of(slo));
        returned = feed(second, status(300), status(300), nothing());
        assertNull(returned[2], "no data does not break");
        assertEquals(SloOutcome.PASS, only(second.verdict(Measurement.empty())).outcome());
        // ... nor mend: the next failure breaks it, from the start of the span
        assertSame(slo, second.window(30, 40, status(300)));
        assertEquals(0.0, only(second.verdict(Measurement.empty())).firstBrokenAtSeconds());

        // fail, fail, nothing, pass, fail, fail: the pass mends, the nothing did not
        SloJudge third = new SloJudge(List.of(slo));
        returned = feed(third, status(300), status(300), nothing(), status(100), status(300), status(300));
        for (Slo r : returned) {
            assertNull(r);
        }
        assertEquals(SloOutcome.PASS, only(third.verdict(Measurement.empty())).outcome());
    }

    @Test
    void theWorstIntervalIsReportedForAnUpperAndALowerBound() {
        SloJudge judge = new SloJudge(List.of(slo("p99(status) < 250ms for 20s"), slo("confirmed_ratio >= 99% for 20s")));
        feed(judge, status(10), errors(1000, 5), status(300), errors(1000, 20), status(20), errors(1000, 1));
        SloVerdict v = judge.verdict(Measurement.empty());
        SloResult latency = v.results().get(0);
        SloResult ratio = v.results().get(1);
        assertEquals(status(300).latencies().get("status").getValueAtPercentile(99) / 1e6, latency.value());
        assertEquals("ms", latency.unit());
        assertEquals(250.0, latency.threshold());
        assertEquals(SloOutcome.PASS, latency.outcome(), "one failing interval of 10 s, not 20");
        assertEquals(0.98, ratio.value(), 1e-12, "the lowest confirmed ratio");
        assertEquals("ratio", ratio.unit());
        assertEquals(0.99, ratio.threshold());
        assertEquals(SloOutcome.PASS, ratio.outcome());
    }

    @Test
    void aWindowShorterThanAnIntervalBreaksInOneInterval() {
        SloJudge judge = new SloJudge(List.of(slo("error_ratio < 1% for 5s")));
        feed(judge, errors(100, 0), errors(100, 50));
        SloResult r = only(judge.verdict(Measurement.empty()));
        assertEquals(SloOutcome.FAIL, r.outcome());
        assertEquals(10.0, r.firstBrokenAtSeconds());
        assertEquals(0.5, r.value());
        assertEquals("50%", r.measured());
    }

    @Test
    void intervalsNeedNotBeTenSecondsNorWhole() {
        // report intervals of 2.5 s: 12 failing ones make 30 s (within a millisecond, as doubles add up)
        Slo slo = slo("p99(status) < 250ms for 30s abort");
        SloJudge judge = new SloJudge(List.of(slo));
        Slo returned = null;
        int i = 0;
        for (; returned == null && i < 100; i++) {
            returned = judge.window(5 + i * 2.5, 5 + (i + 1) * 2.5, status(300));
        }
        assertSame(slo, returned);
        assertEquals(12, i);
        assertEquals(5.0, only(judge.verdict(Measurement.empty())).firstBrokenAtSeconds());
    }

    @Test
    void aSustainedSloWithoutDataHasNoData() {
        SloVerdict never = new SloJudge(List.of(slo("p99(status) < 1s for 30s"))).verdict(status(1));
        assertEquals(SloOutcome.NO_DATA, only(never).outcome());
        assertEquals("no report intervals to judge it on", only(never).margin());
        assertFalse(never.passed());

        SloJudge judge = new SloJudge(List.of(slo("p99(status) < 1s for 30s")));
        feed(judge, nothing(), nothing(), errors(10, 0));
        SloResult r = only(judge.verdict(status(1)));
        assertEquals(SloOutcome.NO_DATA, r.outcome(), "the whole run is not what a sustained SLO is judged on");
        assertEquals("no interval had anything to judge", r.margin());
        assertNull(r.value());
        assertEquals("-", r.measured());
        assertEquals(1000.0, r.threshold());
    }

    // ---- whole run

    @Test
    void aWholeRunSloIsJudgedOnTheWholeRunAndNotesWhenTheRunSoFarBrokeIt() {
        SloJudge judge = new SloJudge(List.of(slo("error_ratio < 1%")));
        // 0 of 1000, then 30 of 1000 (so far 30 of 2000: 1.5 %, broken at 20 s), then 0 of 2000 (30 of 4000)
        feed(judge, errors(1000, 0), errors(1000, 30), errors(2000, 0));
        Measurement whole = errors(4000, 30);
        SloResult r = only(judge.verdict(whole));
        assertEquals(SloOutcome.PASS, r.outcome(), "0.75 % over the whole run");
        assertEquals(30 / 4000.0, r.value());
        assertEquals(20.0, r.firstBrokenAtSeconds(), "the end of the interval at which the run so far broke it");
        assertNull(r.sustainedSeconds());
        assertEquals("0.75%", r.measured());
        assertEquals("-25.0%", r.margin());
    }

    @Test
    void aWholeRunSloFailsOnTheWholeRun() {
        SloVerdict v = SloJudge.judgeWhole(List.of(slo("p99(status) < 250ms"), slo("max(status) < 1s")),
            status(300));
        assertFalse(v.passed());
        assertEquals(SloOutcome.FAIL, v.results().get(0).outcome());
        assertNull(v.results().get(0).firstBrokenAtSeconds(), "judged at the end only");
        assertEquals(SloOutcome.PASS, v.results().get(1).outcome());
        assertEquals(1, v.failures().size());
        assertEquals("p99(status) < 250ms", v.failures().get(0).slo());
        assertEquals("--slo", v.failures().get(0).where());
        assertFalse(v.aborted());
        assertNull(v.abortedBy());
    }

    @Test
    void aWholeRunSloWithNothingMeasuredHasNoData() {
        SloVerdict v = SloJudge.judgeWhole(List.of(slo("p99(status) < 250ms"), slo("error_ratio < 1%")),
            Measurement.empty());
        for (SloResult r : v.results()) {
            assertEquals(SloOutcome.NO_DATA, r.outcome());
            assertEquals("nothing measured to judge it on", r.margin());
            assertNull(r.value());
        }
        assertFalse(v.passed());
        assertEquals(2, v.failures().size());
    }

    @Test
    void aWholeRunAbortStopsTheRunOnceTheRunSoFarBreaksIt() {
        Slo slo = slo("error_ratio < 1% abort");
        SloJudge judge = new SloJudge(List.of(slo));
        Slo[] returned = feed(judge, errors(1000, 0), errors(1000, 30), errors(1000, 30));
        assertNull(returned[0]);
        assertSame(slo, returned[1]);
        assertNull(returned[2], "only once");
        SloVerdict v = judge.verdict(errors(3000, 60));
        assertTrue(v.aborted());
        assertEquals(slo.text(), v.abortedBy());
        assertTrue(only(v).aborted());
        assertTrue(only(v).abort());
        assertEquals(20.0, only(v).firstBrokenAtSeconds());
    }

    // ---- abort

    @Test
    void theFirstBrokenAbortSloIsReturnedOnceOnly() {
        Slo latency = slo("p99(status) < 250ms for 20s abort");
        Slo errors = slo("error_ratio < 1% for 10s abort");
        Slo quiet = slo("max(status) < 1ms for 10s");
        SloJudge judge = new SloJudge(List.of(latency, errors, quiet));
        Measurement bad = status(300).plus(errors(100, 50));
        assertSame(errors, judge.window(0, 10, bad), "error_ratio breaks first (10 s); max(status) does not abort");
        assertNull(judge.window(10, 20, bad), "p99 breaks now, but the run is aborted already");
        assertNull(judge.window(20, 30, bad));
        assertEquals(errors.text(), judge.abortedBy());
        SloVerdict v = judge.verdict(Measurement.empty());
        assertEquals(errors.text(), v.abortedBy());
        assertEquals(List.of(false, true, false), v.results().stream().map(SloResult::aborted).toList());
        assertEquals(List.of(SloOutcome.FAIL, SloOutcome.FAIL, SloOutcome.FAIL),
            v.results().stream().map(SloResult::outcome).toList());
        assertEquals(3, v.failures().size());
    }

    @Test
    void twoAbortSlosBrokenInOneIntervalReturnTheFirstInOrder() {
        Slo a = slo("p99(status) < 250ms abort");
        Slo b = slo("max(status) < 250ms abort");
        SloJudge judge = new SloJudge(List.of(a, b));
        assertSame(a, judge.window(0, 10, status(300)));
        assertNull(judge.window(10, 20, status(300)));
        assertEquals(List.of(true, false),
            judge.verdict(status(300)).results().stream().map(SloResult::aborted).toList());
    }

    @Test
    void theSameExpressionTwiceAbortsAsOne() {
        // given both in a profile and with --slo: only the one that stopped the run says it did
        Slo fromProfile = SloParser.parse("p99(status) < 250ms abort", "p.yaml:3:5");
        Slo fromFlag = slo("p99(status) < 250ms abort");
        SloJudge judge = new SloJudge(List.of(fromProfile, fromFlag));
        assertSame(fromProfile, judge.window(0, 10, status(300)));
        assertEquals(List.of(true, false),
            judge.verdict(status(300)).results().stream().map(SloResult::aborted).toList());
    }

    @Test
    void aBrokenSloWithoutAbortDoesNotStopTheRun() {
        SloJudge judge = new SloJudge(List.of(slo("p99(status) < 250ms for 10s")));
        Slo[] returned = feed(judge, status(300), status(300));
        assertNull(returned[0]);
        assertNull(returned[1]);
        assertNull(judge.abortedBy());
        SloVerdict v = judge.verdict(Measurement.empty());
        assertFalse(v.aborted());
        assertFalse(only(v).aborted());
        assertEquals(SloOutcome.FAIL, only(v).outcome());
    }

    // ---- the verdict

    @Test
    void theVerdictPassesOnlyWhenEverySloPasses() {
        SloVerdict pass = SloJudge.judgeWhole(List.of(slo("p99(status) < 250ms"), slo("max(status) < 1s")), status(100));
        assertTrue(pass.passed());
        assertTrue(pass.failures().isEmpty());
        SloResult r = pass.results().get(0);
        assertEquals(SloOutcome.PASS, r.outcome());
        assertTrue(r.passed());
        assertEquals("p99(status) < 250ms", r.slo());
        assertEquals(status(100).latencies().get("status").getValueAtPercentile(99) / 1e6, r.value());
        assertEquals("100ms", r.measured());
        assertFalse(r.abort());
        assertTrue(SloJudge.judgeWhole(List.of(), status(100)).passed(), "no SLO, nothing to fail");
        assertTrue(new SloJudge(List.of()).isEmpty());
    }
}
