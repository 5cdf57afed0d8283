package dev.kpcload.profile;

import dev.kpcload.kp.SampleCount;
import com.fasterxml.jackson.core.JsonToken;
import dev.kpcload.InvalidInputException;
import dev.kpcload.Sourced;
import dev.kpcload.plan.DurationParser;
import dev.kpcload.plan.Rate;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed leaf values from YAML scalars, each with its place. Problems read {@code FILE:LINE:COLUMN: KEY: what}.
 * YAML's own typing is used where it helps ({@code 500} is a number, so it cannot be a rate) and refused where
 * it hides a mistake ({@code "3"} in quotes where a number belongs).
 */
final class Values {

    private static final Pattern WHOLE = Pattern.compile("[-+]?\\d[\\d_]*");
    private static final Pattern ZERO_RATE = Pattern.compile("0+(?:\\.0*)?/(?:s|sec|ms|min|h)");
    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*%");
    private static final Pattern FRACTION = Pattern.compile("\\d*\\.?\\d+");
    private static final Pattern RANGE = Pattern.compile("(\\d+)\\s*\\.\\.\\s*(\\d+)");
    static final int MAX_SAMPLES = SampleCount.MAX_SAMPLES;

    private Values() {
    }

    static InvalidInputException problem(Node node, String key, String what) {
        return new InvalidInputException(node.where() + ": " + key + ": " + what);
    }

    /** The node as a non-null scalar, or a problem saying what was {@code expected}. */
    static Node.Scalar scalar(Node node, String key, String expected) {
        if (node instanceof Node.Scalar scalar && !scalar.isNull()) {
            return scalar;
        }
        throw problem(node, key, "expected " + expected + ", got " + node.describe());
    }

    static Sourced<String> text(Node node, String key) {
        Node.Scalar scalar = scalar(node, key, "text");
        return Sourced.of(scalar.text(), scalar.where());
    }

    static Sourced<Integer> integer(Node node, String key, int min, int max) {
        String expected = "a whole number from " + min + " to " + max;
        BigInteger value = whole(node, key, expected);
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            throw problem(node, key, "expected " + expected + ", got " + node.describe());
        }
        return Sourced.of(value.intValueExact(), node.where());
    }

    static Sourced<Long> longValue(Node node, String key) {
        String expected = "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        BigInteger value = whole(node, key, expected);
        if (value.bitLength() > 63) {
            throw problem(node, key, "expected " + expected + ", got " + node.describe());
        }
        return Sourced.of(value.longValueExact(), node.where());
    }

    private static BigInteger whole(Node node, String key, String expected) {
        Node.Scalar scalar = scalar(node, key, expected);
        String text = scalar.text().strip();
        if (scalar.token() != JsonToken.VALUE_NUMBER_INT || !WHOLE.matcher(text).matches()) {
            String quoted = scalar.token() == JsonToken.VALUE_STRING && WHOLE.matcher(text).matches()
                    ? " in quotes (write numbers without quotes)" : "";
            throw problem(node, key, "expected " + expected + ", got " + node.describe() + quoted);
        }
        return new BigInteger(text.replace("_", "").replace("+", ""));
    }

    static Sourced<Boolean> bool(Node node, String key) {
        Node.Scalar scalar = scalar(node, key, "true or false");
        // YAML 1.1 reads yes/no/on/off as booleans too: only true and false say what they mean
        String text = scalar.text().strip().toLowerCase(Locale.ROOT);
        boolean plain = scalar.token() == JsonToken.VALUE_TRUE || scalar.token() == JsonToken.VALUE_FALSE;
        if (plain && (text.equals("true") || text.equals("false"))) {
            return Sourced.of(text.equals("true"), scalar.where());
        }
        throw problem(node, key, "expected true or false, got " + node.describe());
    }

    /** A duration: {@code 90s}, {@code 10m}, {@code 1h30m}; {@code 0} only when {@code allowZero}. */
    static Sourced<Duration> duration(Node node, String key, boolean allowZero) {
        Node.Scalar scalar = scalar(node, key, "a duration like 90s, 10m, 2h or 500ms");
        String text = scalar.text().strip();
        if (scalar.isNumber() && !(allowZero && text.equals("0"))) {
            throw problem(node, key, "expected a duration like 90s, 10m, 2h or 500ms, got the bare number '" + text
                    + "' (add a unit: " + text + "s)");
        }
        return Sourced.of(DurationParser.parse(text, scalar.where() + ": " + key, allowZero), scalar.where());
    }

    /** MQTT keepalive: plain seconds ({@code 60}) as {@code --keepalive} takes, or a duration; whole seconds. */
    static Sourced<Duration> keepalive(Node node, String key) {
        String expected = "whole seconds from 0 to 65535, like 60 or 60s";
        Node.Scalar scalar = scalar(node, key, expected);
        Duration value;
        if (scalar.token() == JsonToken.VALUE_NUMBER_INT) {
            value = Duration.ofSeconds(integer(node, key, 0, 65_535).value());
        } else if (scalar.isNumber()) {
            throw problem(node, key, "expected " + expected + ", got " + node.describe());
        } else {
            value = duration(node, key, true).value();
        }
        if (value.toSeconds() > 65_535 || value.getNano() != 0) {
            throw problem(node, key, "expected " + expected + ", got " + node.describe());
        }
        return Sourced.of(value, scalar.where());
    }

    /** A positive rate: {@code 500/s}, {@code 30000/min}, {@code 2.5k/s}. */
    static Sourced<Rate> rate(Node node, String key) {
        Node.Scalar scalar = scalar(node, key, "a rate like 500/s");
        String text = scalar.text().strip();
        if (scalar.isNumber()) {
            throw problem(node, key, "expected a rate like 500/s, got the bare number '" + text + "' (add a unit: "
                    + text + "/s)");
        }
        return Sourced.of(Rate.parse(text, scalar.where() + ": " + key), scalar.where());
    }

    /** A rate a stage starts from or goes to, in events per second: a rate, or 0 ({@code 0}, {@code 0/s}). */
    static Sourced<Double> level(Node node, String key) {
        Node.Scalar scalar = scalar(node, key, "a rate like 500/s, or 0");
        String text = scalar.text().strip();
        if ((scalar.isNumber() && isZero(text)) || ZERO_RATE.matcher(text).matches()) {
            return Sourced.of(0.0, scalar.where());
        }
        return Sourced.of(rate(node, key).value().perSecond(), scalar.where());
    }

    private static boolean isZero(String number) {
        try {
            return new BigDecimal(number).signum() == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** One of a fixed set of lower-case tags, matched regardless of case like the flags. */
    static <E extends Enum<E>> Sourced<E> choice(Node node, String key, Class<E> type,
                                                 java.util.function.Function<E, String> tag) {
        StringBuilder names = new StringBuilder();
        for (E value : type.getEnumConstants()) {
            names.append(names.length() == 0 ? "" : ", ").append(tag.apply(value));
        }
        Node.Scalar scalar = scalar(node, key, "one of: " + names);
        String text = scalar.text().strip().toLowerCase(Locale.ROOT);
        for (E value : type.getEnumConstants()) {
            if (tag.apply(value).equals(text)) {
                return Sourced.of(value, scalar.where());
            }
        }
        throw problem(node, key, "expected one of: " + names + ", got " + node.describe());
    }

    /** A share of a whole: {@code 50%} or a fraction {@code 0.5}, more than 0 and at most all; as a fraction. */
    static Sourced<Double> share(Node node, String key) {
        String expected = "a percentage like 50% or a fraction like 0.5, more than 0 and at most 100%";
        Node.Scalar scalar = scalar(node, key, expected);
        String text = scalar.text().strip();
        BigDecimal fraction = null;
        Matcher percent = PERCENT.matcher(text);
        if (percent.matches()) {
            fraction = new BigDecimal(percent.group(1)).movePointLeft(2);
        } else if (scalar.isNumber() && FRACTION.matcher(text).matches()) {
            fraction = new BigDecimal(text);
        }
        if (fraction == null || fraction.signum() <= 0 || fraction.compareTo(BigDecimal.ONE) > 0) {
            String hint = fraction != null && scalar.isNumber() && fraction.compareTo(BigDecimal.ONE) > 0
                    ? " (a percentage needs %: " + text + "%)" : "";
            throw problem(node, key, "expected " + expected + ", got " + node.describe() + hint);
        }
        return Sourced.of(fraction.doubleValue(), scalar.where());
    }

    /** SampleCount per batch: a whole number or a range {@code 5..20}, within 1 to {@link #MAX_SAMPLES}. */
    static Sourced<SampleCount> samples(Node node, String key) {
        String expected = "a whole number from 1 to " + MAX_SAMPLES + " or a range like 5..20";
        Node.Scalar scalar = scalar(node, key, expected);
        if (scalar.token() == JsonToken.VALUE_NUMBER_INT) {
            int count = integer(node, key, 1, MAX_SAMPLES).value();
            return Sourced.of(new SampleCount(count, count), scalar.where());
        }
        Matcher range = RANGE.matcher(scalar.text().strip());
        if (scalar.token() != JsonToken.VALUE_STRING || !range.matches()) {
            throw problem(node, key, "expected " + expected + ", got " + node.describe());
        }
        BigInteger min = new BigInteger(range.group(1));
        BigInteger max = new BigInteger(range.group(2));
        BigInteger limit = BigInteger.valueOf(MAX_SAMPLES);
        if (min.signum() <= 0 || max.compareTo(limit) > 0 || min.compareTo(max) > 0) {
            throw problem(node, key, "expected a range from 1 to " + MAX_SAMPLES + " with the smaller number first,"
                    + " got " + node.describe());
        }
        return Sourced.of(new SampleCount(min.intValueExact(), max.intValueExact()), scalar.where());
    }
}
