package dev.kpcload.plan;

import dev.kpcload.InvalidInputException;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Events per second, parsed from text like {@code 500/s}, {@code 30000/min}, {@code 2.5k/s}, {@code 50/ms} or
 * {@code 1M/h}. The count may carry {@code k} (thousand) or {@code M} (million); the unit is {@code s},
 * {@code sec}, {@code ms}, {@code min} or {@code h}. A bare {@code m} is refused: minute or millisecond?
 */
public record Rate(double perSecond) {

    private static final Pattern TEXT = Pattern.compile("(\\d+(?:\\.\\d+)?|\\.\\d+)([kKM]?)/(s|sec|ms|min|h)");
    private static final String EXPECTED = "expected a rate like 500/s, 30000/min, 2.5k/s or 50/ms";

    public Rate {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("rate must be positive and finite: " + perSecond);
        }
    }

    /** Parses {@code text}; problems name {@code flag}, e.g. {@code --rate}. */
    public static Rate parse(String text, String flag) {
        String trimmed = text == null ? "" : text.strip();
        Matcher m = TEXT.matcher(trimmed);
        if (!m.matches()) {
            String hint = trimmed.endsWith("/m") ? " ('m' is ambiguous: use min or ms)" : "";
            if (trimmed.startsWith("-")) {
                throw new InvalidInputException(flag + ": must be more than 0, got '" + text + "'");
            }
            throw new InvalidInputException(flag + ": " + EXPECTED + ", got '" + text + "'" + hint);
        }
        double count = Double.parseDouble(m.group(1)) * multiplier(m.group(2));
        double perSecond = count * 1e9 / unitNanos(m.group(3));
        if (Double.isInfinite(perSecond)) {
            throw new InvalidInputException(flag + ": too large, got '" + text + "'");
        }
        if (!(perSecond > 0)) {
            throw new InvalidInputException(flag + ": must be more than 0, got '" + text + "'");
        }
        return new Rate(perSecond);
    }

    /** Nanoseconds between two events at this rate. */
    public double periodNanos() {
        return 1e9 / perSecond;
    }

    /** A tidy form that {@link #parse} reads back: {@code 500/s}, {@code 2.5k/s}, {@code 20/min}, {@code 3/h}. */
    @Override
    public String toString() {
        // Pick the unit that avoids a fraction below 1: 1/min rather than 0.0166667/s.
        double value = perSecond;
        String unit = "s";
        if (value < 1) {
            value *= 60;
            unit = "min";
            if (value < 1) {
                value *= 60;
                unit = "h";
            }
        }
        String suffix = "";
        if (value >= 1e6) {
            value /= 1e6;
            suffix = "M";
        } else if (value >= 1e3) {
            value /= 1e3;
            suffix = "k";
        }
        String number = new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros().toPlainString();
        return number + suffix + "/" + unit;
    }

    private static double multiplier(String suffix) {
        return switch (suffix) {
            case "k", "K" -> 1e3;
            case "M" -> 1e6;
            default -> 1;
        };
    }

    private static double unitNanos(String unit) {
        return switch (unit) {
            case "ms" -> 1e6;
            case "min" -> 60e9;
            case "h" -> 3600e9;
            default -> 1e9;
        };
    }
}
