package dev.kpcload.capacity;

import dev.kpcload.metrics.LatencyStats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One step of a capacity search, as measured and judged. Rates per second, latencies in milliseconds, times in
 * seconds since the search's first step began.
 *
 * @param achievedRate        messages sent per second over the measured window
 * @param confirmedRate       messages confirmed per second over the measured window
 * @param failedSlos          the SLOs the step broke (empty when it passed)
 * @param latencies           the measured window's latency statistics by latency name ({@code status},
 *                            {@code puback}, {@code service}, ...)
 * @param errorRatio          failed messages / measured messages
 * @param timeoutRatio        timed-out messages / measured messages
 * @param messagesMeasured    messages in the measured window
 * @param percentileStable    whether {@code messagesMeasured} reached the step's minimum for a stable percentile
 * @param startSeconds        when the step began (its ramp)
 * @param measureStartSeconds when its measured window began (after ramp and settle)
 * @param endSeconds          when its measured window ended
 * @param note                anything the verdict alone does not say (why it was inconclusive, ...), or null
 */
public record CapacityStep(int index, StepPurpose purpose, double offeredRate, double achievedRate,
                           double confirmedRate, StepOutcome verdict, List<SloMiss> failedSlos,
                           Map<String, LatencyStats> latencies, double errorRatio, double timeoutRatio,
                           long messagesMeasured, boolean percentileStable, double startSeconds,
                           double measureStartSeconds, double endSeconds, String note) {

    public CapacityStep {
        failedSlos = failedSlos == null ? List.of() : List.copyOf(failedSlos);
        latencies = latencies == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(latencies));
    }

    /**
     * A broken SLO: what was measured against what was allowed.
     *
     * @param slo       the SLO as written, e.g. {@code p99(status) < 250ms}
     * @param measured  the measured value, in {@code unit}
     * @param threshold the SLO's limit, in {@code unit}
     * @param unit      {@code ms} or {@code %}, or empty for a plain number
     * @param by        by how much it was broken, worded (e.g. {@code +62 ms (+25 %)})
     */
    public record SloMiss(String slo, double measured, double threshold, String unit, String by) {
    }

    /** The statistics of one latency, or null when the step measured none of it. */
    public LatencyStats latency(String name) {
        LatencyStats s = latencies.get(name);
        return s == null || s.count() == 0 ? null : s;
    }
}
