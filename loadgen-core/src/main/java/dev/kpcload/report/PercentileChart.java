package dev.kpcload.report;

import dev.kpcload.metrics.LatencyKind;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The whole-run latency distribution of every non-empty kind, HdrHistogram-style: latency against
 * percentile on a {@code 1/(1-p)} log axis, one line per kind. This shows the tail that a p99 alone hides:
 * whether 99.99 % is near p99 or a cliff.
 */
final class PercentileChart {

    private static final double NANOS_PER_MILLI = 1e6;
    /** Points per halving of the remaining distance to 100 %: HdrHistogram's own default for plots. */
    private static final int TICKS_PER_HALF_DISTANCE = 5;

    /** Legend order, most telling first (and so drawn on top): the headline latencies, then the rest. */
    private static final LatencyKind[] ORDER = {LatencyKind.STATUS, LatencyKind.PUBACK, LatencyKind.SERVICE,
        LatencyKind.SEND_LAG, LatencyKind.CONNECT, LatencyKind.TLS_HANDSHAKE, LatencyKind.TCP_CONNECT};

    private final ReportData data;

    PercentileChart(ReportData data) {
        this.data = data;
    }

    String svg() {
        List<Histogram> used = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        long maxCount = 0;
        for (LatencyKind kind : ORDER) {
            Histogram h = data.totals().get(kind.tag());
            if (h != null && h.getTotalCount() > 0) {
                used.add(h);
                tags.add(kind.tag());
                maxCount = Math.max(maxCount, h.getTotalCount());
            }
        }
        PercentileAxis x = PercentileAxis.forCount(maxCount);
        List<LineChart.Series> lines = new ArrayList<>();
        List<Double> all = new ArrayList<>();
        for (int i = 0; i < used.size(); i++) {
            LineChart.Series s = series(tags.get(i), used.get(i), x);
            lines.add(s);
            for (double v : s.ys()) {
                all.add(v);
            }
        }
        Axis y = LogAxis.forLatencies(all.stream().mapToDouble(Double::doubleValue).toArray());
        String yTitle = y instanceof LogAxis ? "latency (ms, log scale)" : "latency (ms)";
        LineChart c = new LineChart("chart-percentiles", "Latency by percentile (whole run)", x,
            "percentile (log scale of 1/(1\u2212p); the last point of each line is its max)", y, yTitle)
            .plotHeight(300)
            .emptyMessage("no latency recorded");
        lines.forEach(c::add);
        return c.svg();
    }

    /**
     * The percentile curve of one histogram. Percentiles beyond the axis end are folded into one last point
     * at the axis end with the maximum, so the line always ends at the worst value seen.
     */
    static LineChart.Series series(String tag, Histogram h, PercentileAxis x) {
        double end = 100 * (1 - Math.pow(10, -x.nines()));
        double maxMs = h.getMaxValue() / NANOS_PER_MILLI;
        List<double[]> pts = new ArrayList<>();
        for (HistogramIterationValue v : h.percentiles(TICKS_PER_HALF_DISTANCE)) {
            double p = v.getPercentileLevelIteratedTo();
            if (p >= end) {
                break;
            }
            pts.add(new double[] {p, Math.min(maxMs, v.getValueIteratedTo() / NANOS_PER_MILLI)});
        }
        pts.add(new double[] {end, maxMs});
        double[] xs = new double[pts.size()];
        double[] ys = new double[pts.size()];
        String[] tips = new String[pts.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = pts.get(i)[0];
            ys[i] = pts.get(i)[1];
            boolean last = i == xs.length - 1;
            tips[i] = last
                ? String.format(Locale.ROOT, "%s max: %s ms (%s values)", tag, Html.ms(ys[i]), Html.count(h.getTotalCount()))
                : String.format(Locale.ROOT, "%s p%s: %s ms", tag, percentLabel(xs[i]), Html.ms(ys[i]));
        }
        return new LineChart.Series(tag.replace('_', ' '), Palette.kind(tag), null, 2, xs, ys, tips);
    }

    private static String percentLabel(double p) {
        String s = String.format(Locale.ROOT, "%.4f", p).replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
