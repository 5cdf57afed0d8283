package dev.kpcload.run;

import dev.kpcload.result.RunSummary;
import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.LatencyStats;
import dev.kpcload.slo.SloTable;

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
        if (s.tls() != null) {
            out.printf(Locale.ROOT, "tls        %d handshakes: %d full, %d resumed%n", s.tls().handshakes(),
                s.tls().full(), s.tls().resumed());
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
        latencyTable("latency (ms)" + (s.warmup() != null ? ", warm-up left out" : ""), s.latencies(), out);
        if (s.byKind().size() > 1) {
            out.printf(Locale.ROOT, "by kind    %-18s %10s %10s %8s %9s %8s %9s %9s %9s%n", "", "scheduled",
                "confirmed", "failed", "timed out", "dropped", "reply p50", "p99", "max (ms)");
            s.byKind().forEach((kind, part) -> {
                var km = part.messages();
                LatencyStats reply = reply(part.latencies());
                out.printf(Locale.ROOT, "           %-18s %10d %10d %8d %9d %8d %9s %9s %9s%s%n", kind, km.scheduled(),
                    km.confirmed(), km.failed(), km.timedOut(), km.dropped(), ms(reply, LatencyStats::p50),
                    ms(reply, LatencyStats::p99), ms(reply, LatencyStats::max),
                    km.failedByKind().isEmpty() ? "" : " " + kinds(km.failedByKind()).strip());
            });
        }
        if (s.warmup() != null) {
            var w = s.warmup().messages();
            out.printf(Locale.ROOT, "warm-up    %d scheduled = %d confirmed + %d failed + %d timed out + %d dropped + %d in"
                    + " flight (%s), kept apart from the figures above%n", w.scheduled(), w.confirmed(), w.failed(),
                w.timedOut(), w.dropped(), w.inFlight(), w.balanced() ? "balanced" : "NOT BALANCED");
            latencyTable("warm-up latency (ms)", s.warmup().latencies(), out);
        }
        for (var storm : s.storms()) {
            out.printf(Locale.ROOT, "storm      at %.1f s: %d connections dropped, %d back%s%n", storm.atSeconds(),
                storm.dropped(), storm.reconnected(), storm.fleetBackSeconds() == null ? " (not all came back)"
                    : String.format(Locale.ROOT, ", the whole fleet connected again after %.3f s",
                    storm.fleetBackSeconds()));
        }
        var o = s.other();
        out.printf(Locale.ROOT, "other      %d unmatched replies, %d protocol errors, %d pings, %d bytes sent, "
                + "%d bytes received, transport %s, %.1f s in all%n", o.unmatchedReplies(), o.protocolErrors(),
            o.pings(), o.bytesSent(), o.bytesReceived(), o.transport(), o.elapsedSeconds());
        SloTable.print(s.slo(), out);
    }

    private static void latencyTable(String title, Map<String, LatencyStats> latencies, PrintStream out) {
        out.printf(Locale.ROOT, "%-49s %9s %9s %9s %9s %9s %9s%n", title, "count", "p50", "p90", "p99", "p99.9",
            "max");
        for (LatencyKind kind : LatencyKind.values()) {
            LatencyStats l = latencies.get(kind.tag());
            if (l != null && l.count() > 0) {
                out.printf(Locale.ROOT, "  %-47s %9d %9.3f %9.3f %9.3f %9.3f %9.3f%n", kind.label(), l.count(),
                    l.p50(), l.p90(), l.p99(), l.p999(), l.max());
            }
        }
    }

    /** A kind's confirmation latency: the 1/KP reply when there is one, else PUBACK. */
    private static LatencyStats reply(Map<String, LatencyStats> latencies) {
        LatencyStats status = latencies.get(LatencyKind.STATUS.tag());
        return status != null && status.count() > 0 ? status : latencies.get(LatencyKind.PUBACK.tag());
    }

    private static String ms(LatencyStats l, java.util.function.ToDoubleFunction<LatencyStats> value) {
        return l == null || l.count() == 0 ? "-" : String.format(Locale.ROOT, "%.3f", value.applyAsDouble(l));
    }

    private static String kinds(Map<String, Long> byKind) {
        if (byKind.isEmpty()) {
            return "";
        }
        return " (" + byKind.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", ")) + ")";
    }
}
