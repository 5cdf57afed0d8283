package dev.kpcload.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The HdrHistogram-style percentile axis: position grows with {@code log10(1 / (1 - p))}, so 90 %, 99 %,
 * 99.9 % and 99.99 % are equally spaced and the tail, where latency problems live, gets most of the width.
 * Values are percentiles in percent (0 to 100); 100 % would be infinitely far and is capped at the last tick.
 */
final class PercentileAxis implements Axis {

    private final int nines;

    /** @param nines how many nines the axis reaches: 4 ends at 99.99 % */
    PercentileAxis(int nines) {
        if (nines < 1) {
            throw new IllegalArgumentException("nines must be at least 1: " + nines);
        }
        this.nines = nines;
    }

    /**
     * Enough nines to reach the last recorded value of {@code count} samples, at least four (99.99 %) so that
     * runs compare on the same axis, at most six.
     */
    static PercentileAxis forCount(long count) {
        int needed = count <= 1 ? 1 : (int) Math.ceil(Math.log10(count));
        return new PercentileAxis(Math.max(4, Math.min(6, needed)));
    }

    int nines() {
        return nines;
    }

    /** {@code log10(1 / (1 - p))}, capped at the axis end: 0 for 0 %, 1 for 90 %, 2 for 99 %. */
    double position(double percentile) {
        if (!(percentile > 0)) {
            return 0;
        }
        double rest = 1 - percentile / 100;
        if (rest <= 0) {
            return nines;
        }
        return Math.min(nines, Math.log10(1 / rest));
    }

    @Override
    public double fraction(double percentile) {
        return position(percentile) / nines;
    }

    @Override
    public List<Tick> ticks() {
        List<Tick> ticks = new ArrayList<>(nines + 1);
        ticks.add(new Tick(0, "0 %"));
        for (int n = 1; n <= nines; n++) {
            double p = 100 * (1 - Math.pow(10, -n));
            ticks.add(new Tick(p, String.format(Locale.ROOT, "%." + Math.max(0, n - 2) + "f %%", p)));
        }
        return ticks;
    }
}
