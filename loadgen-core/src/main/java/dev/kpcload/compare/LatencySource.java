package dev.kpcload.compare;

/** Where a latency's compared percentiles came from. */
public enum LatencySource {
    /** Both runs' interval logs: the whole runs' exact histograms, and their distributions can be drawn. */
    INTERVAL_LOG,
    /** The summaries' {@code LatencyStats} (p50, p90, p99, p99.9, max): a side had no interval log. */
    SUMMARY
}
