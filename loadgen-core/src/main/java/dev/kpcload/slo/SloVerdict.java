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

    /** This verdict as if no SLO had aborted the run: an abort that came when there was nothing left to stop. */
    public SloVerdict withoutAbort() {
        return abortedBy == null ? this : new SloVerdict(passed, null,
            results.stream().map(SloResult::notAborted).toList());
    }

    @JsonIgnore
    public List<SloResult> failures() {
        return results.stream().filter(r -> !r.passed()).toList();
    }
}
