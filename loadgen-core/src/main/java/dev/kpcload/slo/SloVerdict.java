package dev.kpcload.slo;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.List;

/**
 * Every SLO's verdict for one run (or one merged fleet, or one capacity step).
 *
 * @param passed    whether every SLO passed (false when one failed or had no data)
 * @param abortedBy the SLO that stopped the run early, or null
 */
public record SloVerdict(boolean passed, String abortedBy, List<SloResult> results) {

    public SloVerdict {
        results = List.copyOf(results);
    }

    public static SloVerdict of(List<SloResult> results, String abortedBy) {
        return new SloVerdict(results.stream().allMatch(SloResult::passed), abortedBy, results);
    }

    @JsonIgnore
    public boolean aborted() {
        return abortedBy != null;
    }

    @JsonIgnore
    public List<SloResult> failures() {
        return results.stream().filter(r -> !r.passed()).toList();
    }
}
