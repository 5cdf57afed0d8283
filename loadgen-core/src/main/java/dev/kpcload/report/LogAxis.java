package dev.kpcload.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A base-10 logarithmic axis for latencies, from a power of ten below the smallest positive value to one
 * above the largest. Latencies often span decades (0.2 ms median, 800 ms max during a stall): on a linear
 * axis everything but the worst case would lie flat on zero.
 */
final class LogAxis implements Axis {

    /** A latency chart switches to log when its largest value is this many times its smallest. */
    static final double LOG_WHEN_RATIO_ABOVE = 50;

    private final double logMin;
    private final double logMax;

    private LogAxis(double logMin, double logMax) {
        this.logMin = logMin;
        this.logMax = logMax;
    }

    /** An axis covering the positive values in {@code [lo, hi]}; non-positive or NaN input gives 0.1 to 1. */
    static LogAxis covering(double lo, double hi) {
        if (!(hi > 0) || !Html.finite(hi)) {
            return new LogAxis(-1, 0);
        }
        if (!(lo > 0) || lo > hi) {
            lo = hi / 10;
        }
        double a = Math.floor(Math.log10(lo) + 1e-9);
        double b = Math.ceil(Math.log10(hi) - 1e-9);
        if (b <= a) {
            b = a + 1;
        }
        return new LogAxis(a, b);
    }

    /**
     * The axis that reads best for these latencies: log when the positive values span more than
     * {@link #LOG_WHEN_RATIO_ABOVE}, else linear from zero.
     */
    static Axis forLatencies(double[] values) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (double v : values) {
            if (v > 0 && Html.finite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (hi > 0 && hi / lo > LOG_WHEN_RATIO_ABOVE) {
            return covering(lo, hi);
        }
        return LinearAxis.covering(0, hi, 5);
    }

    double min() {
        return Math.pow(10, logMin);
    }

    double max() {
        return Math.pow(10, logMax);
    }

    @Override
    public double fraction(double value) {
        if (!(value > 0)) {
            return 0; // zero or less sits on the floor rather than at minus infinity
        }
        return (Math.log10(value) - logMin) / (logMax - logMin);
    }

    @Override
    public List<Tick> ticks() {
        // 1-2-5 within each decade while few decades are shown; only powers of ten when they would crowd.
        int decades = (int) Math.round(logMax - logMin);
        double[] mantissas = decades <= 3 ? new double[] {1, 2, 5} : new double[] {1};
        int every = decades <= 8 ? 1 : (decades + 7) / 8;
        List<Tick> ticks = new ArrayList<>();
        for (int e = (int) logMin; e <= (int) logMax; e++) {
            if ((e - (int) logMin) % every != 0) {
                continue;
            }
            for (double m : mantissas) {
                if (e == (int) logMax && m > 1) {
                    break;
                }
                double v = m * Math.pow(10, e);
                ticks.add(new Tick(v, Html.plain(v)));
            }
        }
        return ticks;
    }
}
