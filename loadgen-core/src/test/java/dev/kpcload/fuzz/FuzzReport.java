package dev.kpcload.fuzz;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a fuzz loop came to: inputs run, how long it took, what the inputs came to, and what broke (counts per
 * property, the first findings in full).
 */
public record FuzzReport(String target, long seed, long inputs, long elapsedNanos, Map<Outcome, Long> outcomes,
                         Map<Violation, Long> violations, List<Finding> examples) {

    public FuzzReport {
        outcomes = new EnumMap<>(outcomes);
        violations = new EnumMap<>(violations);
        examples = List.copyOf(examples);
    }

    public long violationCount() {
        return violations.values().stream().mapToLong(Long::longValue).sum();
    }

    public long outcome(Outcome o) {
        return outcomes.getOrDefault(o, 0L);
    }

    public double inputsPerSecond() {
        return elapsedNanos == 0 ? 0 : inputs * (double) TimeUnit.SECONDS.toNanos(1) / elapsedNanos;
    }

    /** One line: target, seed, inputs, rate, outcomes, violations. */
    public String summary() {
        return String.format(java.util.Locale.ROOT, "%s: seed %d, %d inputs in %.1f s (%.0f/s), outcomes %s, violations %s",
            target, seed, inputs, elapsedNanos / 1e9, inputsPerSecond(), outcomes, violations);
    }

    /** The summary and every example finding, one per line. */
    public String details() {
        StringBuilder s = new StringBuilder(summary());
        for (Finding f : examples) {
            s.append('\n').append("  ").append(f);
        }
        return s.toString();
    }
}
