package dev.kpcload.capacity;

import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.LatencyStats;
import dev.kpcload.slo.Measurement;
import dev.kpcload.slo.MessageCounts;
import dev.kpcload.slo.Slo;
import dev.kpcload.slo.SloMetric;
import dev.kpcload.slo.SloOutcome;
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
    /**
     * An event-loop thread busy (running, or runnable and waiting for a CPU) this share of a step or more is
     * saturated: it reads replies late. Measured on a 2-core machine: the I/O thread of a generator at 300 to
     * 2,000 messages/s was busy 0 to 16 % of each second on a quiet machine and up to 26 % niced on one with a load of
     * 15; the same thread niced next to a busy loop on its core was busy 69 to 75 % of a whole step.
     */
    public static final double SATURATED = 0.5;

    private final List<Slo> slos;
    private final long maxSendLagNanos;

    public StepJudge(List<Slo> slos, long maxSendLagNanos) {
        this.slos = List.copyOf(slos);
        this.maxSendLagNanos = maxSendLagNanos;
    }

    /** A step whose messages all settled before the next one began, with nothing known of the generator's CPU. */
    public CapacityStep judge(StepPlan plan, Measurement whole, List<Window> windows, double measureSeconds,
                              double startSeconds, double measureStartSeconds, double endSeconds) {
        return judge(plan, whole, windows, measureSeconds, startSeconds, measureStartSeconds, endSeconds,
            GeneratorState.UNKNOWN);
    }

    /**
     * What the generator knows of itself in a step, beside what it measured.
     *
     * @param drained      whether every message of the step had settled (confirmed, failed, timed out or dropped)
     *                     when its drain ended; when not, the generator still held messages it had not sent or not
     *                     timed out a response timeout after the step, and a pass cannot be trusted
     * @param ioThreadBusy the busiest event-loop thread's share of the step spent running or waiting for a CPU (0 to
     *                     1), or the process's threads' run-queue waits summed over the step when larger, or null
     *                     when unknown; at {@link #SATURATED} or more the loop had no CPU to spare
     */
    public record GeneratorState(boolean drained, Double ioThreadBusy) {
        public static final GeneratorState UNKNOWN = new GeneratorState(true, null);

        boolean saturated() {
            return ioThreadBusy != null && ioThreadBusy >= SATURATED;
        }
    }

    /**
     * @param measureSeconds how long the measured stage lasted
     */
    public CapacityStep judge(StepPlan plan, Measurement whole, List<Window> windows, double measureSeconds,
                              double startSeconds, double measureStartSeconds, double endSeconds,
                              GeneratorState generator) {
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
        if (behind && generator.saturated()) {
            behindWhy += String.format(Locale.ROOT, ", its busiest I/O thread ran or waited for a CPU (or its"
                + " threads together waited for one) %.0f %% of the step", generator.ioThreadBusy() * 100);
        }

        StepOutcome outcome;
        String note = null;
        String kpcsPart;
        if (verdict.passed()) {
            outcome = achieved < MIN_ACHIEVED ? StepOutcome.INCONCLUSIVE : StepOutcome.PASS;
            note = outcome == StepOutcome.INCONCLUSIVE ? behindWhy : null;
        } else if (!behind) {
            outcome = StepOutcome.FAIL;
        } else if ((kpcsPart = kpcsPartBreaks(verdict, whole, generator.saturated())) != null) {
            outcome = StepOutcome.FAIL;
            note = behindWhy + "; " + kpcsPart + ", so the failure is KPC's";
        } else {
            outcome = StepOutcome.INCONCLUSIVE;
            note = behindWhy + "; the SLO breaks only with the generator's lateness in it";
        }
        if (!generator.drained()) {
            String undrained = "messages were still in flight or queued in the generator a response timeout after"
                + " the step (the next step may count them)";
            if (outcome == StepOutcome.PASS) {
                outcome = StepOutcome.INCONCLUSIVE;
            }
            note = note == null ? undrained : note + "; " + undrained;
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
            // each message kind's own, under the interval log's tag (status.dcx-json), after the kinds together
            whole.latencies().entrySet().stream().filter(e -> e.getKey().startsWith(kind.tag() + "."))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> latencies.put(e.getKey(), LatencyStats.of(e.getValue())));
        }
        long settled = m.settled();
        return new CapacityStep(plan.index(), plan.purpose(), plan.offeredRate(), perSecond(m.sent(), measureSeconds),
            perSecond(m.confirmed(), measureSeconds), outcome, misses, latencies,
            settled == 0 ? 0 : (double) m.failed() / settled, settled == 0 ? 0 : (double) m.timedOut() / settled,
            m.scheduled(), m.scheduled() >= plan.minMessages(), startSeconds, measureStartSeconds, endSeconds, note);
    }

    /**
     * Why a broken SLO is broken by KPC alone (null when it is not), though the generator was behind: an error ratio
     * or the connect success ratio (KPC's own answers), a latency whose service time (write to confirmation) breaks it,
     * or an SLO with nothing to judge on because KPC confirmed nothing at all. Not KPC's alone: the timeout, drop,
     * confirmed and achieved ratios (a generator that is behind times out replies it reads late, and drops what it
     * could not send), and a latency with no values while some messages were confirmed (they came back, but too
     * late for the step). When the generator's event loop was saturated, the service time it measured carries its own
     * late reads, and is not KPC's alone either.
     */
    private String kpcsPartBreaks(SloVerdict verdict, Measurement whole, boolean saturated) {
        MessageCounts counts = whole.messages(null);
        for (SloResult r : verdict.failures()) {
            Slo slo = slos.stream().filter(s -> s.text().equals(r.slo())).findFirst().orElse(null);
            if (slo == null) {
                continue;
            }
            if (r.outcome() == SloOutcome.NO_DATA) {
                if (counts.sent() > 0 && counts.confirmed() == 0) {
                    return "KPC confirmed none of the " + counts.sent() + " messages sent";
                }
                continue;
            }
            if (slo.metric() == SloMetric.ERROR_RATIO || slo.metric() == SloMetric.CONNECT_SUCCESS_RATIO) {
                return "KPC's own answers break " + slo.text();
            }
            if (!saturated && (slo.latency() == LatencyKind.STATUS || slo.latency() == LatencyKind.PUBACK
                || slo.latency() == LatencyKind.SERVICE)) {
                Slo kpcPart = new Slo(slo.text(), slo.where(), slo.metric(), LatencyKind.SERVICE, slo.messageKind(),
                    slo.statistic(), slo.percentile(), slo.comparison(), slo.threshold(), 0, false);
                // judged, and broken: a service time with no values says nothing about KPC
                if (SloJudge.judgeWhole(List.of(kpcPart), whole).results().get(0).outcome() == SloOutcome.FAIL) {
                    return "KPC's service time alone breaks the SLO";
                }
            }
        }
        return null;
    }

    private static double perSecond(long count, double seconds) {
        return seconds > 0 ? count / seconds : 0;
    }
}
