package dev.kpcload.profile;

import dev.kpcload.Sourced;

import java.time.Duration;
import java.util.List;

/**
 * A rate that moves through stages, k6-style: {@code start:} then {@code stages:}, each item a plain
 * {@link Stage}, a {@link Step} or a {@link Spike}, taken in order, each from the rate the previous one left.
 *
 * @param start  events per second before the first stage, 0 allowed; null: 0
 * @param stages at least one
 */
public record Staged(Sourced<Double> start, List<StageItem> stages, String where)
        implements ConnectShape, PublishShape {

    public Staged {
        stages = List.copyOf(stages);
    }

    /** The stages as plain linear segments, in order: what a piecewise-linear schedule takes. */
    public List<Segment> segments() {
        return StageExpander.expand(startPerSecond(), stages);
    }

    /** The rate before the first stage, events per second. */
    public double startPerSecond() {
        return start == null ? 0 : start.value();
    }

    /** How long all stages take together. */
    public Duration duration() {
        Duration total = Duration.ZERO;
        for (Segment segment : segments()) {
            total = total.plus(segment.duration());
        }
        return total;
    }
}
