package dev.kpcload.compare;

/**
 * One judged item: BASE's and NEW's value and the verdict.
 *
 * @param name    e.g. {@code status p99} or {@code error_ratio}
 * @param counted whether its verdict counts toward the result (a WORSE that is not counted is shown, not failed:
 *                a max unless {@code --judge-max}, a p90)
 * @param note    why it is not comparable or not counted; null when there is nothing to say
 */
public record Judged(String name, Unit unit, double base, double next, Verdict verdict, boolean counted,
                     String note) {

    /**
     * The relative change {@code (new - base) / base}: 0 when both are 0, infinite when only BASE is 0, NaN when a
     * side has no value.
     */
    public double change() {
        return Change.relative(base, next);
    }

    /** Whether this item makes the comparison a regression. */
    public boolean regression() {
        return counted && verdict == Verdict.WORSE;
    }
}
