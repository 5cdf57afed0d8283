package dev.kpcload.slo;

/** How an SLO's measured value must compare with its threshold for the SLO to hold. */
public enum Comparison {
    LESS("<"),
    LESS_OR_EQUAL("<="),
    GREATER(">"),
    GREATER_OR_EQUAL(">=");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    public boolean holds(double measured, double threshold) {
        return switch (this) {
            case LESS -> measured < threshold;
            case LESS_OR_EQUAL -> measured <= threshold;
            case GREATER -> measured > threshold;
            case GREATER_OR_EQUAL -> measured >= threshold;
        };
    }

    /** Whether a smaller value is the better one (an upper bound). */
    public boolean upperBound() {
        return this == LESS || this == LESS_OR_EQUAL;
    }
}
