package dev.kpcload.run;

import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.LatencyRecorders;
import dev.kpcload.metrics.LatencySample;
import dev.kpcload.metrics.LatencyTotals;
import dev.kpcload.metrics.RunCounters;
import dev.kpcload.metrics.RunPhase;
import dev.kpcload.metrics.TimelinePoint;
import dev.kpcload.slo.Measurement;
import dev.kpcload.slo.SloJudge;
import dev.kpcload.slo.SloParser;
import dev.kpcload.slo.SloVerdict;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An {@code abort} SLO stops the run while there is something to stop, and only then counts as an abort. */
class SloWatchTest {

    private static final String SLO = "p99(status) < 5ms for 2s abort";

    private final RunControl control = new RunControl();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final LatencyTotals totals = new LatencyTotals(new LatencyRecorders());
    private final SloWatch watch = new SloWatch(new SloJudge(List.of(SloParser.parse(SLO, "--slo"))),
        new WindowMeasurer(new RunCounters(), List.of("epmx-update-keys"), Map.of("epmx-update-keys", 1.0), () -> 0),
        control, new PrintStream(err, true, StandardCharsets.UTF_8));

    /** One second of replies 20 ms after their intended times: every interval breaks the SLO. */
    private void slowSecond(double end, RunPhase phase) {
        LatencySample interval = totals.sampleInterval();
        Histogram status = interval.get(LatencyKind.STATUS);
        status.recordValueWithCount(20_000_000, 100);
        watch.onInterval(interval, new TimelinePoint(end, phase, 10, 100, 100, 100, 0, 0, 0, Map.of()));
    }

    private SloVerdict verdict() {
        return watch.verdict(Measurement.empty());
    }

    @Test
    void brokenWhilePublishingItStopsTheRunAndSaysSo() {
        slowSecond(1, RunPhase.PUBLISH);
        assertFalse(control.stopRequested(), "one failing second is not yet its 2 s window");
        slowSecond(2, RunPhase.PUBLISH);
        assertTrue(control.stopRequested());
        assertEquals("loadgen run: SLO '" + SLO + "' (--slo) broken at 2.0 s: aborting the run, as its 'abort' asks\n",
            err.toString(StandardCharsets.UTF_8));
        SloVerdict verdict = verdict();
        assertEquals(SLO, verdict.abortedBy());
        assertTrue(verdict.results().get(0).aborted());
        assertEquals(0.0, verdict.results().get(0).firstBrokenAtSeconds());
    }

    @Test
    void brokenOnlyOnceThePlanHadEndedItIsBrokenNotAnAbort() {
        slowSecond(1, RunPhase.PUBLISH);
        slowSecond(2, RunPhase.CLOSING);
        assertFalse(control.stopRequested(), "nothing left to stop");
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        SloVerdict verdict = verdict();
        assertFalse(verdict.passed());
        assertNull(verdict.abortedBy());
        assertFalse(verdict.results().get(0).aborted());
        assertTrue(verdict.results().get(0).abort(), "it still asked for an abort");
        assertEquals(0.0, verdict.results().get(0).firstBrokenAtSeconds());
    }

    @Test
    void aRunStoppedByCtrlCFirstWasNotAbortedByTheSlo() {
        control.requestStop();
        slowSecond(1, RunPhase.PUBLISH);
        slowSecond(2, RunPhase.PUBLISH);
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        assertNull(verdict().abortedBy());
        assertFalse(verdict().passed());
    }
}
