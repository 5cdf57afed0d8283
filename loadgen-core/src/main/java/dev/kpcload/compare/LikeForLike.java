package dev.kpcload.compare;

import dev.kpcload.result.RunOutcome;
import dev.kpcload.result.RunSummary;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether two runs asked the same of the server: a comparison of runs at different rates, fleets, mixes or
 * confirmation modes is still printed, but says so, since its verdicts compare unlike things.
 */
final class LikeForLike {

    /** The summary's {@code config} keys that change what the server is asked; servers, ids and seeds do not. */
    static final List<String> KEYS = List.of("devices", "confirm", "qos", "mix", "plan", "shards", "inflight",
        "backlog", "responseTimeoutSeconds");
    /** Two target rates within this share are the same plan (the mean of a profile is a float). */
    private static final double RATE_SAME = 1e-6;

    private LikeForLike() {
    }

    static List<String> warnings(RunSummary base, RunSummary next) {
        List<String> warnings = new ArrayList<>();
        double baseRate = base.rates().target();
        double nextRate = next.rates().target();
        if (Math.abs(nextRate - baseRate) > RATE_SAME * Math.max(Math.abs(baseRate), Math.abs(nextRate))) {
            warnings.add(String.format(java.util.Locale.ROOT, "not like for like: the target rate differs (BASE %.1f/s,"
                + " NEW %.1f/s)", baseRate, nextRate));
        }
        Map<String, Object> a = base.config() == null ? Map.of() : base.config();
        Map<String, Object> b = next.config() == null ? Map.of() : next.config();
        for (String key : KEYS) {
            if (a.containsKey(key) && b.containsKey(key) && !Objects.equals(a.get(key), b.get(key))) {
                warnings.add("not like for like: " + key + " differs (BASE " + a.get(key) + ", NEW " + b.get(key)
                    + ")");
            }
        }
        outcome("BASE", base.outcome()).ifPresent(warnings::add);
        outcome("NEW", next.outcome()).ifPresent(warnings::add);
        return warnings;
    }

    private static java.util.Optional<String> outcome(String role, RunOutcome outcome) {
        if (outcome == null || outcome == RunOutcome.COMPLETED) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(role + " did not complete (" + outcome.tag() + "): its numbers cover only part"
            + " of its plan");
    }
}
