package dev.kpcload.report;

import dev.kpcload.InvalidInputException;
import dev.kpcload.IoReason;
import dev.kpcload.capacity.Bracket;
import dev.kpcload.capacity.CapacityResult;
import dev.kpcload.capacity.CapacitySettings;
import dev.kpcload.capacity.CapacityStep;
import dev.kpcload.capacity.LatencyThreshold;
import dev.kpcload.capacity.StepOutcome;
import dev.kpcload.capacity.StepPurpose;
import dev.kpcload.metrics.LatencyStats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * A capacity search's page, self-contained like the run report: the answer and why, then achieved against
 * offered rate (with y = x), latency against offered rate (log axis, the SLO line, the knee), errors against
 * offered rate, the step timeline, and every step in a table.
 */
public final class CapacityReport {

    private CapacityReport() {
    }

    public static String render(CapacityResult r) {
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .append("<title>kpc-loadgen capacity: ").append(Html.esc(r.outcome())).append("</title>")
            .append("<style>").append(ReportStyle.CSS).append("</style></head><body><main>\n");
        b.append(header(r));
        b.append("<section><h2>Result</h2>").append(answer(r)).append("</section>\n");
        String latency = r.latency() == null ? "latency" : r.latency() + " latency";
        figure(b, "Achieved against offered rate", "Each step's measured window: what the generator sent and what "
            + "was confirmed, against what it offered (the dashed y = x line). Sent below the line means the generator "
            + "could not keep up (the step is then inconclusive); confirmed below sent means KPC fell behind.",
            achievedChart(r));
        figure(b, "Latency against offered rate", "p50, p99 and p99.9 of the " + latency + " per step (log scale), "
            + "with the SLO threshold (dashed) and the knee of the judged statistic (ringed, by Kneedle). "
            + "Inconclusive steps are left out: their latency is the generator's.", latencyChart(r));
        figure(b, "Errors against offered rate", "Failed and timed-out messages as a share of each step's measured "
            + "messages.", errorChart(r));
        figure(b, "Step timeline", "The offered rate over the search: thin grey while ramping and settling "
            + "(discarded), thick over the measured window, coloured by verdict; confirmation holds are shaded. Hover "
            + "a step for its numbers.", timelineChart(r));
        b.append("<section><h2>Steps</h2>").append(stepsTable(r)).append("</section>\n");
        b.append("<section><h2>SLOs and settings</h2>").append(slos(r)).append(settings(r.settings()))
            .append("</section>\n");
        b.append("<footer>kpc-loadgen \u00b7 self-contained report: no scripts, fonts or images are fetched</footer>");
        b.append("</main></body></html>\n");
        return b.toString();
    }

    /** Writes the page; a failure becomes {@code FILE: cannot write: reason}. */
    public static void write(CapacityResult r, Path file) {
        String html = render(r);
        try {
            Files.writeString(file, html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot write: " + IoReason.of(e));
        }
    }

    private static String header(CapacityResult r) {
        String cls = switch (r.outcome()) {
            case FOUND, MAX_RATE_REACHED -> "good";
            case STOPPED, STEP_LIMIT, UNCONFIRMED -> "warn";
            case NONE_PASSED, GENERATOR_LIMITED -> "bad";
        };
        double end = r.steps().isEmpty() ? 0 : r.steps().get(r.steps().size() - 1).endSeconds();
        return "<header><h1>kpc-loadgen capacity report</h1><span class=\"badge " + cls + "\">"
            + Html.esc(r.outcome()) + "</span><p class=\"sub\">" + r.steps().size() + " steps \u00b7 "
            + Html.one(end) + " s of search" + (r.latency() == null ? "" : " \u00b7 judged latency "
            + Html.esc(r.latency())) + "</p></header>";
    }

    private static String answer(CapacityResult r) {
        StringBuilder b = new StringBuilder("<div class=\"cards\">");
        boolean atLeast = r.outcome() == dev.kpcload.capacity.SearchOutcome.MAX_RATE_REACHED;
        card(b, "max sustainable rate", r.maxSustainableRate() == null ? "none confirmed"
            : (atLeast ? "&ge; " : "") + Html.one(r.maxSustainableRate()) + " <small>/s</small>",
            r.maxSustainableRate() == null ? String.valueOf(r.outcome()) : "passed and confirmed by a hold");
        CapacityResult.Knee k = r.knee();
        card(b, "knee", k == null ? "none" : Html.one(k.rate()) + " <small>/s</small>", k == null
            ? "no clear bend in latency" : Html.esc(k.latency() + " " + k.statistic() + " " + Html.ms(k.latencyMs())
            + " ms there (Kneedle)"));
        Bracket br = r.bracket();
        card(b, "last pass", br == null || br.lastPass() == null ? "\u2014" : Html.one(br.lastPass())
            + " <small>/s</small>", "first failure " + (br == null || br.firstFail() == null ? "none"
            : Html.one(br.firstFail()) + "/s") + (br == null || br.width() == null ? ""
            : String.format(Locale.ROOT, " (%.2f %% apart)", 100 * br.width())));
        long passed = r.steps().stream().filter(s -> s.verdict() == StepOutcome.PASS).count();
        card(b, "steps", Html.count(r.steps().size()), passed + " passed, " + (r.steps().size() - passed)
            + " did not");
        b.append("</div>");
        boolean good = r.maxSustainableRate() != null;
        b.append("<div class=\"accounting").append(good ? "" : " bad").append("\"><span class=\"eq\">")
            .append(Html.esc(r.explanation())).append("</span>");
        if (r.remedy() != null) {
            b.append("<span class=\"note\">What to do: ").append(Html.esc(r.remedy())).append("</span>");
        }
        b.append("</div>");
        return b.toString();
    }

    private static void card(StringBuilder b, String label, String valueHtml, String subHtml) {
        b.append("<div class=\"card\"><div class=\"label\">").append(Html.esc(label)).append("</div>")
            .append("<div class=\"value\">").append(valueHtml).append("</div>")
            .append("<div class=\"sub\">").append(subHtml).append("</div></div>");
    }

    /** The steps by offered rate (a search visits rates out of order; a line through them in run order zigzags). */
    private static List<CapacityStep> byRate(CapacityResult r, Predicate<CapacityStep> keep) {
        List<CapacityStep> steps = new ArrayList<>();
        for (CapacityStep s : r.steps()) {
            if (keep.test(s)) {
                steps.add(s);
            }
        }
        steps.sort(Comparator.comparingDouble(CapacityStep::offeredRate).thenComparingInt(CapacityStep::index));
        return steps;
    }

    private static LinearAxis rateAxis(CapacityResult r) {
        double top = 0;
        for (CapacityStep s : r.steps()) {
            top = Math.max(top, s.offeredRate());
        }
        return LinearAxis.covering(0, top, 10);
    }

    static String achievedChart(CapacityResult r) {
        LinearAxis x = rateAxis(r);
        double top = x.max();
        for (CapacityStep s : r.steps()) {
            top = Math.max(top, Math.max(s.achievedRate(), s.confirmedRate()));
        }
        LineChart c = new LineChart("cap-achieved", "Achieved against offered rate", x, "offered rate (messages/s)",
            LinearAxis.covering(0, top, 5), "messages per second").dots();
        List<CapacityStep> steps = byRate(r, s -> true);
        if (steps.isEmpty()) {
            c.emptyMessage("no step finished");
        } else {
            double end = x.max();
            c.add(new LineChart.Series("offered (y = x)", Palette.TARGET, "7 5", 1.5, new double[] {0, end},
                new double[] {0, end}, null));
            c.add(new LineChart.Series("sent (achieved)", Palette.SENT, null, 2.5, xs(steps),
                ys(steps, CapacityStep::achievedRate), tips(steps)));
            c.add(new LineChart.Series("confirmed", Palette.CONFIRMED, null, 2, xs(steps),
                ys(steps, CapacityStep::confirmedRate), null));
        }
        sustainable(c, r);
        return c.svg();
    }

    static String latencyChart(CapacityResult r) {
        String name = r.latency();
        List<CapacityStep> steps = byRate(r, s -> name != null && s.latency(name) != null
            && s.verdict() != StepOutcome.INCONCLUSIVE);
        List<LatencyThreshold> limits = new ArrayList<>();
        for (LatencyThreshold t : r.thresholds()) {
            if (t.latency().equals(name) && t.thresholdMs() > 0) {
                limits.add(t);
            }
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (CapacityStep s : steps) {
            LatencyStats l = s.latency(name);
            for (double v : new double[] {l.p50(), l.p99(), l.p999()}) {
                if (v > 0 && Html.finite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        for (LatencyThreshold t : limits) {
            lo = Math.min(lo, t.thresholdMs());
            hi = Math.max(hi, t.thresholdMs());
        }
        String title = (name == null ? "Latency" : name + " latency") + " against offered rate";
        LineChart c = new LineChart("cap-latency", title, rateAxis(r), "offered rate (messages/s)",
            LogAxis.covering(lo, hi), "latency (ms, log scale)").dots();
        if (steps.isEmpty()) {
            c.emptyMessage(r.steps().isEmpty() ? "no step finished" : "no latency measured in any judged step");
        } else {
            c.add(new LineChart.Series(name + " p50", Palette.P50, null, 2, xs(steps),
                ys(steps, s -> s.latency(name).p50()), null));
            c.add(new LineChart.Series(name + " p99", Palette.P99, null, 2.5, xs(steps),
                ys(steps, s -> s.latency(name).p99()), tips(steps)));
            c.add(new LineChart.Series(name + " p99.9", Palette.P999, null, 2, xs(steps),
                ys(steps, s -> s.latency(name).p999()), null));
        }
        for (LatencyThreshold t : limits) {
            c.rule(LineChart.Rule.horizontal(t.thresholdMs(), "SLO " + t.slo(), Palette.SLO));
        }
        CapacityResult.Knee k = r.knee();
        if (k != null) {
            c.marker(new LineChart.Marker(k.rate(), k.latencyMs(), "knee " + Html.one(k.rate()) + "/s (" + k.statistic()
                + " " + Html.ms(k.latencyMs()) + " ms)", Palette.KNEE));
        }
        sustainable(c, r);
        return c.svg();
    }

    static String errorChart(CapacityResult r) {
        List<CapacityStep> steps = byRate(r, s -> true);
        double top = 0;
        for (CapacityStep s : steps) {
            top = Math.max(top, 100 * Math.max(s.errorRatio(), s.timeoutRatio()));
        }
        LineChart c = new LineChart("cap-errors", "Errors against offered rate", rateAxis(r),
            "offered rate (messages/s)", LinearAxis.covering(0, top, 5), "share of measured messages (%)").dots();
        if (steps.isEmpty()) {
            c.emptyMessage("no step finished");
        } else {
            c.add(new LineChart.Series("errors", Palette.FAILED, null, 2, xs(steps),
                ys(steps, s -> 100 * s.errorRatio()), tips(steps)));
            c.add(new LineChart.Series("timeouts", Palette.TIMED_OUT, "6 4", 2, xs(steps),
                ys(steps, s -> 100 * s.timeoutRatio()), null));
        }
        sustainable(c, r);
        return c.svg();
    }

    static String timelineChart(CapacityResult r) {
        List<CapacityStep> steps = r.steps();
        double end = steps.isEmpty() ? 0 : steps.get(steps.size() - 1).endSeconds();
        double top = 0;
        for (CapacityStep s : steps) {
            top = Math.max(top, Math.max(s.offeredRate(), s.achievedRate()));
        }
        LineChart c = new LineChart("cap-timeline", "Step timeline", LinearAxis.covering(0, end, 12),
            "time since the search began (s)", LinearAxis.covering(0, top, 5), "offered rate (messages/s)");
        if (steps.isEmpty()) {
            c.emptyMessage("no step finished");
            return c.svg();
        }
        double ramp = r.settings() == null ? 0 : r.settings().rampSeconds();
        List<double[]> lead = new ArrayList<>();
        double previous = 0;
        for (CapacityStep s : steps) {
            double rampEnd = Math.min(s.startSeconds() + ramp, s.measureStartSeconds());
            lead.add(new double[] {s.startSeconds(), previous});
            lead.add(new double[] {rampEnd, s.offeredRate()});
            lead.add(new double[] {s.measureStartSeconds(), s.offeredRate()});
            lead.add(new double[] {Double.NaN, Double.NaN});
            previous = s.offeredRate();
            if (s.purpose() == StepPurpose.CONFIRM) {
                c.band(new LineChart.Band(s.startSeconds(), s.endSeconds(), "hold", Palette.GRACE_BAND));
            }
            c.hover(new LineChart.Hover(s.startSeconds(), s.endSeconds(), tip(s)));
        }
        c.add(series("ramp and settle (discarded)", Palette.OTHER, 1.5, lead));
        verdictSeries(c, steps, StepOutcome.PASS, "pass", Palette.PASS);
        verdictSeries(c, steps, StepOutcome.FAIL, "fail", Palette.FAIL);
        verdictSeries(c, steps, StepOutcome.INCONCLUSIVE, "inconclusive", Palette.INCONCLUSIVE);
        return c.svg();
    }

    /** The measured windows of the steps with {@code verdict}, one segment each; no series (and legend) without one. */
    private static void verdictSeries(LineChart c, List<CapacityStep> steps, StepOutcome verdict, String name,
                                      String color) {
        List<double[]> points = new ArrayList<>();
        for (CapacityStep s : steps) {
            if (s.verdict() == verdict) {
                points.add(new double[] {s.measureStartSeconds(), s.offeredRate()});
                points.add(new double[] {s.endSeconds(), s.offeredRate()});
                points.add(new double[] {Double.NaN, Double.NaN});
            }
        }
        if (!points.isEmpty()) {
            c.add(series(name, color, 5, points));
        }
    }

    private static LineChart.Series series(String name, String color, double width, List<double[]> points) {
        double[] xs = new double[points.size()];
        double[] ys = new double[points.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = points.get(i)[0];
            ys[i] = points.get(i)[1];
        }
        return new LineChart.Series(name, color, null, width, xs, ys, null);
    }

    /** The vertical line at the confirmed rate, on every chart against offered rate. */
    private static void sustainable(LineChart c, CapacityResult r) {
        if (r.maxSustainableRate() != null) {
            c.rule(LineChart.Rule.vertical(r.maxSustainableRate(), "max sustainable " + Html.one(r.maxSustainableRate())
                + "/s", Palette.PASS));
        }
    }

    private static double[] xs(List<CapacityStep> steps) {
        return ys(steps, CapacityStep::offeredRate);
    }

    private static double[] ys(List<CapacityStep> steps, ToDoubleFunction<CapacityStep> f) {
        double[] out = new double[steps.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.applyAsDouble(steps.get(i));
        }
        return out;
    }

    private static String[] tips(List<CapacityStep> steps) {
        return steps.stream().map(CapacityReport::tip).toArray(String[]::new);
    }

    private static String tip(CapacityStep s) {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "step %d \u00b7 %s \u00b7 %s%n", s.index(), s.purpose(), s.verdict()));
        t.append(String.format(Locale.ROOT, "offered %s/s, sent %s/s, confirmed %s/s%n", Html.one(s.offeredRate()),
            Html.one(s.achievedRate()), Html.one(s.confirmedRate())));
        s.latencies().forEach((name, l) -> {
            if (l.count() > 0) {
                t.append(String.format(Locale.ROOT, "%s: p50 %s, p99 %s, p99.9 %s, max %s ms%n", name, Html.ms(l.p50()),
                    Html.ms(l.p99()), Html.ms(l.p999()), Html.ms(l.max())));
            }
        });
        t.append(String.format(Locale.ROOT, "errors %s, timeouts %s, %s measured%s", pct(s.errorRatio()),
            pct(s.timeoutRatio()), Html.count(s.messagesMeasured()), s.percentileStable() ? "" : " (too few)"));
        for (CapacityStep.SloMiss m : s.failedSlos()) {
            t.append("\nbroke ").append(miss(m));
        }
        if (s.note() != null && !s.note().isBlank()) {
            t.append('\n').append(s.note());
        }
        return t.toString();
    }

    static String stepsTable(CapacityResult r) {
        String name = r.latency() == null ? "latency" : r.latency();
        StringBuilder b = new StringBuilder("<div class=\"wide\"><table class=\"lat steps\"><thead><tr><th>step</th>"
            + "<th>purpose</th><th>offered /s</th><th>sent /s</th><th>confirmed /s</th><th>verdict</th><th>" + Html.esc(name)
            + " p50</th><th>p99</th><th>p99.9</th><th>max</th><th>errors</th><th>timeouts</th><th>measured</th>"
            + "<th>window (s)</th></tr></thead><tbody>");
        for (CapacityStep s : r.steps()) {
            List<String> why = new ArrayList<>();
            for (CapacityStep.SloMiss m : s.failedSlos()) {
                why.add("broke " + miss(m));
            }
            if (s.note() != null && !s.note().isBlank()) {
                why.add(s.note());
            }
            b.append(why.isEmpty() ? "<tr>" : "<tr class=\"step-with-why\">").append("<td>").append(s.index())
                .append("</td><td>").append(Html.esc(s.purpose())).append("</td>");
            for (double v : new double[] {s.offeredRate(), s.achievedRate(), s.confirmedRate()}) {
                b.append("<td>").append(Html.one(v)).append("</td>");
            }
            b.append("<td class=\"").append(Html.esc(s.verdict())).append("\">").append(Html.esc(s.verdict()))
                .append("</td>");
            LatencyStats l = r.latency() == null ? null : s.latency(r.latency());
            if (l == null) {
                b.append("<td colspan=\"4\" class=\"nodata\">no data</td>");
            } else {
                for (double v : new double[] {l.p50(), l.p99(), l.p999(), l.max()}) {
                    b.append("<td>").append(Html.ms(v)).append("</td>");
                }
            }
            b.append("<td>").append(pct(s.errorRatio())).append("</td><td>").append(pct(s.timeoutRatio()))
                .append("</td><td>").append(Html.count(s.messagesMeasured())).append(s.percentileStable() ? ""
                    : " (too few)").append("</td><td>").append(Html.one(s.measureStartSeconds())).append("\u2013")
                .append(Html.one(s.endSeconds())).append("</td></tr>");
            if (!why.isEmpty()) {
                // Its own row under the step: SLO texts are long and would squeeze the numbers.
                b.append("<tr class=\"why\"><td></td><td colspan=\"13\" class=\"why\">")
                    .append(Html.esc(String.join("; ", why))).append("</td></tr>");
            }
        }
        if (r.steps().isEmpty()) {
            b.append("<tr><td colspan=\"14\" class=\"nodata\">no step finished</td></tr>");
        }
        b.append("</tbody></table></div><p class=\"note\">Latencies in milliseconds over each step's measured window "
            + "(after its ramp and settle). \u201ctoo few\u201d: fewer messages than a stable percentile needs.</p>");
        return b.toString();
    }

    private static String slos(CapacityResult r) {
        if (r.slos().isEmpty()) {
            return "<p class=\"note\">No SLOs recorded.</p>";
        }
        StringBuilder b = new StringBuilder("<p>Every step was judged on:</p><ul>");
        for (String slo : r.slos()) {
            b.append("<li><code>").append(Html.esc(slo)).append("</code></li>");
        }
        return b.append("</ul>").toString();
    }

    private static String settings(CapacitySettings s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder("<dl class=\"config\">");
        dd(b, "start rate", Html.one(s.startRate()) + "/s");
        dd(b, "factor", Html.plain(s.factor()));
        dd(b, "precision", Html.plain(100 * s.precision()) + " %");
        dd(b, "max rate", s.maxRate() == null ? "none" : Html.one(s.maxRate()) + "/s");
        dd(b, "floor", Html.one(s.floorRate()) + "/s");
        dd(b, "ramp", Html.plain(s.rampSeconds()) + " s");
        dd(b, "settle", Html.plain(s.settleSeconds()) + " s");
        dd(b, "measure", "at least " + Html.plain(s.measureSeconds()) + " s");
        dd(b, "min messages", Html.count(s.minMessages()));
        dd(b, "confirmation hold", Html.plain(s.confirmFactor()) + " \u00d7 a step");
        dd(b, "max confirmations", String.valueOf(s.maxConfirmations()));
        dd(b, "max steps", String.valueOf(s.maxSteps()));
        return b.append("</dl>").toString();
    }

    private static void dd(StringBuilder b, String key, String value) {
        b.append("<dt>").append(Html.esc(key)).append("</dt><dd>").append(Html.esc(value)).append("</dd>");
    }

    private static String miss(CapacityStep.SloMiss m) {
        boolean ms = "ms".equals(m.unit());
        String unit = m.unit() == null || m.unit().isEmpty() ? "" : " " + m.unit();
        return m.slo() + ": " + (ms ? Html.ms(m.measured()) : Html.plain(m.measured())) + unit + " against "
            + (ms ? Html.ms(m.threshold()) : Html.plain(m.threshold())) + unit
            + (m.by() == null || m.by().isBlank() ? "" : " (" + m.by() + ")");
    }

    private static String pct(double ratio) {
        return Html.finite(ratio) ? String.format(Locale.ROOT, "%.2f %%", 100 * ratio) : "\u2014";
    }

    private static void figure(StringBuilder b, String title, String note, String svg) {
        b.append("<section><h2>").append(Html.esc(title)).append("</h2><p class=\"note\">").append(Html.esc(note))
            .append("</p><figure>").append(svg).append("</figure></section>\n");
    }
}
