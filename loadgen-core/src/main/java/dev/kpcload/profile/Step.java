package dev.kpcload.profile;

import dev.kpcload.Sourced;
import dev.kpcload.plan.Rate;

import java.time.Duration;

/**
 * {@code step: {from: 2000/s, by: 2000/s, times: 10, hold: 1m, ramp: 5s}}: {@code times} levels, {@code from},
 * {@code from + by}, ..., each reached over {@code ramp} (a jump when absent or 0) and then held for {@code hold}.
 * The rate stays at the last level afterwards.
 *
 * @param from  the first level; null: the previous rate plus {@code by}
 * @param times how many levels, at least 1
 * @param ramp  null: 0, a jump
 */
public record Step(Sourced<Rate> from, Sourced<Rate> by, Sourced<Integer> times, Sourced<Duration> hold,
                   Sourced<Duration> ramp, String where) implements StageItem {

    /** The rate of level {@code i} (0-based), given the rate before this step. */
    public double levelPerSecond(int i, double previousPerSecond) {
        double first = from == null ? previousPerSecond + by.value().perSecond() : from.value().perSecond();
        return first + i * by.value().perSecond();
    }
}
