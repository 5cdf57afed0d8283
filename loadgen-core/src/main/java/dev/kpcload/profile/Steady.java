package dev.kpcload.profile;

import dev.kpcload.Sourced;
import dev.kpcload.plan.Rate;

import java.time.Duration;

/**
 * One rate held: {@code rate: 500/s} (and in {@code publish:} optionally {@code duration: 10m}).
 *
 * @param duration null: until stopped (publish), until every device has connected (connect, which has none)
 */
public record Steady(Sourced<Rate> rate, Sourced<Duration> duration, String where)
        implements ConnectShape, PublishShape {
}
