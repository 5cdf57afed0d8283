package dev.kpcload.capacity;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.Locale;

/** Number formatting shared by the search's explanations, the errors and the console printer. */
final class Text {

    private Text() {
    }

    /** A rate for people: {@code 1,020.4/s}. */
    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.1f/s", perSecond);
    }

    /** A number as given, without float noise or trailing zeros: 0.9, 1.5, 1000, NaN. */
    static String plain(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    /** Seconds with up to three decimals: {@code 30 s}, {@code 33.334 s}. */
    static String seconds(Duration d) {
        return plain(d.toNanos() / 1e9) + " s";
    }

    /** A percentage of a ratio with two decimals: 0.0123 is {@code 1.23 %}. */
    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.2f %%", 100 * ratio);
    }
}
