package dev.kpcload.result;

import dev.kpcload.slo.SloOutcome;
import dev.kpcload.slo.SloResult;
import dev.kpcload.slo.SloVerdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How an SLO's abort and the run's own outcome combine into the outcome and the verdict the summary shows. */
class RunSummarySloTest {

    private static RunSummary summary(RunOutcome outcome) {
        return new RunSummary(outcome, Map.of(), new RunSummary.Devices(1, 1, 0, Map.of(), Map.of(), 0),
            new RunSummary.Messages(0, 0, 0, 0, Map.of(), 0, 0, Map.of(), 0, Map.of()),
            new RunSummary.Rates(0, 0, 0, 0, 0), new RunSummary.Reports(0, 0, Map.of()), Map.of(),
            new RunSummary.Other(0, 0, 0, 0, 0, "nio", 0));
    }

    private static SloVerdict abortedVerdict() {
        SloResult broken = new SloResult("p99(status) < 5ms for 2s abort", "--slo", SloOutcome.FAIL, 20.0, 5.0, "ms",
            "20ms", "+300.0%", 1.0, 2.0, true, true);
        return SloVerdict.of(List.of(broken), broken.slo());
    }

    @ParameterizedTest
    @CsvSource({
        // stopped early: by the SLO's abort
        "STOPPED, ABORTED, true",
        // the plan completed before the stop was heard: nothing was aborted, the SLO is only broken
        "COMPLETED, COMPLETED, false"})
    void anAbortCountsOnlyWhenItStoppedTheRun(RunOutcome run, RunOutcome shown, boolean aborted) {
        RunSummary judged = summary(run).withSlo(abortedVerdict());
        assertEquals(shown, judged.outcome());
        assertEquals(aborted, judged.slo().aborted());
        assertEquals(aborted, judged.slo().results().get(0).aborted());
        assertEquals(false, judged.slo().passed());
    }
}
