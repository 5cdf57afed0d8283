package dev.kpcload.report;

import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.LatencyStats;
import dev.kpcload.result.RunSummary;

import java.util.Map;

/**
 * The top of the report, readable without any chart: outcome, the accounting line, key numbers, the
 * latency table and the run's configuration. Numbers come from the summary, exactly as {@code --json-out}
 * has them, so the page and the JSON never disagree.
 */
final class SummarySection {

    private final RunSummary s;
    private final String replyKind;

    SummarySection(ReportData data) {
        this.s = data.summary();
        this.replyKind = TimelineCharts.replyKind(data);
    }

    String header() {
        String outcome = s.outcome() == null ? "unknown" : s.outcome().tag();
        String cls = s.outcome() == null ? "bad" : switch (s.outcome()) {
            case COMPLETED -> "good";
            case STOPPED, INCOMPLETE -> "warn";
            case ABORTED -> "bad";
            case NO_DEVICE_CONNECTED -> "bad";
        };
        StringBuilder b = new StringBuilder();
        b.append("<header><h1>kpc-loadgen run report</h1>");
        b.append("<span class=\"badge ").append(cls).append("\">").append(Html.esc(outcome)).append("</span>");
        if (s.other() != null) {
            b.append("<p class=\"sub\">").append(Html.one(s.other().elapsedSeconds())).append(" s in all");
            if (s.rates() != null) {
                b.append(" \u00b7 publishing for ").append(Html.one(s.rates().publishSeconds())).append(" s");
            }
            b.append(" \u00b7 transport ").append(Html.esc(s.other().transport())).append("</p>");
        }
        b.append("</header>");
        return b.toString();
    }

    /** {@code scheduled = confirmed + failed + timed out + dropped + in flight}, checked. */
    String accounting() {
        RunSummary.Messages m = s.messages();
        if (m == null) {
            return "<div class=\"accounting bad\">no message counts in the summary</div>";
        }
        boolean ok = m.balanced();
        return "<div class=\"accounting " + (ok ? "good" : "bad") + "\"><span class=\"eq\">"
            + Html.count(m.scheduled()) + " scheduled = " + Html.count(m.confirmed()) + " confirmed + "
            + Html.count(m.failed()) + " failed + " + Html.count(m.timedOut()) + " timed out + "
            + Html.count(m.dropped()) + " dropped + " + Html.count(m.inFlight()) + " in flight</span>"
            + "<span class=\"badge " + (ok ? "good" : "bad") + "\">" + (ok ? "balanced" : "NOT BALANCED") + "</span>"
            + "<span class=\"note\">" + Html.count(m.sent()) + " sent"
            + (m.dropped() > 0 ? "; the " + Html.count(m.dropped()) + " dropped were never sent" : "")
            + "</span></div>";
    }

    String keyNumbers() {
        StringBuilder b = new StringBuilder("<div class=\"cards\">");
        RunSummary.Devices d = s.devices();
        if (d != null) {
            card(b, "devices connected", Html.count(d.connected()) + " <small>of " + Html.count(d.targeted())
                + "</small>", Html.count(d.failed()) + " failed to connect");
        }
        RunSummary.Rates r = s.rates();
        if (r != null) {
            card(b, "target rate", Html.one(r.target()) + " <small>/s</small>", "scheduled " + Html.one(r.scheduled())
                + "/s");
            card(b, "sent rate", Html.one(r.sent()) + " <small>/s</small>", share(r.sent(), r.target()));
            card(b, "confirmed rate", Html.one(r.confirmed()) + " <small>/s</small>", share(r.confirmed(), r.target()));
        }
        LatencyStats reply = s.latencies() == null ? null : s.latencies().get(replyKind);
        if (reply != null && reply.count() > 0) {
            card(b, replyKind + " p99", Html.ms(reply.p99()) + " <small>ms</small>", "p50 " + Html.ms(reply.p50())
                + " ms, max " + Html.ms(reply.max()) + " ms");
        }
        RunSummary.Messages m = s.messages();
        if (m != null) {
            card(b, "confirmed", Html.count(m.confirmed()), Html.count(m.sent()) + " sent");
        }
        b.append("</div>");
        RunSummary.Other o = s.other();
        RunSummary.Reports rep = s.reports();
        b.append("<p class=\"note\">");
        if (rep != null) {
            b.append("Metadata reports on CONNACK: ").append(Html.count(rep.sent())).append(" sent, ")
                .append(Html.count(rep.confirmed())).append(" confirmed. ");
        }
        if (o != null) {
            b.append(Html.count(o.unmatchedReplies())).append(" unmatched replies, ")
                .append(Html.count(o.protocolErrors())).append(" protocol errors, ")
                .append(Html.count(o.pings())).append(" pings; ")
                .append(Html.bytes(o.bytesSent())).append(" sent, ").append(Html.bytes(o.bytesReceived()))
                .append(" received (MQTT bytes on the wire).");
        }
        b.append("</p>");
        return b.toString();
    }

    private static String share(double part, double whole) {
        return whole > 0 && Html.finite(part) ? String.format(java.util.Locale.ROOT, "%.1f %% of target",
            100 * part / whole) : "";
    }

    private static void card(StringBuilder b, String label, String valueHtml, String sub) {
        b.append("<div class=\"card\"><div class=\"label\">").append(Html.esc(label)).append("</div>")
            .append("<div class=\"value\">").append(valueHtml).append("</div>")
            .append("<div class=\"sub\">").append(Html.esc(sub)).append("</div></div>");
    }

    String latencyTable() {
        StringBuilder b = new StringBuilder("<table class=\"lat\"><thead><tr><th>latency</th><th>measured</th>"
            + "<th>count</th><th>mean</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>max</th></tr>"
            + "</thead><tbody>");
        Map<String, LatencyStats> all = s.latencies() == null ? Map.of() : s.latencies();
        for (LatencyKind kind : LatencyKind.values()) {
            LatencyStats l = all.get(kind.tag());
            boolean has = l != null && l.count() > 0;
            b.append("<tr").append(has ? "" : " class=\"none\"").append("><td><span class=\"sw\" style=\"background:")
                .append(Palette.kind(kind.tag())).append("\"></span>").append(Html.esc(kind.tag())).append("</td><td>")
                .append(Html.esc(kind.label())).append("</td>");
            if (has) {
                b.append("<td>").append(Html.count(l.count())).append("</td>");
                for (double v : new double[] {l.mean(), l.p50(), l.p90(), l.p99(), l.p999(), l.max()}) {
                    b.append("<td>").append(Html.ms(v)).append("</td>");
                }
            } else {
                b.append("<td>0</td><td colspan=\"6\" class=\"nodata\">no data</td>");
            }
            b.append("</tr>");
        }
        b.append("</tbody></table><p class=\"note\">Milliseconds. Latencies run from the intended time, so "
            + "the generator's own delays count (corrected for coordinated omission); <em>service</em> is from the "
            + "actual write. Errors and timeouts are not in the percentiles: see Errors.</p>");
        return b.toString();
    }

    /**
     * The mix's kinds side by side (their books and confirmation latency), the warm-up kept apart, and the
     * reconnect storms; empty for a run of one kind without warm-up or storms.
     */
    String partsTable() {
        StringBuilder b = new StringBuilder();
        if (s.byKind().size() > 1) {
            b.append("<h3>By message kind</h3><table class=\"lat\"><thead><tr><th>kind</th><th>scheduled</th>"
                + "<th>confirmed</th><th>failed</th><th>timed out</th><th>dropped</th><th>reply p50</th>"
                + "<th>p99</th><th>max</th></tr></thead><tbody>");
            s.byKind().forEach((kind, part) -> row(b, kind, part));
            b.append("</tbody></table><p class=\"note\">Reply latency in milliseconds: the 1/KP /status reply, or "
                + "the PUBACK without one; warm-up left out.</p>");
        }
        if (s.warmup() != null) {
            b.append("<h3>Warm-up (left out of every figure above)</h3><table class=\"lat\"><thead><tr><th></th>"
                + "<th>scheduled</th><th>confirmed</th><th>failed</th><th>timed out</th><th>dropped</th>"
                + "<th>reply p50</th><th>p99</th><th>max</th></tr></thead><tbody>");
            row(b, "warm-up", s.warmup());
            b.append("</tbody></table>");
        }
        if (!s.storms().isEmpty()) {
            b.append("<h3>Reconnect storms</h3><table class=\"lat\"><thead><tr><th>at (s)</th><th>dropped</th>"
                + "<th>back</th><th>whole fleet back after</th></tr></thead><tbody>");
            for (var storm : s.storms()) {
                b.append("<tr><td>").append(Html.one(storm.atSeconds())).append("</td><td>")
                    .append(Html.count(storm.dropped())).append("</td><td>").append(Html.count(storm.reconnected()))
                    .append("</td><td>").append(storm.fleetBackSeconds() == null ? "not all came back"
                        : Html.ms(storm.fleetBackSeconds() * 1000)).append("</td></tr>");
            }
            b.append("</tbody></table>");
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String name, RunSummary.Part part) {
        var m = part.messages();
        LatencyStats status = part.latencies().get(LatencyKind.STATUS.tag());
        LatencyStats reply = status != null && status.count() > 0 ? status : part.latencies().get(LatencyKind.PUBACK.tag());
        b.append("<tr><td>").append(Html.esc(name)).append("</td>");
        for (long v : new long[] {m.scheduled(), m.confirmed(), m.failed(), m.timedOut(), m.dropped()}) {
            b.append("<td>").append(Html.count(v)).append("</td>");
        }
        if (reply != null && reply.count() > 0) {
            b.append("<td>").append(Html.ms(reply.p50())).append("</td><td>").append(Html.ms(reply.p99()))
                .append("</td><td>").append(Html.ms(reply.max())).append("</td>");
        } else {
            b.append("<td colspan=\"3\" class=\"nodata\">no data</td>");
        }
        b.append("</tr>");
    }

    String config() {
        Map<String, Object> config = s.config();
        if (config == null || config.isEmpty()) {
            return "<p class=\"note\">No configuration recorded.</p>";
        }
        StringBuilder b = new StringBuilder("<dl class=\"config\">");
        config.forEach((k, v) -> b.append("<dt>").append(Html.esc(k)).append("</dt><dd>")
            .append(Html.esc(Html.configValue(v))).append("</dd>"));
        b.append("</dl>");
        return b.toString();
    }
}
