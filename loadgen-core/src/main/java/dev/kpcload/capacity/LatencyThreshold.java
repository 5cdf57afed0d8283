package dev.kpcload.capacity;

/**
 * A latency SLO's limit as plain values, for the capacity page's threshold line.
 *
 * @param latency     the latency it judges ({@code status}, {@code puback}, ...)
 * @param statistic   {@code p50}, {@code p90}, {@code p99}, {@code p99.9}, {@code max} or {@code mean}
 * @param thresholdMs the limit in milliseconds
 * @param slo         the SLO as written, for the label
 */
public record LatencyThreshold(String latency, String statistic, double thresholdMs, String slo) {
}
