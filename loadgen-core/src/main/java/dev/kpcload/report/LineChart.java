package dev.kpcload.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds one line chart as inline SVG: frame, grid, ticks, axis titles, a legend above the plot, shaded
 * bands (run phases), labelled reference lines and markers (an SLO threshold, a knee), and optional hover
 * tooltips. NaN in a series is a gap, not a zero: an interval without replies has no latency, and drawing it as
 * 0 ms would flatter the run.
 */
final class LineChart {

    /** One line. {@code dash} is an SVG dash array or null for solid; {@code tips} (optional) per point. */
    record Series(String name, String color, String dash, double width, double[] xs, double[] ys, String[] tips) {
        Series(String name, String color, String dash, double[] xs, double[] ys) {
            this(name, color, dash, 2, xs, ys, null);
        }
    }

    /** A shaded stretch of the x axis, such as the connect phase. */
    record Band(double x0, double x1, String label, String fill) {
    }

    /** A transparent column that shows {@code text} when hovered (a native SVG tooltip, no script). */
    record Hover(double x0, double x1, String text) {
    }

    /** A labelled dashed line across the plot: horizontal at y = {@code at}, or vertical at x = {@code at}. */
    record Rule(boolean vertical, double at, String label, String color) {
        static Rule horizontal(double y, String label, String color) {
            return new Rule(false, y, label, color);
        }

        static Rule vertical(double x, String label, String color) {
            return new Rule(true, x, label, color);
        }
    }

    /** A ringed point with a label beside it, e.g. the knee of a curve. */
    record Marker(double x, double y, String label, String color) {
    }

    static final int WIDTH = 1100;
    private static final int LEFT = 76;
    private static final int RIGHT = 44; // room for half of a long last x label ("99.999 %")
    private static final int BOTTOM = 50;
    private static final double CHAR_WIDTH = 6.8; // 12 px sans-serif, a safe average for the legend layout

    private final String id;
    private final String title;
    private final Axis x;
    private final String xTitle;
    private final Axis y;
    private final String yTitle;
    private final List<Series> series = new ArrayList<>();
    private final List<Band> bands = new ArrayList<>();
    private final List<Hover> hovers = new ArrayList<>();
    private final List<Rule> rules = new ArrayList<>();
    private final List<Marker> markers = new ArrayList<>();
    private boolean dots;
    private int plotHeight = 240;
    private String emptyMessage = "no data";

    /** @param id unique on the page (it names the clip path), letters, digits and dashes only */
    LineChart(String id, String title, Axis x, String xTitle, Axis y, String yTitle) {
        if (!id.matches("[A-Za-z][A-Za-z0-9-]*")) {
            throw new IllegalArgumentException("bad chart id: " + id);
        }
        this.id = id;
        this.title = title;
        this.x = x;
        this.xTitle = xTitle;
        this.y = y;
        this.yTitle = yTitle;
    }

    LineChart add(Series s) {
        series.add(s);
        return this;
    }

    LineChart band(Band b) {
        bands.add(b);
        return this;
    }

    LineChart hover(Hover h) {
        hovers.add(h);
        return this;
    }

    LineChart rule(Rule r) {
        rules.add(r);
        return this;
    }

    LineChart marker(Marker m) {
        markers.add(m);
        return this;
    }

    /** Draws a dot on every point, for series of few measured points (steps) rather than dense samples. */
    LineChart dots() {
        dots = true;
        return this;
    }

    LineChart plotHeight(int px) {
        plotHeight = px;
        return this;
    }

    LineChart emptyMessage(String message) {
        emptyMessage = message;
        return this;
    }

    String svg() {
        List<String[]> legendRows = legendRows();
        int top = 14 + legendRows.size() * 20 + 6;
        int plotWidth = WIDTH - LEFT - RIGHT;
        int height = top + plotHeight + BOTTOM;
        Frame f = new Frame(LEFT, top, plotWidth, plotHeight);
        StringBuilder b = new StringBuilder(8192);
        b.append(String.format(Locale.ROOT, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">",
            WIDTH, height, Html.esc(title)));
        b.append("<title>").append(Html.esc(title)).append("</title>");
        // Several charts share one page: the clip path is named after the chart so ids never collide.
        String clip = id + "-clip";
        b.append(String.format(Locale.ROOT, "<defs><clipPath id=\"%s\"><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>"
            + "</clipPath></defs>", clip, f.left, f.top, f.width, f.height));
        legend(b, legendRows);
        bands(b, f);
        grid(b, f);
        b.append("<g clip-path=\"url(#").append(clip).append(")\">");
        // Drawn last to first, so the first series (the headline, first in the legend) lies on top.
        boolean any = false;
        for (int i = series.size() - 1; i >= 0; i--) {
            any |= lines(b, f, series.get(i));
        }
        rules(b, f);
        b.append("</g>");
        ruleLabels(b, f);
        markers(b, f); // outside the clip: a knee at the last point must not be cut in half
        markerLabels(b, f);
        for (Series s : series) {
            tips(b, f, s);
        }
        if (!any) {
            b.append(String.format(Locale.ROOT, "<text class=\"empty\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>",
                f.left + f.width / 2.0, f.top + f.height / 2.0, Html.esc(emptyMessage)));
        }
        hovers(b, f);
        b.append(String.format(Locale.ROOT, "<rect class=\"frame\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>",
            f.left, f.top, f.width, f.height));
        b.append("</svg>");
        return b.toString();
    }

    private record Frame(int left, int top, int width, int height) {
        double px(Axis a, double v) {
            return left + a.fraction(v) * width;
        }

        double py(Axis a, double v) {
            return top + height - a.fraction(v) * height;
        }
    }

    /** Splits the legend into rows that fit the chart width. */
    private List<String[]> legendRows() {
        List<String[]> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        double used = 0;
        for (Series s : series) {
            double w = itemWidth(s.name());
            if (used + w > WIDTH - LEFT - RIGHT && !row.isEmpty()) {
                rows.add(row.toArray(String[]::new));
                row.clear();
                used = 0;
            }
            row.add(s.name());
            used += w;
        }
        if (!row.isEmpty()) {
            rows.add(row.toArray(String[]::new));
        }
        return rows;
    }

    private static double itemWidth(String name) {
        return 28 + name.length() * CHAR_WIDTH + 22;
    }

    private void legend(StringBuilder b, List<String[]> rows) {
        int i = 0;
        for (int r = 0; r < rows.size(); r++) {
            double cx = LEFT;
            double cy = 16 + r * 20;
            for (String name : rows.get(r)) {
                Series s = series.get(i++);
                b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                    + "stroke-width=\"%.1f\"%s/>", cx, cy, cx + 22, cy, s.color(), Math.max(2, s.width()), dash(s)));
                b.append(String.format(Locale.ROOT, "<text class=\"legend\" x=\"%.1f\" y=\"%.1f\">%s</text>", cx + 28,
                    cy + 4, Html.esc(name)));
                cx += itemWidth(name);
            }
        }
    }

    private void bands(StringBuilder b, Frame f) {
        for (Band band : bands) {
            double x0 = clamp(f.px(x, band.x0()), f.left, f.left + f.width);
            double x1 = clamp(f.px(x, band.x1()), f.left, f.left + f.width);
            if (x1 - x0 < 0.5) {
                continue;
            }
            b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
                x0, f.top, x1 - x0, f.height, band.fill()));
            if (x1 - x0 > band.label().length() * CHAR_WIDTH + 8) {
                b.append(String.format(Locale.ROOT, "<text class=\"band\" x=\"%.1f\" y=\"%d\">%s</text>", x0 + 5,
                    f.top + 14, Html.esc(band.label())));
            }
        }
    }

    private void grid(StringBuilder b, Frame f) {
        for (Axis.Tick t : y.ticks()) {
            double py = f.py(y, t.value());
            b.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>",
                f.left, py, f.left + f.width, py));
            b.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                f.left - 8, py + 4, Html.esc(t.label())));
        }
        for (Axis.Tick t : x.ticks()) {
            double px = f.px(x, t.value());
            b.append(String.format(Locale.ROOT, "<line class=\"grid v\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>",
                px, f.top, px, f.top + f.height));
            b.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                px, f.top + f.height + 18, Html.esc(t.label())));
        }
        b.append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
            f.left + f.width / 2.0, f.top + f.height + 42, Html.esc(xTitle)));
        b.append(String.format(Locale.ROOT, "<text class=\"axis\" transform=\"translate(16 %.1f) rotate(-90)\" "
            + "text-anchor=\"middle\">%s</text>", f.top + f.height / 2.0, Html.esc(yTitle)));
    }

    /** Draws the series as polylines split at gaps; a lone point becomes a dot. Returns whether it drew any. */
    private boolean lines(StringBuilder b, Frame f, Series s) {
        boolean any = false;
        List<double[]> run = new ArrayList<>();
        int n = Math.min(s.xs().length, s.ys().length);
        for (int i = 0; i <= n; i++) {
            boolean ok = i < n && Html.finite(s.xs()[i]) && Html.finite(s.ys()[i]);
            if (ok) {
                run.add(new double[] {f.px(x, s.xs()[i]), f.py(y, s.ys()[i])});
                continue;
            }
            if (run.size() == 1 || dots) {
                for (double[] p : run) {
                    b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>",
                        p[0], p[1], s.color()));
                }
            }
            if (run.size() > 1) {
                b.append("<polyline fill=\"none\" stroke-linejoin=\"round\" stroke=\"").append(s.color())
                    .append(String.format(Locale.ROOT, "\" stroke-width=\"%.1f\"", s.width())).append(dash(s))
                    .append(" points=\"");
                for (double[] p : run) {
                    b.append(String.format(Locale.ROOT, "%.1f,%.1f ", p[0], p[1]));
                }
                b.append("\"/>");
            }
            any |= !run.isEmpty();
            run.clear();
        }
        return any;
    }

    /** The reference lines themselves, inside the clip: a threshold off the axis is simply not drawn. */
    private void rules(StringBuilder b, Frame f) {
        for (Rule r : rules) {
            if (!inside(f, r)) {
                continue;
            }
            if (r.vertical()) {
                double px = f.px(x, r.at());
                b.append(String.format(Locale.ROOT, "<line class=\"rule\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
                    + "stroke=\"%s\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>", px, f.top, px, f.top + f.height,
                    r.color()));
            } else {
                double py = f.py(y, r.at());
                b.append(String.format(Locale.ROOT, "<line class=\"rule\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
                    + "stroke=\"%s\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>", f.left, py, f.left + f.width, py,
                    r.color()));
            }
        }
    }

    /** Labels after the clip, so that a label near the frame is not cut; vertical ones stack from the top. */
    private void ruleLabels(StringBuilder b, Frame f) {
        int stacked = 0;
        for (Rule r : rules) {
            if (!inside(f, r) || r.label() == null || r.label().isEmpty()) {
                continue;
            }
            if (r.vertical()) {
                double px = f.px(x, r.at());
                boolean right = px - f.left > f.width * 0.7; // near the right edge the label goes to the left
                b.append(String.format(Locale.ROOT, "<text class=\"rule\" x=\"%.1f\" y=\"%d\" fill=\"%s\" "
                    + "text-anchor=\"%s\">%s</text>", right ? px - 5 : px + 5, f.top + 14 + 16 * stacked++, r.color(),
                    right ? "end" : "start", Html.esc(r.label())));
            } else {
                double py = f.py(y, r.at());
                // At the left: curves against load (latency, errors) climb at the right, where a label would hide them.
                b.append(String.format(Locale.ROOT, "<text class=\"rule\" x=\"%d\" y=\"%.1f\" fill=\"%s\">%s</text>",
                    f.left + 6, py - 5, r.color(), Html.esc(r.label())));
            }
        }
    }

    private boolean inside(Frame f, Rule r) {
        if (!Html.finite(r.at())) {
            return false;
        }
        double frac = r.vertical() ? x.fraction(r.at()) : y.fraction(r.at());
        return frac >= -1e-9 && frac <= 1 + 1e-9;
    }

    private void markers(StringBuilder b, Frame f) {
        for (Marker m : markers) {
            if (Html.finite(m.x()) && Html.finite(m.y())) {
                double px = f.px(x, m.x());
                double py = f.py(y, m.y());
                b.append(String.format(Locale.ROOT, "<circle class=\"marker\" cx=\"%.1f\" cy=\"%.1f\" r=\"7\" "
                    + "fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\"><title>%s</title></circle>", px, py, m.color(),
                    Html.esc(m.label())));
            }
        }
    }

    private void markerLabels(StringBuilder b, Frame f) {
        for (Marker m : markers) {
            if (Html.finite(m.x()) && Html.finite(m.y()) && m.label() != null && !m.label().isEmpty()) {
                double px = f.px(x, m.x());
                double py = f.py(y, m.y());
                boolean right = px - f.left > f.width * 0.7;
                double ty = Math.max(f.top + 12, py - 11);
                b.append(String.format(Locale.ROOT, "<text class=\"marker\" x=\"%.1f\" y=\"%.1f\" fill=\"%s\" "
                    + "text-anchor=\"%s\">%s</text>", right ? px - 10 : px + 10, ty, m.color(), right ? "end" : "start",
                    Html.esc(m.label())));
            }
        }
    }

    private void tips(StringBuilder b, Frame f, Series s) {
        if (s.tips() == null) {
            return;
        }
        int n = Math.min(Math.min(s.xs().length, s.ys().length), s.tips().length);
        for (int i = 0; i < n; i++) {
            if (s.tips()[i] != null && Html.finite(s.xs()[i]) && Html.finite(s.ys()[i])) {
                b.append(String.format(Locale.ROOT, "<circle class=\"pt\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\">"
                    + "<title>%s</title></circle>", f.px(x, s.xs()[i]), f.py(y, s.ys()[i]), s.color(),
                    Html.esc(s.tips()[i])));
            }
        }
    }

    private void hovers(StringBuilder b, Frame f) {
        if (hovers.isEmpty()) {
            return;
        }
        b.append("<g class=\"hv\">");
        for (Hover h : hovers) {
            double x0 = clamp(f.px(x, h.x0()), f.left, f.left + f.width);
            double x1 = clamp(f.px(x, h.x1()), f.left, f.left + f.width);
            b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\"><title>%s</title>"
                + "</rect>", x0, f.top, Math.max(1, x1 - x0), f.height, Html.esc(h.text())));
        }
        b.append("</g>");
    }

    private static String dash(Series s) {
        return s.dash() == null ? "" : " stroke-dasharray=\"" + s.dash() + "\"";
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
