package dev.kpcload.capacity;

import dev.kpcload.metrics.LatencyStats;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The result of {@code loadgen capacity}, as printed, written as JSON and drawn.
 *
 * @param maxSustainableRate the highest rate that passed a step and its confirmation hold; null when none did
 * @param knee               where latency against offered rate bends (Kneedle), or null when the curve has no knee
 * @param latency            the latency the knee and the charts use (the first latency SLO's, else {@code status},
 *                           else {@code puback}); null when no step measured any
 * @param explanation        what the outcome means
 * @param remedy             what to do about it, or null
 * @param slos               every SLO of the search, as written
 * @param thresholds         the latency SLOs' limits, for the charts
 */
public record CapacityResult(SearchOutcome outcome, Double maxSustainableRate, Knee knee, Bracket bracket,
                             String explanation, String remedy, String latency, List<CapacityStep> steps,
                             List<String> slos, List<LatencyThreshold> thresholds, CapacitySettings settings) {

    /** The statistic the knee is found on when no latency SLO names one. */
    public static final String DEFAULT_STATISTIC = "p99";

    public CapacityResult {
        steps = steps == null ? List.of() : List.copyOf(steps);
        slos = slos == null ? List.of() : List.copyOf(slos);
        thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
    }

    /**
     * The knee of latency against offered rate.
     *
     * @param rate      offered messages per second at the knee
     * @param latencyMs the latency statistic there
     * @param latency   which latency ({@code status}, ...)
     * @param statistic which statistic of it ({@code p99}, ...)
     */
    public record Knee(double rate, double latencyMs, String latency, String statistic) {
    }

    /** Puts a finished search, its steps and its SLOs together, and finds the knee. */
    public static CapacityResult of(SearchResult search, List<CapacityStep> steps, CapacitySettings settings,
                                    List<String> slos, List<LatencyThreshold> thresholds) {
        List<CapacityStep> all = steps == null ? List.of() : steps;
        List<LatencyThreshold> limits = thresholds == null ? List.of() : thresholds;
        String latency = judgedLatency(all, limits);
        String statistic = limits.isEmpty() || statistic(limits.get(0).statistic()) == null ? DEFAULT_STATISTIC
            : limits.get(0).statistic();
        Knee knee = latency == null ? null : knee(all, latency, statistic);
        return new CapacityResult(search.outcome(), search.maxSustainableRate(), knee, search.bracket(),
            search.explanation(), search.remedy(), latency, all, slos, limits, settings);
    }

    /**
     * The knee of {@code statistic} of {@code latency} against offered rate over the steps that passed or failed
     * (an inconclusive step measured the generator), by {@link Kneedle} on a convex increasing curve.
     */
    public static Knee knee(List<CapacityStep> steps, String latency, String statistic) {
        ToDoubleFunction<LatencyStats> pick = statistic(statistic);
        if (pick == null) {
            throw new IllegalArgumentException("unknown statistic: " + statistic);
        }
        List<Kneedle.Point> points = new ArrayList<>();
        for (CapacityStep s : steps) {
            LatencyStats l = s.latency(latency);
            if (l != null && s.verdict() != StepOutcome.INCONCLUSIVE) {
                points.add(new Kneedle.Point(s.offeredRate(), pick.applyAsDouble(l)));
            }
        }
        return Kneedle.find(points, Kneedle.Shape.CONVEX_INCREASING)
            .map(k -> new Knee(k.x(), k.y(), latency, statistic))
            .orElse(null);
    }

    /** How to read {@code statistic} ({@code p99}, {@code p99.9}, ...) from the stats, or null when unknown. */
    public static ToDoubleFunction<LatencyStats> statistic(String statistic) {
        if (statistic == null) {
            return null;
        }
        return switch (statistic) {
            case "p50" -> LatencyStats::p50;
            case "p90" -> LatencyStats::p90;
            case "p99" -> LatencyStats::p99;
            case "p99.9", "p999" -> LatencyStats::p999;
            case "max" -> LatencyStats::max;
            case "mean" -> LatencyStats::mean;
            default -> null;
        };
    }

    private static String judgedLatency(List<CapacityStep> steps, List<LatencyThreshold> thresholds) {
        if (!thresholds.isEmpty()) {
            return thresholds.get(0).latency();
        }
        for (String name : new String[] {"status", "puback"}) {
            for (CapacityStep s : steps) {
                if (s.latency(name) != null) {
                    return name;
                }
            }
        }
        return null;
    }
}
