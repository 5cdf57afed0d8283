package dev.kpcload.dashboards;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small scanner for the PromQL the dashboard uses: finds the vector selectors (metric name and label matchers).
 * Not a parser: enough to check that every series a query reads is one we export, is filtered by run and shard
 * (and message kind), and is grouped only by labels it has.
 */
final class PromqlSelectors {

    /** A metric name ("" when the selector has none) and its label matchers as written, without the braces. */
    record Selector(String metric, String matchers) {

        /** The label names the matchers test, in order, e.g. {@code [run_id, shard]}. */
        List<String> labels() {
            List<String> out = new ArrayList<>();
            Matcher m = MATCHER.matcher(matchers);
            while (m.find()) {
                out.add(m.group(1));
            }
            return out;
        }
    }

    private static final Pattern MATCHER = Pattern.compile("(\\w+)\\s*(?:=~|!~|!=|=)\\s*\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "bool", "offset", "inf", "nan");

    private PromqlSelectors() {
    }

    /** Every label named in a {@code by (...)} or {@code without (...)} clause of {@code expr}. */
    static Set<String> groupingLabels(String expr) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = GROUPING.matcher(expr);
        while (m.find()) {
            for (String label : m.group(1).split(",")) {
                if (!label.isBlank()) {
                    out.add(label.strip());
                }
            }
        }
        return out;
    }

    static List<Selector> selectors(String expr) {
        String s = expr.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        List<Selector> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(s, i);
            } else if (c == '[') {
                i = closing(s, i, ']') + 1;
            } else if (c == '{') {
                int end = closing(s, i, '}');
                out.add(new Selector("", s.substring(i + 1, end)));
                i = end + 1;
            } else if (Character.isDigit(c) || c == '.') {
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                    i++; // a number, possibly with an exponent or a unit
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_'
                        || s.charAt(i) == ':')) {
                    i++;
                }
                String name = s.substring(start, i);
                int next = skipSpaces(s, i);
                if (next < s.length() && s.charAt(next) == '(') {
                    continue; // a function or an aggregation
                }
                if (KEYWORDS.contains(name.toLowerCase())) {
                    continue;
                }
                if (next < s.length() && s.charAt(next) == '{') {
                    int end = closing(s, next, '}');
                    out.add(new Selector(name, s.substring(next + 1, end)));
                    i = end + 1;
                } else {
                    out.add(new Selector(name, ""));
                }
            } else {
                i++;
            }
        }
        return out;
    }

    /** The index of {@code close} after {@code open}, skipping quoted strings; the end of {@code s} if none. */
    private static int closing(String s, int open, char close) {
        int i = open + 1;
        while (i < s.length() && s.charAt(i) != close) {
            char c = s.charAt(i);
            i = (c == '"' || c == '\'' || c == '`') ? skipString(s, i) : i + 1;
        }
        return Math.min(i, s.length());
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int skipString(String s, int i) {
        char quote = s.charAt(i);
        i++;
        while (i < s.length() && s.charAt(i) != quote) {
            i += s.charAt(i) == '\\' ? 2 : 1;
        }
        return i + 1;
    }
}
