package dev.kpcload.report;

import dev.kpcload.InvalidInputException;
import dev.kpcload.IoReason;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A run's report as one self-contained HTML file: inline CSS, charts as inline SVG, nothing fetched, so it
 * can be mailed, attached to a ticket or opened offline years later and look the same.
 */
public final class HtmlReport {

    private HtmlReport() {
    }

    public static String render(ReportData data) {
        SummarySection summary = new SummarySection(data);
        TimelineCharts timeline = new TimelineCharts(data);
        String outcome = data.summary().outcome() == null ? "unknown" : data.summary().outcome().tag();
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .append("<title>kpc-loadgen report: ").append(Html.esc(outcome)).append("</title>")
            .append("<style>").append(ReportStyle.CSS).append("</style></head><body><main>\n");
        b.append(summary.header());
        b.append(SloSection.html(data.summary().slo()));
        b.append("<section><h2>Outcome</h2>").append(summary.accounting()).append(summary.keyNumbers())
            .append("</section>\n");
        b.append("<section><h2>Latency</h2>").append(summary.latencyTable()).append(summary.partsTable())
            .append("</section>\n");
        figure(b, "Rates", "Per report interval: the plan's target, what the generator sent, and what was confirmed. "
            + "Sent below target means the generator could not keep up (see send lag); confirmed below sent means "
            + "the server fell behind or failed.", timeline.rates());
        figure(b, "Connected devices", "Devices connected at the end of each interval, against the devices targeted.",
            timeline.devices());
        figure(b, "Latency over time", "Each interval's percentiles of the confirmation latency ("
            + TimelineCharts.replyKind(data) + ", solid) and of connects (dashed), with the send lag p99 (dotted). "
            + "Gaps are intervals without a value.", timeline.latencies());
        figure(b, "Latency distribution", "Whole run. The x axis stretches the tail: equal steps for 90 %, 99 %, "
            + "99.9 %, 99.99 %. Hover a line for its values.", new PercentileChart(data).svg());
        b.append(new ErrorSection(data).html()).append('\n');
        b.append("<section><h2>Configuration</h2>").append(summary.config()).append("</section>\n");
        b.append("<footer>kpc-loadgen \u00b7 self-contained report: no scripts, fonts or images are fetched</footer>");
        b.append("</main></body></html>\n");
        return b.toString();
    }

    /** Writes the report; a failure becomes {@code FILE: cannot write: reason}. */
    public static void write(ReportData data, Path file) {
        String html = render(data);
        try {
            Files.writeString(file, html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot write: " + IoReason.of(e));
        }
    }

    private static void figure(StringBuilder b, String title, String note, String svg) {
        b.append("<section><h2>").append(Html.esc(title)).append("</h2><p class=\"note\">").append(Html.esc(note))
            .append("</p><figure>").append(svg).append("</figure></section>\n");
    }
}
