package dev.kpcload.run;

import dev.kpcload.capacity.CapacityPrinter;
import dev.kpcload.capacity.CapacityResult;
import dev.kpcload.capacity.CapacitySearch;
import dev.kpcload.capacity.CapacityStep;
import dev.kpcload.capacity.LatencyThreshold;
import dev.kpcload.capacity.StepJudge;
import dev.kpcload.capacity.StepPlan;
import dev.kpcload.slo.Slo;
import dev.kpcload.slo.Statistic;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Drives a {@link CapacitySearch} over a stepped run: each step the search asks for becomes a step of the run (this
 * process's share of its rate), and what the step measured is judged and told back to the search.
 */
public final class CapacityDriver implements SteppedPlan {

    private final CapacitySearch search;
    private final StepJudge judge;
    private final List<Slo> slos;
    private final int shards;
    private final PrintStream out;
    private final List<CapacityStep> steps = new ArrayList<>();
    private final CapacityCpuWatch cpu = new CapacityCpuWatch();
    private StepPlan current;

    public CapacityDriver(CapacitySearch search, StepJudge judge, List<Slo> slos, int shards, PrintStream out) {
        this.search = search;
        this.judge = judge;
        this.slos = List.copyOf(slos);
        this.shards = shards;
        this.out = out;
    }

    @Override
    public Step next() {
        Optional<StepPlan> next = search.next();
        if (next.isEmpty()) {
            return null;
        }
        current = next.get();
        out.printf(java.util.Locale.ROOT, "capacity: step %d (%s): %s offered, measuring %s%n", current.index(),
            current.purpose(), new dev.kpcload.plan.Rate(current.offeredRate()),
            dev.kpcload.plan.DurationParser.format(java.time.Duration.ofNanos(measureNanos(current))));
        cpu.start();
        return new Step(current.index(), current.offeredRate() / shards, current.ramp().toNanos(),
            current.settle().toNanos(), measureNanos(current), current.previousRate() / shards);
    }

    /** At least the step's measure time, and long enough for its messages at its rate (a stable percentile). */
    static long measureNanos(StepPlan plan) {
        long forMessages = (long) Math.ceil(plan.minMessages() / plan.offeredRate() * 1e9);
        return Math.max(plan.measure().toNanos(), forMessages);
    }

    @Override
    public void measured(StepMeasurement m) {
        measured(m, cpu.busiestShare());
    }

    /**
     * A step measured by shard processes: {@code busiestShare} is the busiest I/O thread's CPU share over every
     * shard (null when none could tell), in place of this process's own.
     */
    void measured(StepMeasurement m, Double busiestShare) {
        double measureSeconds = m.endSeconds() - m.measureStartSeconds();
        double planSeconds = m.step().measureNanos() / 1e9;
        CapacityStep step = judge.judge(current, m.whole(), m.windows(), Math.min(measureSeconds, planSeconds),
            m.startSeconds(), m.measureStartSeconds(), m.measureStartSeconds() + planSeconds,
            new StepJudge.GeneratorState(m.drained(), busiestShare));
        steps.add(step);
        search.record(step.verdict());
        CapacityPrinter.printStep(step, latencyShown(), out);
        current = null;
    }

    /** The result so far; a search that was stopped before it ended says so. */
    public CapacityResult result() {
        if (!search.done()) {
            search.stop();
        }
        return CapacityResult.of(search.result(), steps, search.settings(), slos.stream().map(Slo::text).toList(),
            thresholds(slos));
    }

    private String latencyShown() {
        List<LatencyThreshold> limits = thresholds(slos);
        return limits.isEmpty() ? "status" : limits.get(0).latency();
    }

    /** The latency SLOs' limits, for the charts' threshold lines. */
    static List<LatencyThreshold> thresholds(List<Slo> slos) {
        List<LatencyThreshold> limits = new ArrayList<>();
        for (Slo slo : slos) {
            if (slo.latency() == null || slo.messageKind() != null) {
                continue;
            }
            String statistic = slo.statistic() == Statistic.MAX ? "max" : slo.statistic() == Statistic.MEAN ? "mean"
                : "p" + trim(slo.percentile());
            limits.add(new LatencyThreshold(slo.latency().tag(), statistic, slo.threshold() / 1e6, slo.text()));
        }
        return limits;
    }

    private static String trim(double q) {
        return q == Math.rint(q) ? Long.toString((long) q) : Double.toString(q);
    }
}
