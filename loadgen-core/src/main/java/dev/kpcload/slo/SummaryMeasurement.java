package dev.kpcload.slo;

import dev.kpcload.metrics.LatencyStats;
import dev.kpcload.result.RunSummary;
import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole-run {@link Measurement} of a summary and its latency histograms: the same for a run that just ended, a
 * run read back from its {@code --out} folder and shards summed by {@code report merge}.
 */
public final class SummaryMeasurement {

    private SummaryMeasurement() {
    }

    /**
     * @param summary   the run's headline books (warm-up left out)
     * @param latencies the whole run's histograms by interval-log tag ({@code status}, {@code status.dcx-json});
     *                  warm-up tags ({@code warmup.*}) are left out
     */
    public static Measurement of(RunSummary summary, Map<String, Histogram> latencies) {
        Measurement.Builder b = Measurement.builder();
        latencies.forEach((tag, h) -> {
            if (!tag.startsWith("warmup.")) {
                b.addLatency(tag, h);
            }
        });
        b.messages(counts(summary.messages()));
        summary.byKind().forEach((kind, part) -> b.messages(kind, counts(part.messages())));
        var d = summary.devices();
        // attempts that reached CONNACK: each device's first (connected counts devices, once each) and each
        // reconnect that came back (one reconnect latency each); failed counts every failed attempt, reconnects' too
        long reconnected = count(summary.latencies(), "reconnect")
            + (summary.warmup() == null ? 0 : count(summary.warmup().latencies(), "reconnect"));
        b.connects(d.connected() + reconnected + d.failed(), d.connected() + reconnected);
        var rates = summary.rates();
        b.planned(rates.target() * rates.publishSeconds());
        b.kindShares(kindShares(summary.config().get("mix")));
        return b.build();
    }

    private static long count(Map<String, LatencyStats> latencies, String tag) {
        LatencyStats stats = latencies == null ? null : latencies.get(tag);
        return stats == null ? 0 : stats.count();
    }

    public static MessageCounts counts(RunSummary.Messages m) {
        return new MessageCounts(m.scheduled(), m.sent(), m.confirmed(), m.failed(), m.timedOut(), m.dropped());
    }

    /** Each kind's share of the mix from the summary's {@code mix} entry ({@code ["epmx:1", "dcx-json:3"]}). */
    static Map<String, Double> kindShares(Object mix) {
        Map<String, Double> weights = new LinkedHashMap<>();
        if (mix instanceof List<?> entries) {
            for (Object entry : entries) {
                String text = String.valueOf(entry);
                int colon = text.lastIndexOf(':');
                if (colon > 0) {
                    try {
                        weights.merge(text.substring(0, colon), Double.parseDouble(text.substring(colon + 1)),
                            Double::sum);
                    } catch (NumberFormatException ignored) {
                        // a summary written by hand or by another version: no per-kind plan
                    }
                }
            }
        }
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Double> shares = new LinkedHashMap<>();
        if (total > 0) {
            weights.forEach((k, w) -> shares.put(k, w / total));
        }
        return shares;
    }
}
