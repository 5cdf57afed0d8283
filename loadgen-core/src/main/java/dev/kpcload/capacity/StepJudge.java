package dev.kpcload.capacity;

import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.LatencyStats;
import dev.kpcload.slo.Measurement;
import dev.kpcload.slo.MessageCounts;
import dev.kpcload.slo.Slo;
import dev.kpcload.slo.SloJudge;
import dev.kpcload.slo.SloResult;
import dev.kpcload.slo.SloVerdict;
import dev.kpcload.slo.Window;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Judges one step of a capacity search on what its measured stage recorded: pass when every SLO held; fail when
 * one broke and KPC is to blame; inconclusive when the generator fell behind its own plan (send lag above the
 * budget, or too few messages sent) and the SLO broke only with the generator's lateness in it.
 *
 * <p>Latencies from intended send time include the generator's own lag. When the generator is behind, a latency SLO
 * is judged again on the service time (actual write to confirmation): if KPC's part alone breaks it, the step fails
 * on KPC's account; if not, the step cannot tell, and says so.
 */
public final class StepJudge {

    /** Below this share of the planned messages sent, the generator did not offer the step's rate. */
    public static final double MIN_ACHIEVED = 0.99;

    private final List<Slo> slos;
    private final long maxSendLagNanos;

    public StepJudge(List<Slo> slos, long maxSendLagNanos) {
        this.slos = List.copyOf(slos);
        this.maxSendLagNanos = maxSendLagNanos;
    }

    /**
     * @param offeredRate the fleet's rate in the step (every shard's together)
     * @param measureSeconds how long the measured stage lasted
     */
    public CapacityStep judge(StepPlan plan, Measurement whole, List<Window> windows, double measureSeconds,
                              double startSeconds, double measureStartSeconds, double endSeconds) {
        SloJudge judge = new SloJudge(slos);
        windows.forEach(w -> judge.window(w.startSeconds(), w.endSeconds(), w.measurement()));
        SloVerdict verdict = judge.verdict(whole);

        MessageCounts m = whole.messages(null);
        double planned = whole.plannedMessages(null);
        double achieved = planned >= 1 ? m.sent() / planned : 1;
        Histogram lag = whole.latency(LatencyKind.SEND_LAG, null);
        long lagP99 = lag == null ? 0 : lag.getValueAtPercentile(99);
        boolean behind = lagP99 > maxSendLagNanos || achieved < MIN_ACHIEVED;
        String behindWhy = behind ? String.format(Locale.ROOT, "generator behind its plan: send lag p99 %.1f ms"
            + " (budget %.1f ms), %.1f %% of the planned messages sent", lagP99 / 1e6, maxSendLagNanos / 1e6,
            achieved * 100) : null;

        StepOutcome outcome;
        String note = null;
        if (verdict.passed()) {
            outcome = achieved < MIN_ACHIEVED ? StepOutcome.INCONCLUSIVE : StepOutcome.PASS;
            note = outcome == StepOutcome.INCONCLUSIVE ? behindWhy : null;
        } else if (!behind) {
            outcome = StepOutcome.FAIL;
        } else if (failsOnKpcsPart(verdict, whole)) {
            outcome = StepOutcome.FAIL;
            note = behindWhy + "; KPC's service time alone breaks the SLO, so the failure is KPC's";
        } else {
            outcome = StepOutcome.INCONCLUSIVE;
            note = behindWhy + "; the SLO breaks only with the generator's lateness in it";
        }
        if (m.scheduled() < plan.minMessages()) {
            String few = m.scheduled() + " messages measured, fewer than the " + plan.minMessages()
                + " a stable percentile needs";
            note = note == null ? few : note + "; " + few;
        }
        List<CapacityStep.SloMiss> misses = new ArrayList<>();
        for (SloResult r : verdict.failures()) {
            boolean ratio = "ratio".equals(r.unit());
            misses.add(new CapacityStep.SloMiss(r.slo(), r.value() == null ? Double.NaN
                : ratio ? r.value() * 100 : r.value(), ratio ? r.threshold() * 100 : r.threshold(),
                ratio ? "%" : "ms", r.value() == null ? "no data" : r.measured() + " (" + r.margin() + ")"));
        }
        Map<String, LatencyStats> latencies = new LinkedHashMap<>();
        for (LatencyKind kind : LatencyKind.values()) {
            Histogram h = whole.latency(kind, null);
            if (h != null) {
                latencies.put(kind.tag(), LatencyStats.of(h));
            }
        }
        long settled = m.settled();
        return new CapacityStep(plan.index(), plan.purpose(), plan.offeredRate(), perSecond(m.sent(), measureSeconds),
            perSecond(m.confirmed(), measureSeconds), outcome, misses, latencies,
            settled == 0 ? 0 : (double) m.failed() / settled, settled == 0 ? 0 : (double) m.timedOut() / settled,
            m.scheduled(), m.scheduled() >= plan.minMessages(), startSeconds, measureStartSeconds, endSeconds, note);
    }

    /** Whether a broken SLO is broken by KPC alone: a ratio, or a latency whose service time breaks it too. */
    private boolean failsOnKpcsPart(SloVerdict verdict, Measurement whole) {
        for (SloResult r : verdict.failures()) {
            Slo slo = slos.stream().filter(s -> s.text().equals(r.slo())).findFirst().orElse(null);
            if (slo == null) {
                continue;
            }
            if (slo.metric().isRatio() && slo.metric() != dev.kpcload.slo.SloMetric.ACHIEVED_RATIO) {
                return true;
            }
            if (slo.latency() == LatencyKind.STATUS || slo.latency() == LatencyKind.PUBACK
                || slo.latency() == LatencyKind.SERVICE) {
                Slo kpcPart = new Slo(slo.text(), slo.where(), slo.metric(), LatencyKind.SERVICE, slo.messageKind(),
                    slo.statistic(), slo.percentile(), slo.comparison(), slo.threshold(), 0, false);
                if (!SloJudge.judgeWhole(List.of(kpcPart), whole).passed()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static double perSecond(long count, double seconds) {
        return seconds > 0 ? count / seconds : 0;
    }
}
