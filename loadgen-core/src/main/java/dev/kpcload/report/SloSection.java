package dev.kpcload.report;

import dev.kpcload.slo.SloOutcome;
import dev.kpcload.slo.SloResult;
import dev.kpcload.slo.SloVerdict;

import java.util.Locale;

/** The SLO verdict of the report: each objective, its measured value, pass or fail, when it first broke. */
final class SloSection {

    private SloSection() {
    }

    /** The section, or "" for a run without SLOs. */
    static String html(SloVerdict verdict) {
        if (verdict == null || verdict.results().isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("<section><h2>Service level objectives</h2><p class=\"note\">");
        b.append(verdict.passed() ? "Every SLO was met." : Html.esc(verdict.failures().size() + " of "
            + verdict.results().size() + " SLOs broken."));
        if (verdict.aborted()) {
            b.append(" The run was aborted by ").append(Html.esc("'" + verdict.abortedBy() + "'")).append('.');
        }
        b.append(" Judged on the run's HdrHistograms and counts (warm-up left out); a sustained SLO on each report"
            + " interval.</p>");
        b.append("<table class=\"lat\"><thead><tr><th>objective</th><th>verdict</th><th>measured</th><th>margin</th>"
            + "<th>first broken</th><th>from</th></tr></thead><tbody>");
        for (SloResult r : verdict.results()) {
            String cls = r.passed() ? "good" : "bad";
            b.append("<tr><td><code>").append(Html.esc(r.slo())).append("</code></td><td><span class=\"badge ")
                .append(cls).append("\">").append(Html.esc(r.outcome().tag())).append("</span>")
                .append(r.aborted() ? " aborted the run" : "").append("</td><td>").append(Html.esc(r.measured()))
                .append("</td><td>").append(Html.esc(r.outcome() == SloOutcome.NO_DATA ? r.margin() : r.margin()))
                .append("</td><td>").append(r.firstBrokenAtSeconds() == null ? "-"
                    : Html.esc(String.format(Locale.ROOT, "%.1f s", r.firstBrokenAtSeconds())))
                .append("</td><td>").append(Html.esc(r.where())).append("</td></tr>");
        }
        return b.append("</tbody></table></section>\n").toString();
    }
}
