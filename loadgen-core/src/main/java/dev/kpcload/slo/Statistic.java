package dev.kpcload.slo;

/** Which figure of a latency distribution an SLO judges. */
public enum Statistic {
    PERCENTILE,
    MAX,
    MEAN
}
