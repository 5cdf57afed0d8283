package dev.kpcload.metrics;

/** A kind with a short name: the one the JSON summary, the Prometheus label and the dashboards show. */
public interface Tagged {

    String tag();
}
