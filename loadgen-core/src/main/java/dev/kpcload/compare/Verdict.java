package dev.kpcload.compare;

/** How NEW stands against BASE on one judged item. */
public enum Verdict {
    /** Better than BASE by more than the tolerance and the absolute floor. */
    BETTER,
    /** Within the tolerance or the absolute floor. */
    SAME,
    /** Worse than BASE by more than the tolerance and the absolute floor: a regression when counted. */
    WORSE,
    /** One side has no value (not measured, too few values for the percentile, nothing scheduled). */
    NOT_COMPARABLE
}
