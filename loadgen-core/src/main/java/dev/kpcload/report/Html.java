package dev.kpcload.report;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Escaping and number formatting for the report. Every string that comes from data (config values, kind
 * names, the outcome) passes through {@link #esc} before it reaches the page, SVG text included.
 */
final class Html {

    private Html() {
    }

    /** Escapes text for HTML/SVG element content and attribute values (quotes included). */
    static String esc(Object value) {
        String s = String.valueOf(value);
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    // Control characters (other than tab/newline) are invalid in XML: SVG would not parse.
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        b.append('\uFFFD');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** A config value as text: lists joined, null as a dash (e.g. {@code durationSeconds}: until stopped). */
    static String configValue(Object value) {
        if (value == null) {
            return "\u2014";
        }
        if (value instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).collect(Collectors.joining(", "));
        }
        if (value instanceof Map<?, ?> m) {
            return m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
        }
        return String.valueOf(value);
    }

    /** A count with thousands separators: 1,234,567. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A rate or a duration with one decimal: 12,345.6. */
    static String one(double v) {
        return finite(v) ? String.format(Locale.ROOT, "%,.1f", v) : "\u2014";
    }

    /**
     * Milliseconds with about three significant digits (0.0123, 0.652, 12.3, 1,234): the histograms keep
     * three, so more would be noise and fewer would hide the difference between p50 and p90.
     */
    static String ms(double v) {
        if (!finite(v)) {
            return "\u2014";
        }
        double a = Math.abs(v);
        if (a == 0) {
            return "0";
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        int decimals = Math.min(6, Math.max(0, 2 - (int) Math.floor(Math.log10(a))));
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** A tick value without trailing zeros: 0.001, 0.5, 20, 1,000. */
    static String plain(double v) {
        if (!finite(v)) {
            return "\u2014";
        }
        java.math.BigDecimal d = new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros();
        if (d.scale() <= 0) {
            return String.format(Locale.ROOT, "%,d", d.toBigInteger());
        }
        return d.toPlainString();
    }

    /** A share in percent, with more decimals when it is small, so that 3 in a million is not shown as 0.0 %. */
    static String percent(long part, long whole) {
        if (whole <= 0) {
            return "";
        }
        double p = 100.0 * part / whole;
        if (p == 0) {
            return "0 %";
        }
        return (p >= 1 ? String.format(Locale.ROOT, "%.1f", p) : p >= 0.01
            ? String.format(Locale.ROOT, "%.2f", p) : String.format(Locale.ROOT, "%.4f", p)) + " %";
    }

    /** Bytes in binary units: 1.5 MiB. */
    static String bytes(long n) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = 0;
        while (Math.abs(v) >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? n + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    static boolean finite(double v) {
        return !Double.isNaN(v) && !Double.isInfinite(v);
    }
}
