package dev.kpcload.run;

import dev.kpcload.slo.Measurement;
import dev.kpcload.slo.Window;

import dev.kpcload.plan.RateProfile;
import dev.kpcload.plan.Stage;

import java.util.ArrayList;
import java.util.List;

/**
 * A message plan decided step by step over one connected fleet (the capacity search): the run asks for a step,
 * carries it out, lets what is in flight drain, and says what the step measured before it asks for the next.
 * Called on the run's thread.
 */
public interface SteppedPlan {

    /** The next step, or null when the plan is done. */
    Step next();

    /** What the step that just ended measured. */
    void measured(StepMeasurement measurement);

    /**
     * One step: ramp from the previous step's rate to this one's, hold it to settle (both kept apart as warm-up),
     * then hold it and measure.
     *
     * @param ratePerSecond this process's rate (a shard's share of the fleet's)
     * @param fromPerSecond where the ramp starts: this process's share of the previous step's rate (0 for the first)
     */
    record Step(int index, double ratePerSecond, long rampNanos, long settleNanos, long measureNanos,
                double fromPerSecond) {

        /** A step whose ramp starts from 0. */
        public Step(int index, double ratePerSecond, long rampNanos, long settleNanos, long measureNanos) {
            this(index, ratePerSecond, rampNanos, settleNanos, measureNanos, 0);
        }

        /** The step as a rate profile: the ramp and the settling hold as warm-up stages, then the measured hold. */
        public RateProfile profile() {
            List<Stage> stages = new ArrayList<>();
            if (rampNanos > 0) {
                stages.add(Stage.ramp(rampNanos, ratePerSecond).asWarmup());
            }
            if (settleNanos > 0) {
                stages.add(Stage.at(settleNanos, ratePerSecond).asWarmup());
            }
            stages.add(Stage.at(measureNanos, ratePerSecond));
            return new RateProfile(rampNanos > 0 ? fromPerSecond : ratePerSecond, stages);
        }
    }

    /**
     * @param whole         the measure stage's latencies (every value recorded while it and its drain ran) and fates
     * @param windows       the report intervals of the step, measured parts only
     * @param startSeconds  when the step's ramp began, from the run's start
     * @param measureStartSeconds when its measure stage began
     * @param endSeconds    when its drain ended
     * @param drained       whether everything in flight was settled before the next step (else it timed out)
     */
    record StepMeasurement(Step step, Measurement whole, List<Window> windows, double startSeconds,
                           double measureStartSeconds, double endSeconds, boolean drained) {
    }
}
