package dev.kpcload.capacity;

import dev.kpcload.metrics.LatencyRecorders;
import dev.kpcload.slo.Measurement;
import dev.kpcload.slo.MessageCounts;
import dev.kpcload.slo.SloParser;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StepJudgeTest {

    private static final long MS = 1_000_000;
    private static final StepPlan PLAN = new StepPlan(4, StepPurpose.BISECT, 1000, 0, Duration.ofSeconds(1),
        Duration.ofSeconds(1), Duration.ofSeconds(3), 1000);

    private static Histogram flat(long count, long nanos) {
        Histogram h = LatencyRecorders.newHistogram();
        h.recordValueWithCount(nanos, count);
        return h;
    }

    /** 3,000 messages over 3 s at 1,000/s: status, service and send lag as given, errors as given. */
    private static Measurement step(long statusMs, long serviceMs, long sendLagMs, long failed, long sent) {
        return Measurement.builder()
            .addLatency("status", flat(3000 - failed, statusMs * MS))
            .addLatency("service", flat(3000 - failed, serviceMs * MS))
            .addLatency("send_lag", flat(3000, sendLagMs * MS))
            .messages(new MessageCounts(3000, sent, 3000 - failed, failed, 0, 0))
            .connects(0, 0)
            .planned(3000)
            .build();
    }

    private static StepJudge judge(String... slos) {
        return new StepJudge(SloParser.parseAll(java.util.Arrays.stream(slos)
            .map(s -> dev.kpcload.Sourced.of(s, "--slo")).toList()), 10 * MS);
    }

    private static CapacityStep judged(StepJudge judge, Measurement m) {
        return judge.judge(PLAN, m, List.of(), 3.0, 10, 12, 15);
    }

    @Test
    void aStepWithinItsSlosPasses() {
        CapacityStep s = judged(judge("p99(status) < 250ms", "error_ratio < 1%"), step(20, 18, 1, 0, 3000));
        assertEquals(StepOutcome.PASS, s.verdict());
        assertTrue(s.failedSlos().isEmpty());
        assertEquals(1000, s.achievedRate(), 1e-9);
        assertEquals(3000, s.messagesMeasured());
        assertTrue(s.percentileStable());
        assertNull(s.note());
        assertEquals(20.0, s.latency("status").p99(), 0.1);
    }

    @Test
    void aSlowKpcFailsTheStepAndSaysByHowMuch() {
        CapacityStep s = judged(judge("p99(status) < 250ms"), step(400, 395, 1, 0, 3000));
        assertEquals(StepOutcome.FAIL, s.verdict());
        assertEquals(1, s.failedSlos().size());
        CapacityStep.SloMiss miss = s.failedSlos().get(0);
        assertEquals("p99(status) < 250ms", miss.slo());
        assertEquals(250.0, miss.threshold());
        assertEquals("ms", miss.unit());
        assertTrue(miss.measured() > 399, "measured " + miss.measured());
        assertTrue(miss.by().contains("+"), miss.by());
    }

    @Test
    void aLateGeneratorMakesALatencyFailureInconclusiveWhenKpcsPartHolds() {
        // the reply comes 300 ms after the intended time, but KPC took 5 ms of it: the generator was 295 ms late
        CapacityStep s = judged(judge("p99(status) < 250ms"), step(300, 5, 295, 0, 3000));
        assertEquals(StepOutcome.INCONCLUSIVE, s.verdict());
        assertNotNull(s.note());
        assertTrue(s.note().contains("send lag p99"), s.note());
    }

    @Test
    void aLateGeneratorStillFailsTheStepWhenKpcAloneBreaksTheSlo() {
        CapacityStep s = judged(judge("p99(status) < 250ms"), step(600, 400, 200, 0, 3000));
        assertEquals(StepOutcome.FAIL, s.verdict());
        assertTrue(s.note().contains("KPC's service time alone"), s.note());
    }

    @Test
    void errorsAreKpcsEvenWhenTheGeneratorIsLate() {
        CapacityStep s = judged(judge("error_ratio < 1%"), step(20, 5, 100, 300, 3000));
        assertEquals(StepOutcome.FAIL, s.verdict());
        assertEquals(0.1, s.errorRatio(), 1e-9);
        assertEquals("%", s.failedSlos().get(0).unit());
        assertEquals(10.0, s.failedSlos().get(0).measured(), 1e-9);
    }

    @Test
    void aPassWithTooFewMessagesSentIsInconclusive() {
        // every SLO held, but the generator sent only 90 % of the plan: the rate was not offered
        CapacityStep s = judged(judge("p99(status) < 250ms"), step(20, 18, 1, 0, 2700));
        assertEquals(StepOutcome.INCONCLUSIVE, s.verdict());
        assertTrue(s.note().contains("90.0 % of the planned messages sent"), s.note());
    }

    @Test
    void tooFewMessagesForAStablePercentileAreSaid() {
        StepPlan wantsMore = new StepPlan(1, StepPurpose.PROBE, 1000, 0, Duration.ZERO, Duration.ZERO,
            Duration.ofSeconds(3), 10_000);
        CapacityStep s = judge("p99(status) < 250ms").judge(wantsMore, step(20, 18, 1, 0, 3000), List.of(), 3, 0, 0, 3);
        assertEquals(StepOutcome.PASS, s.verdict());
        assertTrue(!s.percentileStable());
        assertTrue(s.note().contains("fewer than the 10000"), s.note());
    }
}
