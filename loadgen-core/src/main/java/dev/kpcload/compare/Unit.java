package dev.kpcload.compare;

/** What a compared number is, for printing it. */
public enum Unit {
    COUNT, PER_SECOND, MILLIS, RATIO
}
