package dev.kpcload.report;

import dev.kpcload.InvalidInputException;
import dev.kpcload.IoReason;
import dev.kpcload.compare.ComparedRun;
import dev.kpcload.compare.Comparison;
import dev.kpcload.compare.ComparisonText;
import dev.kpcload.compare.Judged;
import dev.kpcload.compare.LatencyComparison;
import dev.kpcload.compare.LatencySource;
import dev.kpcload.compare.Shown;
import dev.kpcload.compare.Verdict;
import dev.kpcload.metrics.LatencyStats;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * {@code loadgen report compare --html FILE}: two runs side by side on one self-contained page, with each latency's
 * percentile distribution of BASE and NEW overlaid on one log-scale chart. It lives beside the run report so that it
 * draws with the very same charts, axes and styles.
 */
public final class CompareReport {

    /** BASE is the reference, drawn quietly (grey, dashed); NEW is the one being judged. */
    static final String BASE_COLOR = "#5f6368";
    static final String BASE_DASH = "7 4";
    static final String NEW_COLOR = "#1a73e8";

    private static final String CSS = """
        table.lat.cmp{width:auto;min-width:60%}
        table.cmp th:nth-child(2),table.cmp td:nth-child(2){text-align:right}
        table.cmp td.verdict{text-align:left;white-space:nowrap}
        table.cmp td.note{text-align:left;color:var(--muted);font-size:12px}
        td.v-WORSE{color:var(--bad);font-weight:600}td.v-BETTER{color:var(--good);font-weight:600}
        td.v-NOT_COMPARABLE,td.uncounted{color:var(--muted)}
        ul.warnings{margin:6px 0;padding-left:20px;color:var(--warn)}
        h3{font-size:15px;margin:18px 0 2px}
        table.cmp tr.differs td{color:var(--warn);font-weight:600}
        """;

    private CompareReport() {
    }

    public static String render(Comparison c, ComparedRun base, ComparedRun next) {
        String verdict = c.overall().name();
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .append("<title>kpc-loadgen compare: ").append(Html.esc(verdict)).append("</title>")
            .append("<style>").append(ReportStyle.CSS).append(CSS).append("</style></head><body><main>\n");
        b.append("<header><h1>kpc-loadgen comparison</h1><span class=\"badge ").append(badge(c.overall()))
            .append("\">").append(Html.esc(verdict)).append("</span><p class=\"sub\">BASE ")
            .append(Html.esc(describe(c.base()))).append(" \u00b7 NEW ").append(Html.esc(describe(c.next())))
            .append("</p></header>\n");
        b.append("<section><h2>Result</h2><p class=\"eq\">").append(Html.esc(ComparisonText.result(c)))
            .append("</p><p class=\"note\">").append(Html.esc(ComparisonText.rule(c))).append(".</p>");
        if (!c.warnings().isEmpty()) {
            b.append("<ul class=\"warnings\">");
            c.warnings().forEach(w -> b.append("<li>").append(Html.esc(w)).append("</li>"));
            b.append("</ul>");
        }
        b.append("</section>\n");
        b.append("<section><h2>Ratios</h2>");
        judgedTable(b, c.ratios());
        b.append("<p class=\"note\">As an SLO of the same name measures them: error, timeout, drop and confirmed "
            + "ratios are shares of the settled messages (confirmed + failed + timed out + dropped), achieved_ratio "
            + "is sent of planned, connect_success_ratio the connect attempts (reconnects too) that reached CONNACK; "
            + "the shares of success are judged on their shortfall (1 \u2212 ratio).</p>");
        b.append("</section>\n");
        b.append("<section><h2>Latencies</h2><p class=\"note\">Milliseconds, from the intended time (service from "
            + "the actual write). Each chart overlays the two runs' whole distributions: x stretches the tail (equal "
            + "steps for 90 %, 99 %, 99.9 %, 99.99 %), y is logarithmic; the last point of a line is its max.</p>");
        int chart = 0;
        for (LatencyComparison l : c.latencies()) {
            b.append("<h3>").append(Html.esc(l.tag())).append(" <small class=\"note\">").append(Html.esc(l.label()))
                .append(" \u00b7 ").append(Html.count(l.base().count())).append(" vs ")
                .append(Html.count(l.next().count())).append(" values")
                .append(l.source() == LatencySource.SUMMARY ? " \u00b7 from the summaries' percentiles" : "")
                .append("</small></h3>");
            judgedTable(b, l.items());
            b.append("<figure>").append(overlay("cmp-chart-" + chart++, l, base, next)).append("</figure>");
        }
        if (!c.notMeasured().isEmpty()) {
            b.append("<p class=\"note\">Not measured in either run: ").append(Html.esc(String.join(", ",
                c.notMeasured()))).append(".</p>");
        }
        b.append("</section>\n");
        b.append("<section><h2>Side by side</h2>");
        shownTables(b, c.shown());
        b.append("</section>\n");
        b.append("<section><h2>Configuration</h2>").append(config(base, next)).append("</section>\n");
        b.append("<footer>kpc-loadgen \u00b7 self-contained comparison: no scripts, fonts or images are fetched"
            + "</footer></main></body></html>\n");
        return b.toString();
    }

    public static void write(Comparison c, ComparedRun base, ComparedRun next, Path file) {
        String html = render(c, base, next);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot write: " + IoReason.of(e));
        }
    }

    private static String describe(Comparison.Side side) {
        return side.label() + " (" + (side.outcome() == null ? "outcome unknown" : side.outcome()) + ", "
            + (side.hlog() == null ? "no interval log" : "interval log " + side.hlog()) + ")";
    }

    private static String badge(Verdict v) {
        return switch (v) {
            case WORSE -> "bad";
            case NOT_COMPARABLE -> "warn";
            case BETTER, SAME -> "good";
        };
    }

    private static void judgedTable(StringBuilder b, List<Judged> items) {
        b.append("<table class=\"lat cmp\"><thead><tr><th>item</th><th>BASE</th><th>NEW</th><th>change</th>"
            + "<th>verdict</th><th></th></tr></thead><tbody>");
        for (Judged j : items) {
            b.append("<tr><td>").append(Html.esc(j.name())).append("</td><td>")
                .append(Html.esc(ComparisonText.value(j.unit(), j.base()))).append("</td><td>")
                .append(Html.esc(ComparisonText.value(j.unit(), j.next()))).append("</td><td>")
                .append(Html.esc(ComparisonText.change(j.change()))).append("</td><td class=\"verdict ")
                .append(j.counted() ? "v-" + j.verdict().name() : "uncounted").append("\">")
                .append(Html.esc(ComparisonText.verdict(j))).append("</td><td class=\"note\">")
                .append(j.note() == null ? "" : Html.esc(j.note())).append("</td></tr>");
        }
        b.append("</tbody></table>");
    }

    private static void shownTables(StringBuilder b, List<Shown> shown) {
        String section = null;
        for (Shown s : shown) {
            if (!s.section().equals(section)) {
                if (section != null) {
                    b.append("</tbody></table>");
                }
                section = s.section();
                b.append("<h3>").append(Html.esc(section)).append("</h3><table class=\"lat cmp\"><thead><tr><th></th>"
                    + "<th>BASE</th><th>NEW</th><th>change</th></tr></thead><tbody>");
            }
            b.append("<tr><td>").append(Html.esc(s.name())).append("</td><td>")
                .append(Html.esc(ComparisonText.value(s.unit(), s.base()))).append("</td><td>")
                .append(Html.esc(ComparisonText.value(s.unit(), s.next()))).append("</td><td>")
                .append(Html.esc(ComparisonText.change(s.change()))).append("</td></tr>");
        }
        if (section != null) {
            b.append("</tbody></table>");
        }
    }

    /** Every setting of either run; a row that differs is marked. */
    private static String config(ComparedRun base, ComparedRun next) {
        Map<String, Object> a = base.summary().config() == null ? Map.of() : base.summary().config();
        Map<String, Object> n = next.summary().config() == null ? Map.of() : next.summary().config();
        if (a.isEmpty() && n.isEmpty()) {
            return "<p class=\"note\">No configuration recorded.</p>";
        }
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(n.keySet());
        StringBuilder b = new StringBuilder("<table class=\"lat cmp\"><thead><tr><th>setting</th><th>BASE</th>"
            + "<th>NEW</th></tr></thead><tbody>");
        for (String key : keys) {
            boolean differs = !Objects.equals(a.get(key), n.get(key));
            b.append("<tr").append(differs ? " class=\"differs\"" : "").append("><td>").append(Html.esc(key))
                .append("</td><td>").append(Html.esc(Html.configValue(a.get(key)))).append("</td><td>")
                .append(Html.esc(Html.configValue(n.get(key)))).append("</td></tr>");
        }
        b.append("</tbody></table><p class=\"note\">Marked: settings that differ (run ids, servers and seeds are "
            + "expected to).</p>");
        return b.toString();
    }

    /** BASE and NEW of one latency on one chart: the whole histograms, or the summaries' five points. */
    static String overlay(String id, LatencyComparison l, ComparedRun base, ComparedRun next) {
        PercentileAxis x = PercentileAxis.forCount(Math.max(l.base().count(), l.next().count()));
        List<LineChart.Series> lines = new ArrayList<>();
        LineChart.Series nb = curve("NEW " + l.tag(), NEW_COLOR, null, l, next, l.next(), x);
        LineChart.Series bb = curve("BASE " + l.tag(), BASE_COLOR, BASE_DASH, l, base, l.base(), x);
        // NEW first: drawn on top and first in the legend
        if (nb != null) {
            lines.add(nb);
        }
        if (bb != null) {
            lines.add(bb);
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (LineChart.Series s : lines) {
            for (double v : s.ys()) {
                if (v > 0 && Html.finite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        LineChart c = new LineChart(id, l.tag() + ": BASE and NEW by percentile", x,
            "percentile (log scale of 1/(1\u2212p); the last point of each line is its max)",
            LogAxis.covering(lo, hi), "latency (ms, log scale)").plotHeight(240).emptyMessage("no latency recorded");
        lines.forEach(c::add);
        return c.svg();
    }

    private static LineChart.Series curve(String name, String color, String dash, LatencyComparison l,
                                          ComparedRun run, LatencyStats stats, PercentileAxis x) {
        if (stats.count() == 0) {
            return null;
        }
        Histogram h = l.source() == LatencySource.INTERVAL_LOG ? run.histograms().get(l.tag()) : null;
        if (h != null && h.getTotalCount() > 0) {
            LineChart.Series s = PercentileChart.series(name, h, x);
            return new LineChart.Series(name, color, dash, 2, s.xs(), s.ys(), s.tips());
        }
        return fromStats(name + " (summary percentiles)", color, dash, stats, x);
    }

    /**
     * Without a histogram, the summary's p50, p90, p99, p99.9 and max as a line of five points (the percentile axis
     * reaches at least 99.99 %, so all five fit; the max sits at its end as in the histogram curves).
     */
    private static LineChart.Series fromStats(String name, String color, String dash, LatencyStats s,
                                              PercentileAxis x) {
        double end = 100 * (1 - Math.pow(10, -x.nines()));
        double[] xs = {50, 90, 99, 99.9, end};
        double[] ys = {s.p50(), s.p90(), s.p99(), s.p999(), s.max()};
        String[] labels = {"p50", "p90", "p99", "p99.9", "max"};
        String[] tips = new String[xs.length];
        for (int i = 0; i < xs.length; i++) {
            tips[i] = name + " " + labels[i] + ": " + Html.ms(ys[i]) + " ms";
        }
        return new LineChart.Series(name, color, dash, 2, xs, ys, tips);
    }
}
