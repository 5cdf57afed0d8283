package dev.kpcload.run;

import dev.kpcload.result.RunSummary;
import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.LatencyStats;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Prints a {@link RunSummary} for people. */
public final class SummaryPrinter {

    private SummaryPrinter() {
    }

    public static void print(RunSummary s, PrintStream out) {
        var d = s.devices();
        var m = s.messages();
        var r = s.rates();
        out.println();
        out.println("== kpc-loadgen summary: " + s.outcome() + " ==");
        out.printf(Locale.ROOT, "devices    %d targeted, %d connected, %d failed to connect%s%n", d.targeted(),
            d.connected(), d.failed(), kinds(d.failuresByKind()));
        if (!d.disconnectsByKind().isEmpty() || d.reconnects() > 0) {
            out.println("           lost after connecting:" + kinds(d.disconnectsByKind()) + "; " + d.reconnects()
                + " reconnect attempts");
        }
        out.printf(Locale.ROOT,
            "messages   %d scheduled = %d confirmed + %d failed + %d timed out + %d dropped + %d in flight (%s)%n",
            m.scheduled(), m.confirmed(), m.failed(), m.timedOut(), m.dropped(), m.inFlight(),
            m.balanced() ? "balanced" : "NOT BALANCED");
        out.printf(Locale.ROOT, "           %d sent%s%s%s%n", m.sent(),
            m.failedByKind().isEmpty() ? "" : "; failed:" + kinds(m.failedByKind()),
            m.errorRepliesByStatus().isEmpty() ? "" : "; error replies by status:" + kinds(m.errorRepliesByStatus()),
            m.droppedByKind().isEmpty() ? "" : "; dropped:" + kinds(m.droppedByKind()));
        out.printf(Locale.ROOT, "rate       target %.1f/s, sent %.1f/s, confirmed %.1f/s over %.1f s%n",
            r.target(), r.sent(), r.confirmed(), r.publishSeconds());
        var reports = s.reports();
        out.printf(Locale.ROOT, "reports    %d sent on CONNACK, %d confirmed%s%n", reports.sent(), reports.confirmed(),
            reports.failedByKind().isEmpty() ? "" : "; failed:" + kinds(reports.failedByKind()));
        out.printf(Locale.ROOT, "latency (ms) %-36s %9s %9s %9s %9s %9s %9s%n", "", "count", "p50", "p90", "p99",
            "p99.9", "max");
        for (LatencyKind kind : LatencyKind.values()) {
            LatencyStats l = s.latencies().get(kind.tag());
            if (l != null && l.count() > 0) {
                out.printf(Locale.ROOT, "  %-47s %9d %9.3f %9.3f %9.3f %9.3f %9.3f%n", kind.label(), l.count(),
                    l.p50(), l.p90(), l.p99(), l.p999(), l.max());
            }
        }
        var o = s.other();
        out.printf(Locale.ROOT, "other      %d unmatched replies, %d protocol errors, %d pings, %d bytes sent, "
                + "%d bytes received, transport %s, %.1f s in all%n", o.unmatchedReplies(), o.protocolErrors(),
            o.pings(), o.bytesSent(), o.bytesReceived(), o.transport(), o.elapsedSeconds());
    }

    private static String kinds(Map<String, Long> byKind) {
        if (byKind.isEmpty()) {
            return "";
        }
        return " (" + byKind.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", ")) + ")";
    }
}
