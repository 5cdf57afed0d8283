package dev.kpcload.capacity;

import java.util.List;

/**
 * How a capacity search ended.
 *
 * @param maxSustainableRate the highest rate that passed a step and its confirmation hold; null when none did
 * @param bracket            the last pass and first failure when the search ended
 * @param steps              steps run (with a verdict)
 * @param failedHolds        the rates whose confirmation hold failed, in order
 * @param limitedAt          the rate of the inconclusive step ({@link SearchOutcome#GENERATOR_LIMITED}), else null
 * @param explanation        what the outcome means, in one or two sentences
 * @param remedy             what to do about it, or null when nothing needs doing
 */
public record SearchResult(SearchOutcome outcome, Double maxSustainableRate, Bracket bracket, int steps,
                           List<Double> failedHolds, Double limitedAt, String explanation, String remedy) {

    public SearchResult {
        failedHolds = failedHolds == null ? List.of() : List.copyOf(failedHolds);
    }
}
