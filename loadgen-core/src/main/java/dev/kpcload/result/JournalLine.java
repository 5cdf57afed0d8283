package dev.kpcload.result;

import dev.kpcload.metrics.TimelinePoint;

/**
 * One line of a run's journal ({@code intervals.jsonl} in {@code --out}): a report interval and the run's books as
 * they stood at its end, written and flushed as it happens, so that a run that is killed leaves its numbers.
 */
public record JournalLine(TimelinePoint point, RunSummary summary) {
}
