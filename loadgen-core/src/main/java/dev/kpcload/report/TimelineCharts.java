package dev.kpcload.report;

import dev.kpcload.metrics.RunPhase;
import dev.kpcload.metrics.LatencyStats;
import dev.kpcload.metrics.TimelinePoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The charts over time, one point per report interval plotted at the interval's end: rates, connected
 * devices, latency percentiles. All share the x axis (seconds since start), the phase bands and the hover
 * tooltips, so that a dip in one chart can be lined up with the others by eye.
 */
final class TimelineCharts {

    private final List<TimelinePoint> points;
    private final long targetedDevices;
    private final String replyKind;
    private final double[] xs;
    private final Axis x;

    TimelineCharts(ReportData data) {
        this.points = data.timeline();
        this.targetedDevices = data.summary().devices() == null ? 0 : data.summary().devices().targeted();
        this.replyKind = replyKind(data);
        this.xs = series(p -> p.endSeconds());
        double end = points.isEmpty() ? 0 : points.get(points.size() - 1).endSeconds();
        this.x = LinearAxis.covering(0, end, 12);
    }

    /** The confirmation latency to plot: the 1/KP reply when the run has any, else PUBACK. */
    static String replyKind(ReportData data) {
        var status = data.totals().get("status");
        if (status != null && status.getTotalCount() > 0) {
            return "status";
        }
        for (TimelinePoint p : data.timeline()) {
            if (stats(p, "status").count() > 0) {
                return "status";
            }
        }
        return "puback";
    }

    String rates() {
        double top = Math.max(max(p -> p.targetRate()), Math.max(max(p -> p.sentRate()), max(p -> p.confirmedRate())));
        LineChart c = chart("chart-rates", "Message rates", LinearAxis.covering(0, top, 5), "messages per second");
        c.add(new LineChart.Series("target", Palette.TARGET, "7 5", xs, series(p -> p.targetRate())));
        c.add(new LineChart.Series("sent (achieved)", Palette.SENT, null, 2.5, xs, series(p -> p.sentRate()), null));
        c.add(new LineChart.Series("confirmed", Palette.CONFIRMED, null, xs, series(p -> p.confirmedRate())));
        return c.svg();
    }

    String devices() {
        double top = Math.max(targetedDevices, max(p -> p.devicesConnected()));
        LineChart c = chart("chart-devices", "Connected devices", LinearAxis.covering(0, top, 5), "devices");
        if (!points.isEmpty() && targetedDevices > 0) {
            double[] flat = series(p -> targetedDevices);
            c.add(new LineChart.Series("targeted", Palette.TARGET, "7 5", xs, flat));
        }
        c.add(new LineChart.Series("connected", Palette.DEVICES, null, 2.5, xs, series(p -> p.devicesConnected()), null));
        return c.svg();
    }

    String latencies() {
        List<LineChart.Series> lines = new ArrayList<>();
        addLatency(lines, replyKind, "p50", Palette.P50, null, s -> s.p50());
        addLatency(lines, replyKind, "p90", Palette.P90, null, s -> s.p90());
        addLatency(lines, replyKind, "p99", Palette.P99, null, s -> s.p99());
        addLatency(lines, replyKind, "max", Palette.MAX, null, s -> s.max());
        addLatency(lines, "connect", "p50", Palette.P50, "6 4", s -> s.p50());
        addLatency(lines, "connect", "p99", Palette.P99, "6 4", s -> s.p99());
        addLatency(lines, "connect", "max", Palette.MAX, "6 4", s -> s.max());
        addLatency(lines, "send_lag", "p99", Palette.TARGET, "2 3", s -> s.p99());
        List<Double> all = new ArrayList<>();
        for (LineChart.Series s : lines) {
            for (double v : s.ys()) {
                all.add(v);
            }
        }
        Axis y = LogAxis.forLatencies(all.stream().mapToDouble(Double::doubleValue).toArray());
        String yTitle = y instanceof LogAxis ? "latency (ms, log scale)" : "latency (ms)";
        LineChart c = chart("chart-latency", "Latency percentiles per interval", y, yTitle);
        lines.forEach(c::add);
        if (lines.isEmpty() && !points.isEmpty()) {
            c.emptyMessage("no latency recorded in any interval");
        }
        return c.svg();
    }

    /** Adds one percentile line of one kind, unless no interval has a value for it (keeps the legend honest). */
    private void addLatency(List<LineChart.Series> lines, String kind, String which, String color, String dash,
                            ToDoubleFunction<LatencyStats> pick) {
        double[] ys = series(p -> {
            LatencyStats s = stats(p, kind);
            return s.count() > 0 ? pick.applyAsDouble(s) : Double.NaN; // no replies: a gap, not 0 ms
        });
        for (double v : ys) {
            if (Html.finite(v)) {
                String name = kind.replace('_', ' ') + " " + which;
                lines.add(new LineChart.Series(name, color, dash, "max".equals(which) ? 1.5 : 2, xs, ys, null));
                return;
            }
        }
    }

    private LineChart chart(String id, String title, Axis y, String yTitle) {
        LineChart c = new LineChart(id, title, x, "time since start (s)", y, yTitle);
        if (points.isEmpty()) {
            c.emptyMessage("no report intervals: the run ended before the first one");
        }
        phaseBands(c);
        hovers(c);
        return c;
    }

    /** Shades the stretches that are not steady publishing, so that ramp-up effects are not read as a fault. */
    private void phaseBands(LineChart c) {
        int i = 0;
        while (i < points.size()) {
            RunPhase phase = points.get(i).phase();
            int j = i;
            while (j + 1 < points.size() && phase == points.get(j + 1).phase()) {
                j++;
            }
            if (phase != RunPhase.PUBLISH) {
                double from = i == 0 ? 0 : points.get(i - 1).endSeconds();
                String fill = phase == RunPhase.CONNECT ? Palette.CONNECT_BAND : Palette.GRACE_BAND;
                c.band(new LineChart.Band(from, points.get(j).endSeconds(), String.valueOf(phase), fill));
            }
            i = j + 1;
        }
    }

    /** One tooltip column per interval, centred on its point, with every number of that interval. */
    private void hovers(LineChart c) {
        for (int i = 0; i < points.size(); i++) {
            TimelinePoint p = points.get(i);
            double from = i == 0 ? 0 : (points.get(i - 1).endSeconds() + p.endSeconds()) / 2;
            double to = i + 1 < points.size() ? (p.endSeconds() + points.get(i + 1).endSeconds()) / 2 : p.endSeconds();
            c.hover(new LineChart.Hover(from, to, tooltip(p)));
        }
    }

    private String tooltip(TimelinePoint p) {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "%.1f s \u00b7 %s%n", p.endSeconds(), p.phase()));
        t.append(String.format(Locale.ROOT, "rate: target %s/s, sent %s/s, confirmed %s/s%n", Html.one(p.targetRate()),
            Html.one(p.sentRate()), Html.one(p.confirmedRate())));
        t.append("devices connected: ").append(Html.count(p.devicesConnected())).append('\n');
        t.append(String.format(Locale.ROOT, "so far: failed %s, timed out %s, dropped %s", Html.count(p.failed()),
            Html.count(p.timedOut()), Html.count(p.dropped())));
        for (String kind : new String[] {replyKind, "connect", "send_lag"}) {
            LatencyStats s = stats(p, kind);
            if (s.count() > 0) {
                t.append(String.format(Locale.ROOT, "%n%s: p50 %s, p90 %s, p99 %s, max %s ms (%s)", kind,
                    Html.ms(s.p50()), Html.ms(s.p90()), Html.ms(s.p99()), Html.ms(s.max()), Html.count(s.count())));
            }
        }
        return t.toString();
    }

    private static LatencyStats stats(TimelinePoint p, String kind) {
        LatencyStats s = p.latencies() == null ? null : p.latencies().get(kind);
        return s == null ? new LatencyStats(0, 0, 0, 0, 0, 0, 0) : s;
    }

    private double[] series(ToDoubleFunction<TimelinePoint> f) {
        double[] out = new double[points.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.applyAsDouble(points.get(i));
        }
        return out;
    }

    private double max(ToDoubleFunction<TimelinePoint> f) {
        double m = 0;
        for (TimelinePoint p : points) {
            double v = f.applyAsDouble(p);
            if (Html.finite(v)) {
                m = Math.max(m, v);
            }
        }
        return m;
    }
}
