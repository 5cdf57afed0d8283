package dev.kpcload.fuzz;

import dev.kpcload.kp.SplitMix64;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The seeded loop: input {@code i} draws from its own generator seeded by {@code SplitMix64.at(seed, i)}, so the
 * same seed gives the same inputs whatever else changes. Findings are kept, never thrown: the loop runs every
 * input and reports all that broke.
 */
public final class FuzzLoop {

    /** Findings kept in full; the rest are only counted. */
    static final int MAX_EXAMPLES = 20;

    private FuzzLoop() {
    }

    public static FuzzReport run(FuzzTarget target, long seed, long inputs) {
        Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
        Map<Violation, Long> violations = new EnumMap<>(Violation.class);
        List<Finding> examples = new ArrayList<>();
        long start = System.nanoTime(); // only for the report's rate, never for a verdict
        for (long i = 0; i < inputs; i++) {
            Trial trial = target.trial(new SplittableRandom(SplitMix64.at(seed, i)));
            outcomes.merge(trial.outcome(), 1L, Long::sum);
            for (Problem p : trial.problems()) {
                note(violations, examples, new Finding(p.violation(), i, p.detail(), trial.reads()));
            }
        }
        for (Problem p : target.finish()) {
            note(violations, examples, new Finding(p.violation(), inputs, p.detail(), List.of()));
        }
        return new FuzzReport(target.name(), seed, inputs, System.nanoTime() - start, outcomes, violations, examples);
    }

    private static void note(Map<Violation, Long> violations, List<Finding> examples, Finding finding) {
        violations.merge(finding.violation(), 1L, Long::sum);
        if (examples.size() < MAX_EXAMPLES) {
            examples.add(finding);
        }
    }
}
