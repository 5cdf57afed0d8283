package dev.kpcload.sim;

import dev.kpcload.InvalidInputException;
import dev.kpcload.plan.DurationParser;
import dev.kpcload.plan.Rate;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings of one fault as text with their places, from a YAML mapping ({@code FILE:LINE:COLUMN} each) or
 * from a flag's {@code key=value,...} (the flag's name), read the same way so that a flag and a fault plan
 * accept exactly the same values. Problems read {@code WHERE: KEY: expected ..., got '...'}.
 */
final class FaultFields {

    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*%");
    private static final Pattern FRACTION = Pattern.compile("\\d*\\.?\\d+");
    private static final Pattern BYTES_RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kKM]?)(?:B/s)?");
    private static final Pattern WHOLE = Pattern.compile("\\d+");

    /** One value: its text and where it was written. */
    record Field(String text, String where) {
    }

    private final Map<String, Field> fields;
    /** Where the fault itself is written (for a missing key). */
    private final String where;
    private final String name;

    FaultFields(Map<String, Field> fields, String where, String name) {
        this.fields = new LinkedHashMap<>(fields);
        this.where = where;
        this.name = name;
    }

    /** {@code at=10s,for=2s} as given to {@code flag}; every value is placed at the flag. */
    static FaultFields ofFlag(String text, String flag) {
        Map<String, Field> fields = new LinkedHashMap<>();
        String trimmed = text == null ? "" : text.strip();
        if (!trimmed.isEmpty()) {
            for (String part : trimmed.split(",")) {
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    throw new InvalidInputException(flag + ": expected key=value pairs joined by commas (like"
                            + " at=10s,for=2s), got '" + part.strip() + "'");
                }
                String key = part.substring(0, eq).strip();
                if (fields.put(key, new Field(part.substring(eq + 1).strip(), flag)) != null) {
                    throw new InvalidInputException(flag + ": " + key + " given twice");
                }
            }
        }
        return new FaultFields(fields, flag, flag);
    }

    String where() {
        return where;
    }

    /** Refuses any key outside {@code allowed}. */
    void onlyKeys(List<String> allowed) {
        for (Map.Entry<String, Field> e : fields.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw new InvalidInputException(e.getValue().where() + ": unknown key '" + e.getKey() + "' in "
                        + name + " (expected one of: " + String.join(", ", allowed) + ")");
            }
        }
    }

    boolean has(String key) {
        return fields.containsKey(key);
    }

    private Field field(String key) {
        return fields.get(key);
    }

    private InvalidInputException problem(Field f, String key, String expected) {
        return new InvalidInputException(f.where() + ": " + key + ": expected " + expected + ", got '" + f.text()
                + "'");
    }

    InvalidInputException missing(String key, String what) {
        return new InvalidInputException(where + ": " + (name.equals(where) ? "" : name + ": ") + "missing " + key
                + " (" + what + ")");
    }

    /** A duration in nanoseconds, or {@code otherwise} when absent. */
    long nanos(String key, boolean allowZero, long otherwise) {
        Field f = field(key);
        if (f == null) {
            return otherwise;
        }
        return DurationParser.parse(f.text(), f.where() + ": " + key, allowZero).toNanos();
    }

    /** {@code 50%} or {@code 0.5}: more than 0, at most all. */
    double share(String key) {
        Field f = field(key);
        String expected = "a percentage like 10% or a fraction like 0.1, more than 0 and at most 100%";
        BigDecimal fraction = null;
        Matcher percent = PERCENT.matcher(f.text());
        if (percent.matches()) {
            fraction = new BigDecimal(percent.group(1)).movePointLeft(2);
        } else if (FRACTION.matcher(f.text()).matches()) {
            fraction = new BigDecimal(f.text());
        }
        if (fraction == null || fraction.signum() <= 0 || fraction.compareTo(BigDecimal.ONE) > 0) {
            throw problem(f, key, expected);
        }
        return fraction.doubleValue();
    }

    int integer(String key, int min, int max, int otherwise) {
        Field f = field(key);
        if (f == null) {
            return otherwise;
        }
        if (!WHOLE.matcher(f.text()).matches() || f.text().length() > 9) {
            throw problem(f, key, "a whole number from " + min + " to " + max);
        }
        int value = Integer.parseInt(f.text());
        if (value < min || value > max) {
            throw problem(f, key, "a whole number from " + min + " to " + max);
        }
        return value;
    }

    double ratePerSecond(String key) {
        Field f = field(key);
        return Rate.parse(f.text(), f.where() + ": " + key).perSecond();
    }

    /** {@code 2000}, {@code 2k}, {@code 1.5M}, optionally followed by {@code B/s}. */
    long bytesPerSecond(String key) {
        Field f = field(key);
        Matcher m = BYTES_RATE.matcher(f.text());
        String expected = "bytes per second like 2000, 2k or 1.5M (optionally with B/s), at least 1";
        if (!m.matches()) {
            throw problem(f, key, expected);
        }
        BigDecimal value = new BigDecimal(m.group(1)).multiply(switch (m.group(2)) {
            case "k", "K" -> BigDecimal.valueOf(1000);
            case "M" -> BigDecimal.valueOf(1_000_000);
            default -> BigDecimal.ONE;
        });
        if (value.compareTo(BigDecimal.ONE) < 0 || value.compareTo(BigDecimal.valueOf(1e12)) > 0) {
            throw problem(f, key, expected);
        }
        return value.longValue();
    }

    String text(String key, String otherwise) {
        Field f = field(key);
        return f == null ? otherwise : f.text();
    }

    /** A CONNACK refusal: 1..5 or its name ({@code server-unavailable}). */
    int returnCode(String key, int otherwise) {
        Field f = field(key);
        if (f == null) {
            return otherwise;
        }
        String text = f.text().toLowerCase(Locale.ROOT).replace('_', '-');
        for (int code = 1; code < RETURN_CODES.length; code++) {
            if (RETURN_CODES[code].equals(text) || String.valueOf(code).equals(text)) {
                return code;
            }
        }
        throw problem(f, key, "a CONNACK refusal code 1 to 5 or its name (" + String.join(", ",
                List.of(RETURN_CODES).subList(1, RETURN_CODES.length)) + ")");
    }

    /** MQTT 3.1.1's CONNACK return codes 1 to 5 by name (index = code). */
    static final String[] RETURN_CODES = {"accepted", "unacceptable-protocol-version", "identifier-rejected",
        "server-unavailable", "bad-user-name-or-password", "not-authorized"};
}
