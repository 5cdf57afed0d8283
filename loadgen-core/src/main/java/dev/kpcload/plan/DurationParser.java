package dev.kpcload.plan;

import dev.kpcload.InvalidInputException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people type them: {@code 90s}, {@code 10m}, {@code 2h}, {@code 500ms}, {@code 1h30m},
 * {@code 1m30s}, {@code 2s500ms}. Units {@code h}, {@code m}, {@code s}, {@code ms}, largest first, each at most
 * once; a single unit may have a fraction ({@code 1.5s}, {@code 0.5h}). Here {@code m} is minutes, as in Go
 * and Prometheus. Nanosecond resolution, at most {@link Long#MAX_VALUE} nanoseconds (about 292 years).
 */
public final class DurationParser {

    private static final Pattern COMPOUND = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");
    private static final Pattern SINGLE = Pattern.compile("(\\d+(?:\\.\\d+)?|\\.\\d+)(h|m|s|ms)");
    /** Nanoseconds per unit, in the order of {@link #COMPOUND}'s groups. */
    private static final long[] COMPOUND_NANOS = {3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L};
    private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);
    private static final String EXPECTED = "expected a duration like 90s, 10m, 2h or 500ms";

    private DurationParser() {
    }

    /** A positive duration; problems name {@code flag}, e.g. {@code --duration}. */
    public static Duration parse(String text, String flag) {
        return parse(text, flag, false);
    }

    /** A duration, zero allowed when {@code allowZero} (a bare {@code 0} is then accepted too). */
    public static Duration parse(String text, String flag, boolean allowZero) {
        String trimmed = text == null ? "" : text.strip();
        BigInteger nanos = nanos(trimmed);
        if (nanos == null) {
            if (trimmed.startsWith("-")) {
                throw new InvalidInputException(flag + ": must not be negative, got '" + text + "'");
            }
            throw new InvalidInputException(flag + ": " + EXPECTED + ", got '" + text + "'");
        }
        if (nanos.compareTo(MAX_NANOS) > 0) {
            throw new InvalidInputException(flag + ": too long (at most 292 years), got '" + text + "'");
        }
        if (nanos.signum() == 0 && !allowZero) {
            throw new InvalidInputException(flag + ": must be more than 0, got '" + text + "'");
        }
        return Duration.ofNanos(nanos.longValueExact());
    }

    /** The nanoseconds {@code text} means (a fraction of a nanosecond dropped), or null if it is not a duration. */
    private static BigInteger nanos(String text) {
        if (text.equals("0")) {
            return BigInteger.ZERO;
        }
        Matcher single = SINGLE.matcher(text);
        if (single.matches()) {
            return new BigDecimal(single.group(1)).multiply(BigDecimal.valueOf(unitNanos(single.group(2))))
                    .toBigInteger();
        }
        Matcher compound = COMPOUND.matcher(text);
        if (text.isEmpty() || !compound.matches()) {
            return null;
        }
        BigInteger total = BigInteger.ZERO;
        for (int group = 1; group <= 4; group++) {
            String digits = compound.group(group);
            if (digits != null) {
                total = total.add(new BigInteger(digits).multiply(BigInteger.valueOf(COMPOUND_NANOS[group - 1])));
            }
        }
        return total;
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "h" -> COMPOUND_NANOS[0];
            case "m" -> COMPOUND_NANOS[1];
            case "s" -> COMPOUND_NANOS[2];
            default -> COMPOUND_NANOS[3];
        };
    }

    /**
     * A tidy form that {@link #parse} reads back. Under an hour one unit, the largest that fits exactly
     * ({@code 90s}, {@code 10m}, {@code 250ms}, {@code 1.5s}); from an hour on, hours then minutes, seconds and
     * milliseconds when not zero ({@code 1h30m}, {@code 2h5s}, {@code 1h500ms}).
     */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("negative duration: " + duration);
        }
        long seconds = duration.getSeconds();
        int nanos = duration.getNano();
        boolean wholeMillis = nanos % 1_000_000 == 0;
        if (seconds >= 3600 && wholeMillis) {
            StringBuilder out = new StringBuilder().append(seconds / 3600).append('h');
            appendIfNonZero(out, seconds % 3600 / 60, "m");
            appendIfNonZero(out, seconds % 60, "s");
            appendIfNonZero(out, nanos / 1_000_000, "ms");
            return out.toString();
        }
        if (seconds == 0 && nanos == 0) {
            return "0s";
        }
        if (nanos == 0) {
            return seconds % 60 == 0 && seconds < 3600 ? seconds / 60 + "m" : seconds + "s";
        }
        if (seconds == 0) {
            return decimal(BigDecimal.valueOf(nanos, 6)) + "ms";
        }
        return decimal(BigDecimal.valueOf(seconds).add(BigDecimal.valueOf(nanos, 9))) + "s";
    }

    private static void appendIfNonZero(StringBuilder out, long value, String unit) {
        if (value != 0) {
            out.append(value).append(unit);
        }
    }

    private static String decimal(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
