package dev.kpcload.metrics;

import java.util.Map;

/**
 * One report interval of a run, as the progress line shows it and the HTML report plots it.
 *
 * @param endSeconds       end of the interval, seconds since the run started
 * @param phase            where the run was at the end of the interval
 * @param devicesConnected connected at the end of the interval
 * @param targetRate       the plan's mean rate over the interval (0 before publishing), messages per second
 * @param sentRate         messages written per second in the interval
 * @param confirmedRate    messages confirmed per second in the interval
 * @param failed           failed messages so far (cumulative), likewise {@code timedOut}, {@code dropped}
 * @param latencies        the interval's latencies by kind tag ({@link LatencyKind#tag()}), milliseconds
 */
public record TimelinePoint(double endSeconds, RunPhase phase, long devicesConnected, double targetRate,
                            double sentRate, double confirmedRate, long failed, long timedOut, long dropped,
                            Map<String, LatencyStats> latencies) {
}
