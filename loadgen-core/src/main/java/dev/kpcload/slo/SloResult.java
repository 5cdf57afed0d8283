package dev.kpcload.slo;

/**
 * One SLO's verdict, as the summary JSON, the console, the HTML report and JUnit show it.
 *
 * @param slo                  the expression as written
 * @param where                where it came from ({@code --slo}, {@code FILE:LINE:COLUMN})
 * @param outcome              pass, fail, or no data (which fails)
 * @param value                the measured value in {@code unit}: the whole run's, or for a sustained SLO the worst
 *                             report interval's; null when nothing was measured
 * @param threshold            the threshold in {@code unit}
 * @param unit                 {@code ms} for a latency, {@code ratio} (a fraction) for a ratio
 * @param measured             the value as people read it ({@code 231.4ms}, {@code 0.12%}); "-" without one
 * @param margin               by how much the value is off the threshold, relative ({@code +38.0%})
 * @param firstBrokenAtSeconds when it first broke, seconds from the run's start: for a sustained SLO the start of
 *                             the first run of failing intervals that lasted its window, for a whole-run one the end
 *                             of the first interval at which the run so far broke it; null when it never broke or
 *                             was only judged at the end
 * @param sustainedSeconds     its window ({@code for 30s}), or null for a whole-run SLO
 * @param abort                whether it stops the run early
 * @param aborted              whether it did
 */
public record SloResult(String slo, String where, SloOutcome outcome, Double value, double threshold, String unit,
                        String measured, String margin, Double firstBrokenAtSeconds, Double sustainedSeconds,
                        boolean abort, boolean aborted) {

    public boolean passed() {
        return outcome.passed();
    }
}
