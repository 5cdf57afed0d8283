package dev.kpcload.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A linear axis with "nice" ticks (steps of 1, 2, 2.5 or 5 times a power of ten), from a minimum to a
 * maximum both rounded out to a whole step, so that the top tick sits on the frame and labels stay short.
 */
final class LinearAxis implements Axis {

    private final double min;
    private final double max;
    private final double step;

    private LinearAxis(double min, double max, double step) {
        this.min = min;
        this.max = max;
        this.step = step;
    }

    /**
     * An axis covering {@code [lo, hi]} with about {@code targetTicks} intervals. Degenerate input (NaN, an
     * empty range, all zero) still gives a usable axis: a chart of zeros shows 0 to 1, not a division by zero.
     */
    static LinearAxis covering(double lo, double hi, int targetTicks) {
        if (!Html.finite(lo)) {
            lo = 0;
        }
        if (!Html.finite(hi)) {
            hi = lo;
        }
        if (hi < lo) {
            double t = lo;
            lo = hi;
            hi = t;
        }
        if (hi == lo) {
            // One value: show it in the middle-ish of a range that starts at zero when it can.
            hi = lo == 0 ? 1 : lo > 0 ? lo * 1.2 : 0;
            lo = lo > 0 ? 0 : lo == 0 ? 0 : lo * 1.2;
        }
        double step = niceStep(hi - lo, Math.max(1, targetTicks));
        double min = Math.floor(lo / step + 1e-9) * step;
        double max = Math.ceil(hi / step - 1e-9) * step;
        if (max <= min) {
            max = min + step;
        }
        return new LinearAxis(min, max, step);
    }

    /** The nice step for a range: 1, 2, 2.5 (from 25 up), 5 or 10 times a power of ten, at least range / target. */
    static double niceStep(double range, int target) {
        double raw = range / target;
        if (!(raw > 0) || !Html.finite(raw)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double n = raw / magnitude;
        // 2.5 only from 25 up: 2.5 s or 0.25 steps would add a decimal to every label for little gain.
        boolean quarter = magnitude >= 10 - 1e-9;
        double nice = n <= 1 + 1e-9 ? 1 : n <= 2 + 1e-9 ? 2 : quarter && n <= 2.5 + 1e-9 ? 2.5 : n <= 5 + 1e-9 ? 5 : 10;
        return nice * magnitude;
    }

    double min() {
        return min;
    }

    double max() {
        return max;
    }

    double step() {
        return step;
    }

    @Override
    public double fraction(double value) {
        return (value - min) / (max - min);
    }

    @Override
    public List<Tick> ticks() {
        int n = (int) Math.round((max - min) / step);
        // Large values read better as 2.5M than as 2,500,000; below a million grouped digits are fine.
        double largest = Math.max(Math.abs(min), Math.abs(max));
        double scale = largest >= 1e9 ? 1e9 : largest >= 1e6 ? 1e6 : 1;
        String suffix = scale == 1e9 ? "G" : scale == 1e6 ? "M" : "";
        int decimals = decimals(step / scale);
        List<Tick> ticks = new ArrayList<>(n + 1);
        for (int i = 0; i <= n; i++) {
            double v = min + i * step;
            if (Math.abs(v) < step * 1e-9) {
                v = 0; // no "-0"
            }
            String label = v == 0 ? "0" : String.format(Locale.ROOT, "%,." + decimals + "f", v / scale) + suffix;
            ticks.add(new Tick(v, label));
        }
        return ticks;
    }

    /** The fewest decimals that show every multiple of {@code step} exactly (0.25 needs two). */
    static int decimals(double step) {
        for (int d = 0; d < 10; d++) {
            double scaled = step * Math.pow(10, d);
            if (Math.abs(scaled - Math.rint(scaled)) < 1e-6 * Math.max(1, scaled)) {
                return d;
            }
        }
        return 10;
    }
}
