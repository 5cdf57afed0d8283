package dev.kpcload.profile;

import java.time.Duration;

/**
 * A linear piece of a staged rate: from {@code fromPerSecond} to {@code toPerSecond} over {@code duration}.
 * Consecutive segments need not meet: a step or spike without ramp is a jump between them.
 *
 * @param where the stage item it comes from
 */
public record Segment(Duration duration, double fromPerSecond, double toPerSecond, boolean warmup, String where) {
}
