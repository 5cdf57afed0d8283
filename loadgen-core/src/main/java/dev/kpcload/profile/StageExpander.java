package dev.kpcload.profile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Turns stage items (plain stages, steps, spikes) into the linear segments they stand for. */
final class StageExpander {

    private StageExpander() {
    }

    static List<Segment> expand(double startPerSecond, List<StageItem> items) {
        List<Segment> segments = new ArrayList<>();
        double rate = startPerSecond;
        for (StageItem item : items) {
            if (item instanceof Stage stage) {
                double target = stage.target() == null ? rate : stage.target().value();
                segments.add(new Segment(stage.duration().value(), rate, target, stage.isWarmup(), stage.where()));
                rate = target;
            } else if (item instanceof Step step) {
                rate = step(step, rate, segments);
            } else if (item instanceof Spike spike) {
                spike(spike, rate, segments);
            }
        }
        return List.copyOf(segments);
    }

    private static double step(Step step, double before, List<Segment> segments) {
        Duration ramp = orZero(step);
        double rate = before;
        for (int i = 0; i < step.times().value(); i++) {
            double level = step.levelPerSecond(i, before);
            if (!ramp.isZero()) {
                segments.add(new Segment(ramp, rate, level, false, step.where()));
            }
            segments.add(new Segment(step.hold().value(), level, level, false, step.where()));
            rate = level;
        }
        return rate;
    }

    private static void spike(Spike spike, double before, List<Segment> segments) {
        double peak = spike.to().value().perSecond();
        if (spike.ramp() != null && !spike.ramp().value().isZero()) {
            segments.add(new Segment(spike.ramp().value(), before, peak, false, spike.where()));
        }
        segments.add(new Segment(spike.hold().value(), peak, peak, false, spike.where()));
        if (spike.back() != null && !spike.back().value().isZero()) {
            segments.add(new Segment(spike.back().value(), peak, before, false, spike.where()));
        }
    }

    private static Duration orZero(Step step) {
        return step.ramp() == null ? Duration.ZERO : step.ramp().value();
    }
}
