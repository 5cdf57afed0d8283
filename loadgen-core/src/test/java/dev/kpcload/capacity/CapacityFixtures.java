package dev.kpcload.capacity;

import dev.kpcload.metrics.LatencyStats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Capacity results from a model server, for the result, JSON, printer and report tests: a queue in front of a
 * service rate of 1,000/s, whose p99 is {@code 0.5 ms / (1 - load)} below saturation and seconds above it, judged
 * on {@code p99(status) < 250ms} (so the SLO's capacity is 998/s).
 */
public final class CapacityFixtures {

    public static final String SLO = "p99(status) < 250ms";
    public static final double SERVICE_RATE = 1000;

    private CapacityFixtures() {
    }

    /** A search from 100/s that finds about 998/s. */
    public static CapacityResult found() {
        return search(CapacitySettings.defaults(100), Double.POSITIVE_INFINITY);
    }

    /** A search whose generator cannot offer more than {@code generatorLimit}. */
    public static CapacityResult generatorLimited(double generatorLimit) {
        return search(CapacitySettings.defaults(100), generatorLimit);
    }

    /** Stopped before the first step finished. */
    public static CapacityResult stoppedAtOnce() {
        CapacitySearch search = new CapacitySearch(CapacitySettings.defaults(100));
        search.next();
        search.stop();
        return CapacityResult.of(search.result(), List.of(), search.settings(), List.of(SLO), thresholds());
    }

    public static List<LatencyThreshold> thresholds() {
        return List.of(new LatencyThreshold("status", "p99", 250, SLO));
    }

    static CapacityResult search(CapacitySettings settings, double generatorLimit) {
        CapacitySearch search = new CapacitySearch(settings);
        List<CapacityStep> steps = new ArrayList<>();
        double t = 0;
        for (Optional<StepPlan> next = search.next(); next.isPresent(); next = search.next()) {
            CapacityStep step = step(next.get(), t, generatorLimit);
            steps.add(step);
            t = step.endSeconds() + 2; // in-flight messages drain between steps
            search.record(step.verdict());
        }
        return CapacityResult.of(search.result(), steps, settings, List.of(SLO), thresholds());
    }

    /** p99 of the model server at {@code rate}, in ms. */
    public static double p99(double rate) {
        double load = rate / SERVICE_RATE;
        return load < 1 ? Math.min(0.5 / (1 - load), 5000) : 5000 + (load - 1) * 10_000;
    }

    static CapacityStep step(StepPlan plan, double start, double generatorLimit) {
        double rate = plan.offeredRate();
        double measureStart = start + seconds(plan.ramp()) + seconds(plan.settle());
        double end = measureStart + seconds(plan.measure());
        boolean limited = rate > generatorLimit;
        double sent = limited ? generatorLimit : rate * 0.9995;
        double load = rate / SERVICE_RATE;
        double p99 = p99(rate);
        LatencyStats status = new LatencyStats((long) (sent * seconds(plan.measure())), p99 / 4, p99 / 5, p99 / 2, p99,
            p99 * 2, p99 * 3);
        Map<String, LatencyStats> latencies = new LinkedHashMap<>();
        latencies.put("status", status);
        latencies.put("puback", new LatencyStats(status.count(), p99 / 5, p99 / 6, p99 / 3, p99 / 1.5, p99 * 1.8,
            p99 * 2.5));
        double errors = load > 1 ? (load - 1) * 0.1 : 0;
        double timeouts = load > 1.05 ? 0.01 : 0;
        StepOutcome verdict;
        List<CapacityStep.SloMiss> misses = new ArrayList<>();
        if (limited) {
            verdict = StepOutcome.INCONCLUSIVE;
        } else if (p99 < 250) {
            verdict = StepOutcome.PASS;
        } else {
            verdict = StepOutcome.FAIL;
            misses.add(new CapacityStep.SloMiss(SLO, p99, 250, "ms", String.format(java.util.Locale.ROOT,
                "+%.0f ms, +%.0f %%", p99 - 250, 100 * (p99 - 250) / 250)));
        }
        long messages = (long) Math.floor(sent * seconds(plan.measure()));
        return new CapacityStep(plan.index(), plan.purpose(), rate, sent, Math.min(sent, SERVICE_RATE), verdict,
            misses, latencies, errors, timeouts, messages, messages >= plan.minMessages(), start, measureStart, end,
            limited ? "send lag p99 850 ms: the generator fell behind" : null);
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
