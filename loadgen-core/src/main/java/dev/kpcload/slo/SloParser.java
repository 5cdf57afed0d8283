package dev.kpcload.slo;

import dev.kpcload.InvalidInputException;
import dev.kpcload.Sourced;
import dev.kpcload.kp.MessageKind;
import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.plan.DurationParser;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads SLO expressions:
 * <pre>
 *   slo       := measure comparison threshold [for DURATION] [abort]
 *   measure   := stat "(" latency [selector] ")" | ratio [selector]
 *   stat      := pNN[.N...] | median | max | mean
 *   selector  := "{" "kind" "=" message-kind "}"
 *   threshold := number unit        (a latency: ns, us, ms, s, m)
 *              | number "%" | number (a ratio: a percentage, or a fraction from 0 to 1)
 * </pre>
 * Every problem is one line that names where the expression came from and the column in it.
 */
public final class SloParser {

    private static final Pattern PROFILE_PLACE = Pattern.compile("(.*):(\\d+):(\\d+)");

    private final String text;
    private final String where;
    private int pos;

    private SloParser(String text, String where) {
        this.text = text;
        this.where = where;
    }

    /** Parses every expression; the first problem throws. */
    public static List<Slo> parseAll(List<Sourced<String>> expressions) {
        List<Slo> slos = new ArrayList<>();
        for (Sourced<String> expression : expressions) {
            slos.add(parse(expression));
        }
        return List.copyOf(slos);
    }

    public static Slo parse(Sourced<String> expression) {
        return parse(expression.value(), expression.where());
    }

    /** @param where the flag ({@code --slo}) or {@code FILE:LINE:COLUMN} of the expression's first character */
    public static Slo parse(String text, String where) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException(where + ": empty SLO; expected an expression like 'p99(status) < 250ms'");
        }
        return new SloParser(text, where).slo();
    }

    private Slo slo() {
        skipSpace();
        int measureAt = pos;
        String word = identifier("a latency statistic (p99, max, mean) or a ratio (" + SloMetric.ratioNames() + ")");
        SloMetric metric;
        LatencyKind latency = null;
        Statistic statistic = null;
        double percentile = 0;
        String kind = null;
        skipSpace();
        if (peek() == '(') {
            metric = SloMetric.LATENCY;
            double[] q = new double[1];
            statistic = statistic(word, measureAt, q);
            percentile = q[0];
            pos++;
            skipSpace();
            int latencyAt = pos;
            String name = identifier("a latency name (" + latencyNames() + ")");
            latency = latency(name, latencyAt);
            skipSpace();
            if (peek() == '{') {
                kind = selector(latency.ofMessage(), latency.tag());
                skipSpace();
            }
            expect(')', "')'");
        } else {
            metric = SloMetric.ratio(word);
            if (metric == null) {
                throw problem(measureAt, statisticLike(word)
                    ? "expected '(' and a latency after '" + word + "'"
                    : "unknown measure '" + word + "'; expected a latency statistic like p99(status) or a ratio ("
                        + SloMetric.ratioNames() + ")");
            }
            if (peek() == '{') {
                kind = selector(metric.perMessageKind(), metric.ratioName());
            }
        }
        skipSpace();
        Comparison comparison = comparison();
        skipSpace();
        double threshold = metric.isRatio() ? ratioThreshold() : latencyThreshold();
        long sustained = 0;
        boolean abort = false;
        skipSpace();
        while (pos < text.length()) {
            int at = pos;
            String keyword = identifier("'for DURATION' or 'abort'");
            if (keyword.equals("for") && sustained == 0) {
                skipSpace();
                int durationAt = pos;
                String duration = token();
                if (duration.isEmpty()) {
                    throw problem(durationAt, "expected a duration after 'for', like 30s");
                }
                try {
                    sustained = DurationParser.parse(duration, "for").toNanos();
                } catch (InvalidInputException e) {
                    throw problem(durationAt, "expected a duration after 'for' like 30s, got '" + duration + "'");
                }
            } else if (keyword.equals("abort") && !abort) {
                abort = true;
            } else {
                throw problem(at, "unexpected '" + keyword + "'; expected 'for DURATION' or 'abort' (each once)");
            }
            skipSpace();
        }
        return new Slo(text.strip(), where, metric, latency, kind, statistic, percentile, comparison, threshold,
            sustained, abort);
    }

    private Statistic statistic(String word, int at, double[] percentile) {
        switch (word) {
            case "max":
                return Statistic.MAX;
            case "mean":
            case "avg":
                return Statistic.MEAN;
            case "median":
                percentile[0] = 50;
                return Statistic.PERCENTILE;
            default:
                break;
        }
        Matcher m = Pattern.compile("p(\\d+(?:\\.\\d+)?)").matcher(word);
        if (!m.matches()) {
            throw problem(at, "unknown statistic '" + word + "'; expected pNN (p50, p99, p99.9), median, max or mean");
        }
        double q = Double.parseDouble(m.group(1));
        if (q <= 0 || q >= 100) {
            throw problem(at, "percentile " + m.group(1) + " is out of range; expected above 0 and below 100"
                + " (max(...) for the largest value)");
        }
        percentile[0] = q;
        return Statistic.PERCENTILE;
    }

    private LatencyKind latency(String name, int at) {
        for (LatencyKind kind : LatencyKind.values()) {
            if (kind.tag().equals(name)) {
                return kind;
            }
        }
        throw problem(at, "unknown latency '" + name + "'; expected one of " + latencyNames());
    }

    /** {@code {kind=dcx-json}}: the message kind, checked against the known kinds. */
    private String selector(boolean allowed, String of) {
        int at = pos;
        if (!allowed) {
            throw problem(at, "'" + of + "' belongs to connections, not messages: it has no {kind=...}");
        }
        pos++;
        skipSpace();
        int labelAt = pos;
        String label = identifier("'kind'");
        if (!label.equals("kind")) {
            throw problem(labelAt, "unknown label '" + label + "'; expected {kind=MESSAGE_KIND}");
        }
        skipSpace();
        expect('=', "'='");
        skipSpace();
        boolean quoted = peek() == '"';
        if (quoted) {
            pos++;
        }
        int kindAt = pos;
        String kind = kindName();
        if (kind.isEmpty()) {
            throw problem(kindAt, "expected a message kind (" + MessageKind.tags() + ")");
        }
        if (MessageKind.parse(kind).isEmpty()) {
            throw problem(kindAt, "unknown message kind '" + kind + "'; expected one of " + MessageKind.tags());
        }
        if (quoted) {
            expect('"', "a closing '\"'");
        }
        skipSpace();
        expect('}', "'}'");
        return kind;
    }

    private Comparison comparison() {
        int at = pos;
        if (text.startsWith("<=", pos)) {
            pos += 2;
            return Comparison.LESS_OR_EQUAL;
        }
        if (text.startsWith(">=", pos)) {
            pos += 2;
            return Comparison.GREATER_OR_EQUAL;
        }
        if (peek() == '<') {
            pos++;
            return Comparison.LESS;
        }
        if (peek() == '>') {
            pos++;
            return Comparison.GREATER;
        }
        throw problem(at, "expected a comparison (<, <=, >, >=)" + found());
    }

    private double latencyThreshold() {
        int at = pos;
        BigDecimal number = number();
        if (number == null) {
            throw problem(at, "expected a duration like 250ms" + found());
        }
        int unitAt = pos;
        String unit = unit();
        long nanosPerUnit = switch (unit) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m", "min" -> 60_000_000_000L;
            default -> throw problem(unitAt, unit.isEmpty()
                ? "a latency needs a unit: expected ns, us, ms, s or m after " + number.toPlainString()
                : "unknown unit '" + unit + "'; expected ns, us, ms, s or m");
        };
        // in decimal: 1.001us as a double times 1000 is 1000.9999999999999 ns, which '< 1.001us' would let pass
        return number.multiply(BigDecimal.valueOf(nanosPerUnit)).doubleValue();
    }

    private double ratioThreshold() {
        int at = pos;
        BigDecimal number = number();
        if (number == null) {
            throw problem(at, "expected a ratio like 0.1% or 0.001" + found());
        }
        BigDecimal value;
        if (peek() == '%') {
            pos++;
            // in decimal: 0.7 / 100 as doubles is 0.006999999999999999, below the 7 in 1000 that '<= 0.7%' allows
            value = number.movePointLeft(2);
            if (value.compareTo(BigDecimal.ONE) > 0) {
                throw problem(at, "a ratio is at most 100%, got " + number.toPlainString() + "%");
            }
        } else {
            int unitAt = pos;
            String unit = unit();
            if (!unit.isEmpty()) {
                throw problem(unitAt, "a ratio takes '%' or no unit, got '" + unit + "'");
            }
            value = number;
            if (value.compareTo(BigDecimal.ONE) > 0) {
                throw problem(at, "a ratio without '%' is a fraction from 0 to 1, got " + number.toPlainString()
                    + " (did you mean " + number.toPlainString() + "%?)");
            }
        }
        return value.doubleValue();
    }

    private BigDecimal number() {
        int start = pos;
        while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
            pos++;
        }
        if (start == pos) {
            return null;
        }
        try {
            return new BigDecimal(text.substring(start, pos));
        } catch (NumberFormatException e) {
            throw problem(start, "not a number: '" + text.substring(start, pos) + "'");
        }
    }

    private String unit() {
        int start = pos;
        while (pos < text.length() && (Character.isLetter(text.charAt(pos)))) {
            pos++;
        }
        return text.substring(start, pos).toLowerCase(Locale.ROOT);
    }

    private String identifier(String expected) {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_'
            || text.charAt(pos) == '.')) {
            pos++;
        }
        if (start == pos) {
            throw problem(start, "expected " + expected + found());
        }
        return text.substring(start, pos);
    }

    private String kindName() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '-'
            || text.charAt(pos) == '_')) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private String token() {
        int start = pos;
        while (pos < text.length() && !Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private void expect(char c, String what) {
        if (peek() != c) {
            throw problem(pos, "expected " + what + found());
        }
        pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private String found() {
        return pos >= text.length() ? ", got the end of the expression" : ", got '" + text.charAt(pos) + "'";
    }

    private static boolean statisticLike(String word) {
        return word.matches("p\\d+(\\.\\d+)?|max|mean|avg|median");
    }

    private static String latencyNames() {
        StringBuilder names = new StringBuilder();
        for (LatencyKind kind : LatencyKind.values()) {
            names.append(names.length() == 0 ? "" : ", ").append(kind.tag());
        }
        return names.toString();
    }

    /**
     * A problem at {@code index} of the expression: a profile's place moves to the column itself, a flag's names
     * the column in the expression.
     */
    private InvalidInputException problem(int index, String what) {
        Matcher place = PROFILE_PLACE.matcher(where);
        // one line, whatever the expression holds (a YAML block scalar keeps its line breaks)
        String shown = text.strip().replaceAll("\\s", " ");
        if (place.matches()) {
            // the place is of the scalar's first character: the column moves along the expression
            int column = Integer.parseInt(place.group(3)) + index;
            return new InvalidInputException(place.group(1) + ":" + place.group(2) + ":" + column + ": slo '"
                + shown + "': " + what);
        }
        // the message quotes the expression stripped: count the column in what it shows
        int leading = text.length() - text.stripLeading().length();
        return new InvalidInputException(where + " '" + shown + "': column " + (index - leading + 1) + ": " + what);
    }
}
