package dev.kpcload.report;

import dev.kpcload.metrics.TimelinePoint;
import dev.kpcload.result.RunSummary;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What went wrong, by kind: failed, timed out and dropped messages, connect failures, disconnects, failed
 * metadata reports, protocol oddities. A run with none of these says "No errors" in words, since an empty
 * chart could also mean a broken report.
 */
final class ErrorSection {

    private final ReportData data;

    ErrorSection(ReportData data) {
        this.data = data;
    }

    String html() {
        RunSummary s = data.summary();
        RunSummary.Messages m = s.messages();
        RunSummary.Devices d = s.devices();
        long scheduled = m == null ? 0 : m.scheduled();
        long targeted = d == null ? 0 : d.targeted();
        BarChart bars = new BarChart("Errors by kind");
        if (m != null) {
            bars.add(group("Failed messages, by kind", Palette.FAILED, m.failedByKind(), m.failed(), scheduled,
                "of scheduled"));
            bars.add(group("Error replies, by statusCode", Palette.FAILED,
                m.errorRepliesByStatus() == null ? Map.of() : m.errorRepliesByStatus(), 0, scheduled, "of scheduled"));
            bars.add(new BarChart.Group("Timed out messages", Palette.TIMED_OUT, m.timedOut() == 0 ? List.of()
                : List.of(new BarChart.Bar("timed out", m.timedOut(), share(m.timedOut(), scheduled, "of scheduled")))));
            bars.add(group("Dropped messages, by reason", Palette.DROPPED, m.droppedByKind(), m.dropped(), scheduled,
                "of scheduled"));
        }
        if (d != null) {
            bars.add(group("Connect failures, by reason", Palette.CONNECT_FAILED, d.failuresByKind(), d.failed(),
                targeted, "of targeted devices"));
            bars.add(group("Disconnects after CONNACK, by reason", Palette.DISCONNECTED, d.disconnectsByKind(), 0,
                targeted, "of targeted devices"));
        }
        if (s.reports() != null) {
            bars.add(group("Metadata reports failed, by kind", Palette.FAILED, s.reports().failedByKind(), 0,
                s.reports().sent(), "of sent"));
        }
        if (s.other() != null) {
            List<BarChart.Bar> other = new ArrayList<>();
            if (s.other().unmatchedReplies() > 0) {
                other.add(new BarChart.Bar("unmatched replies", s.other().unmatchedReplies(), "late or unknown"));
            }
            if (s.other().protocolErrors() > 0) {
                other.add(new BarChart.Bar("protocol errors", s.other().protocolErrors(), "undecodable packets"));
            }
            bars.add(new BarChart.Group("Other", Palette.OTHER, other));
        }
        StringBuilder b = new StringBuilder();
        b.append("<section><h2>Errors</h2>");
        if (bars.isEmpty()) {
            b.append("<p class=\"ok\">No errors: no message failed, timed out or was dropped, no connect failed "
                + "and no connection was lost.</p>");
        } else {
            b.append("<p class=\"note\">Counts for the whole run; shares of the scheduled messages or of the targeted "
                + "devices.</p>");
            b.append("<figure>").append(bars.svg()).append("</figure>");
            String overTime = overTime();
            if (overTime != null) {
                b.append("<figure>").append(overTime).append("<figcaption>Failed, timed out and dropped messages so "
                    + "far (cumulative), per report interval.</figcaption></figure>");
            }
        }
        b.append("</section>");
        return b.toString();
    }

    /**
     * One bar per kind, largest first. When the kinds do not add up to the total (a counter without a kind),
     * the rest is shown as "unspecified" rather than silently lost.
     */
    private static BarChart.Group group(String title, String color, Map<String, Long> byKind, long total,
                                        long whole, String of) {
        List<BarChart.Bar> list = new ArrayList<>();
        long sum = 0;
        if (byKind != null) {
            List<Map.Entry<String, Long>> entries = new ArrayList<>(byKind.entrySet());
            entries.sort((a, c) -> Long.compare(value(c.getValue()), value(a.getValue())));
            for (Map.Entry<String, Long> e : entries) {
                long v = value(e.getValue());
                if (v > 0) {
                    list.add(new BarChart.Bar(String.valueOf(e.getKey()), v, share(v, whole, of)));
                    sum += v;
                }
            }
        }
        if (total > sum) {
            list.add(new BarChart.Bar("unspecified", total - sum, share(total - sum, whole, of)));
        }
        return new BarChart.Group(title, color, list);
    }

    private static long value(Long v) {
        return v == null ? 0 : v;
    }

    private static String share(long part, long whole, String of) {
        String p = Html.percent(part, whole);
        return p.isEmpty() ? "" : p + " " + of;
    }

    /** Cumulative errors over time, or null when the timeline has none to show. */
    private String overTime() {
        List<TimelinePoint> points = data.timeline();
        boolean any = points.stream().anyMatch(p -> p.failed() + p.timedOut() + p.dropped() > 0);
        if (!any) {
            return null;
        }
        int n = points.size();
        double[] xs = new double[n];
        double[] failed = new double[n];
        double[] timedOut = new double[n];
        double[] dropped = new double[n];
        double top = 0;
        for (int i = 0; i < n; i++) {
            TimelinePoint p = points.get(i);
            xs[i] = p.endSeconds();
            failed[i] = p.failed();
            timedOut[i] = p.timedOut();
            dropped[i] = p.dropped();
            top = Math.max(top, Math.max(failed[i], Math.max(timedOut[i], dropped[i])));
        }
        LineChart c = new LineChart("chart-errors", "Errors so far", LinearAxis.covering(0, xs[n - 1], 12),
            "time since start (s)", LinearAxis.covering(0, top, 4), "messages (cumulative)").plotHeight(160);
        c.add(new LineChart.Series("failed", Palette.FAILED, null, xs, failed));
        c.add(new LineChart.Series("timed out", Palette.TIMED_OUT, null, xs, timedOut));
        c.add(new LineChart.Series("dropped", Palette.DROPPED, null, xs, dropped));
        return c.svg();
    }
}
