package dev.kpcload.run;

import dev.kpcload.InvalidInputException;
import dev.kpcload.plan.DurationParser;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * When a run's plans begin, on the wall clock ({@code --start-at}): an RFC 3339 time with its offset
 * ({@code 2026-12-02T20:00:00Z}), or {@code +DURATION} from when the process reads it. Shards of one run give the same
 * absolute time, so that they begin in phase without talking to each other.
 *
 * @param at      the absolute time, or null for a relative one
 * @param fromNow the time from now, or null for an absolute one
 * @param text    as given
 * @param where   where it was given ({@code --start-at}, or {@code FILE:LINE:COLUMN})
 */
public record StartAt(Instant at, Duration fromNow, String text, String where) {

    static final String EXPECTED = "expected an RFC 3339 time with its offset such as 2026-12-02T20:00:00Z,"
        + " or +DURATION from now such as +30s";

    public static StartAt parse(String text, String where) {
        String trimmed = text.trim();
        if (trimmed.startsWith("+")) {
            Duration fromNow;
            try {
                fromNow = DurationParser.parse(trimmed.substring(1), where, true);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(where + ": " + EXPECTED + ", got '" + text + "'");
            }
            return new StartAt(null, fromNow, text, where);
        }
        try {
            // RFC 3339 allows a lower-case t and z; ISO 8601's parser wants them upper-case
            Instant at = OffsetDateTime.parse(trimmed.replace('t', 'T').replace('z', 'Z'),
                DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            return new StartAt(at, null, text, where);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(where + ": " + EXPECTED + ", got '" + text + "'");
        }
    }

    /** The absolute time: a relative one counted from {@code now}. */
    public Instant resolve(Instant now) {
        return at != null ? at : now.plus(fromNow);
    }
}
