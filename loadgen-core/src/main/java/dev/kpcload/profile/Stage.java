package dev.kpcload.profile;

import dev.kpcload.Sourced;

import java.time.Duration;

/**
 * {@code {duration: 20s, target: 2000/s, warmup: true}}: the rate goes linearly from where the previous stage left
 * it to {@code target} over {@code duration}.
 *
 * @param target events per second at the end, 0 allowed; null: hold the previous rate
 * @param warmup null: false. Messages of a warm-up stage are sent as planned but left out of the results
 */
public record Stage(Sourced<Duration> duration, Sourced<Double> target, Sourced<Boolean> warmup, String where)
        implements StageItem {

    public boolean isWarmup() {
        return warmup != null && warmup.value();
    }
}
