package dev.kpcload.profile;

import dev.kpcload.Sourced;
import dev.kpcload.plan.Rate;

import java.time.Duration;

/**
 * {@code spike: {to: 10000/s, ramp: 5s, hold: 30s, back: 10s}}: from the previous rate up to {@code to} over
 * {@code ramp}, held for {@code hold}, then back to the previous rate over {@code back}. The next item goes on
 * from the previous rate.
 *
 * @param ramp null: 0, a jump up
 * @param back null: 0, a jump back down at the end of {@code hold}
 */
public record Spike(Sourced<Rate> to, Sourced<Duration> ramp, Sourced<Duration> hold, Sourced<Duration> back,
                    String where) implements StageItem {
}
