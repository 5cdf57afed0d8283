package dev.kpcload.capacity;

import dev.kpcload.Sourced;
import dev.kpcload.metrics.LatencyRecorders;
import dev.kpcload.slo.Measurement;
import dev.kpcload.slo.MessageCounts;
import dev.kpcload.slo.SloParser;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How {@link StepJudge} weighs what the generator knows of itself: a starved event loop, a step that did not drain,
 * nothing measured, ratios that are not KPC's alone; and each message kind's latencies in the step.
 */
class StepJudgeGeneratorTest {

    private static final long MS = 1_000_000;
    private static final StepPlan PLAN = new StepPlan(1, StepPurpose.PROBE, 1000, 0, Duration.ofSeconds(1),
        Duration.ofSeconds(1), Duration.ofSeconds(3), 1000);

    private static Histogram flat(long count, long nanos) {
        Histogram h = LatencyRecorders.newHistogram();
        h.recordValueWithCount(nanos, count);
        return h;
    }

    private static Measurement.Builder step(long statusMs, long serviceMs, long sendLagMs, MessageCounts counts) {
        Measurement.Builder b = Measurement.builder()
            .addLatency("send_lag", flat(counts.sent(), sendLagMs * MS))
            .messages(counts)
            .planned(3000);
        if (counts.confirmed() > 0) {
            b.addLatency("status", flat(counts.confirmed(), statusMs * MS))
                .addLatency("service", flat(counts.confirmed(), serviceMs * MS));
        }
        return b;
    }

    private static MessageCounts confirmedAll() {
        return new MessageCounts(3000, 3000, 3000, 0, 0, 0);
    }

    private static StepJudge judge(String... slos) {
        return new StepJudge(SloParser.parseAll(Arrays.stream(slos).map(s -> Sourced.of(s, "--slo")).toList()),
            10 * MS);
    }

    private static CapacityStep judged(StepJudge judge, Measurement m, StepJudge.GeneratorState generator) {
        return judge.judge(PLAN, m, List.of(), 3.0, 10, 12, 15, generator);
    }

    @Test
    void aSaturatedGeneratorsOwnServiceTimeDoesNotBlameKpc() {
        // the generator read its replies 900 ms late: the service time it measured is its own lateness too
        Measurement m = step(20_000, 900, 19_000, confirmedAll()).build();
        CapacityStep unknown = judged(judge("p99(status) < 500ms"), m, StepJudge.GeneratorState.UNKNOWN);
        assertEquals(StepOutcome.FAIL, unknown.verdict(), "without knowing the CPU, the service time is KPC's");
        CapacityStep starved = judged(judge("p99(status) < 500ms"), m, new StepJudge.GeneratorState(true, 0.75));
        assertEquals(StepOutcome.INCONCLUSIVE, starved.verdict());
        assertTrue(starved.note().contains("busiest I/O thread ran or waited for a CPU (or its threads together waited for one) 75 % of the step"),
            starved.note());
        CapacityStep idle = judged(judge("p99(status) < 500ms"), m, new StepJudge.GeneratorState(true, 0.2));
        assertEquals(StepOutcome.FAIL, idle.verdict(), "an idle loop reads on time: the service time is KPC's");
    }

    @Test
    void errorsStayKpcsEvenWhenTheGeneratorIsSaturated() {
        MessageCounts errors = new MessageCounts(3000, 3000, 2700, 300, 0, 0);
        CapacityStep s = judged(judge("error_ratio < 1%"), step(20_000, 900, 19_000, errors).build(),
            new StepJudge.GeneratorState(true, 0.9));
        assertEquals(StepOutcome.FAIL, s.verdict());
        assertTrue(s.note().contains("KPC's own answers break error_ratio < 1%"), s.note());
    }

    @Test
    void timeoutsOfALateGeneratorAreNotKpcsAlone() {
        // a generator that is behind times out replies it reads late
        MessageCounts timeouts = new MessageCounts(3000, 3000, 2700, 0, 300, 0);
        CapacityStep s = judged(judge("timeout_ratio < 1%"), step(20, 5, 300, timeouts).build(),
            StepJudge.GeneratorState.UNKNOWN);
        assertEquals(StepOutcome.INCONCLUSIVE, s.verdict());
        CapacityStep onTime = judged(judge("timeout_ratio < 1%"), step(20, 5, 1, timeouts).build(),
            StepJudge.GeneratorState.UNKNOWN);
        assertEquals(StepOutcome.FAIL, onTime.verdict(), "on time, the timeouts are KPC's");
    }

    @Test
    void noLatencyWhileSomeCameBackIsNotKpcsButNothingConfirmedIs() {
        // confirmations counted, but their latencies fell outside the step: the generator was too late to tell
        Measurement late = Measurement.builder().addLatency("send_lag", flat(3000, 20_000 * MS))
            .messages(new MessageCounts(3000, 3000, 500, 0, 0, 0)).planned(3000).build();
        assertEquals(StepOutcome.INCONCLUSIVE,
            judged(judge("p99(status) < 500ms"), late, StepJudge.GeneratorState.UNKNOWN).verdict());
        MessageCounts silent = new MessageCounts(3000, 3000, 0, 0, 3000, 0);
        CapacityStep s = judged(judge("p99(status) < 500ms"), step(0, 0, 20_000, silent).build(),
            StepJudge.GeneratorState.UNKNOWN);
        assertEquals(StepOutcome.FAIL, s.verdict());
        assertTrue(s.note().contains("KPC confirmed none of the 3000 messages sent"), s.note());
    }

    @Test
    void aPassThatDidNotDrainIsInconclusiveAndAFailSaysSo() {
        StepJudge judge = judge("p99(status) < 500ms");
        CapacityStep pass = judged(judge, step(20, 18, 1, confirmedAll()).build(),
            new StepJudge.GeneratorState(false, null));
        assertEquals(StepOutcome.INCONCLUSIVE, pass.verdict());
        assertTrue(pass.note().contains("still in flight or queued"), pass.note());
        CapacityStep fail = judged(judge, step(900, 890, 1, confirmedAll()).build(),
            new StepJudge.GeneratorState(false, null));
        assertEquals(StepOutcome.FAIL, fail.verdict());
        assertTrue(fail.note().contains("still in flight or queued"), fail.note());
    }

    @Test
    void eachKindsLatenciesAreKeptBesideTheWhole() {
        Measurement m = step(20, 18, 1, confirmedAll())
            .addLatency("status.dcx-json", flat(1000, 30 * MS))
            .addLatency("status.epmx-update-keys", flat(2000, 15 * MS))
            .build();
        CapacityStep s = judged(judge("p99(status) < 500ms"), m, StepJudge.GeneratorState.UNKNOWN);
        assertEquals(List.of("status", "status.dcx-json", "status.epmx-update-keys", "service", "send_lag"),
            List.copyOf(s.latencies().keySet()));
        assertEquals(1000, s.latency("status.dcx-json").count());
        assertEquals(30.0, s.latency("status.dcx-json").p99(), 0.1);
        assertFalse(s.latencies().containsKey("puback"));
    }
}
