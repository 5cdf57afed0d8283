package dev.kpcload.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * Common load shapes compiled to {@link Stage}s. Each list is self-contained: its first stage jumps to the shape's
 * first rate, so it means the same whatever precedes it, and lists concatenate (a warm-up, then steps). Wrap one in
 * {@link RateProfile#of(List)}.
 */
public final class Shapes {

    private Shapes() {
    }

    /**
     * A staircase: {@code times} levels, {@code from}, {@code from + by}, ... ({@code by} may be negative for a
     * staircase down, as long as every level is at least 0), each held {@code levelNanos}. Between levels the rate
     * ramps linearly over {@code rampNanos}, or jumps when {@code rampNanos} is 0. Lasts
     * {@code times * levelNanos + (times - 1) * rampNanos}.
     */
    public static List<Stage> step(double from, double by, int times, long levelNanos, long rampNanos) {
        if (times < 1) {
            throw new IllegalArgumentException("a step shape needs at least 1 level, got " + times);
        }
        if (rampNanos < 0) {
            throw new IllegalArgumentException("step ramp must not be negative, got " + rampNanos + " ns");
        }
        if (!Double.isFinite(by)) {
            throw new IllegalArgumentException("step increment must be finite, got " + by);
        }
        List<Stage> stages = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            double level = from + i * by;
            Stage.checkRate("step level " + (i + 1), level);
            if (i == 0 || rampNanos == 0) {
                stages.add(Stage.at(levelNanos, level));
            } else {
                stages.add(Stage.ramp(rampNanos, level));
                stages.add(Stage.ramp(levelNanos, level));
            }
        }
        return List.copyOf(stages);
    }

    /**
     * A spike: from {@code base} up to {@code to} linearly over {@code rampNanos}, held {@code holdNanos}, back down
     * to {@code base} over {@code backNanos}. A zero ramp jumps straight to {@code to}; a zero hold is a peak; a zero
     * way back ends the shape at {@code to}. At least one of the three must be more than 0.
     */
    public static List<Stage> spike(double base, double to, long rampNanos, long holdNanos, long backNanos) {
        Stage.checkRate("spike base", base);
        Stage.checkRate("spike peak", to);
        if (rampNanos < 0 || holdNanos < 0 || backNanos < 0) {
            throw new IllegalArgumentException("spike durations must not be negative");
        }
        List<Stage> stages = new ArrayList<>();
        if (rampNanos > 0) {
            stages.add(new Stage(rampNanos, to, false, base));
        }
        if (holdNanos > 0) {
            stages.add(stages.isEmpty() ? Stage.at(holdNanos, to) : Stage.ramp(holdNanos, to));
        }
        if (backNanos > 0) {
            stages.add(stages.isEmpty() ? new Stage(backNanos, base, false, to) : Stage.ramp(backNanos, base));
        }
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a spike needs a ramp, a hold or a way back longer than 0");
        }
        return List.copyOf(stages);
    }
}
