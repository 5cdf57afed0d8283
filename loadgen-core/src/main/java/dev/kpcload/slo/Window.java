package dev.kpcload.slo;

/** One report interval's measurement, with its place in the run (seconds from the run's start). */
public record Window(double startSeconds, double endSeconds, Measurement measurement) {
}
