package dev.kpcload.result;

import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.LatencyStats;
import dev.kpcload.metrics.LatencyRecorders;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The summary of a sharded run: the shards' summaries added up. Counts are summed; the latencies are read from the
 * merged histograms (every shard's interval log added up), never from the shards' percentiles, which cannot be
 * combined.
 *
 * <p>Shards run in parallel over one window, so the fleet's rates are the sums of the shards' rates and its window
 * ({@code publishSeconds}) the longest shard's. Its outcome is the most telling of the shards': no device connected
 * (a shard that could not run leaves the fleet short of its plan), then aborted, incomplete, stopped, completed.
 */
public final class FleetSummary {

    private static final Histogram EMPTY = LatencyRecorders.newHistogram();

    private FleetSummary() {
    }

    /**
     * @param shards the shards' summaries, in shard order
     * @param merged the fleet's whole-run histograms by interval-log tag ({@code status}, {@code status.dcx-json},
     *               {@code warmup.status}): every shard's intervals added up
     * @param config the fleet's configuration, as {@link #config} makes it
     */
    public static RunSummary of(List<RunSummary> shards, Map<String, Histogram> merged, Map<String, Object> config) {
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("no shards");
        }
        boolean manyKinds = shards.stream().anyMatch(s -> s.byKind().size() > 1);
        Map<String, LatencyStats> latencies = new LinkedHashMap<>();
        for (LatencyKind kind : LatencyKind.values()) {
            latencies.put(kind.tag(), LatencyStats.of(merged.getOrDefault(kind.tag(), EMPTY)));
        }
        return new RunSummary(outcome(shards.stream().map(RunSummary::outcome).toList()), config,
            devices(shards), messages(shards.stream().map(RunSummary::messages).toList()), rates(shards),
            reports(shards), latencies, other(shards), byKind(shards, merged, manyKinds), warmup(shards, merged),
            storms(shards), null, tls(shards));
    }

    /** The shards' TLS handshakes added up; null when no shard spoke TLS. */
    private static RunSummary.Tls tls(List<RunSummary> shards) {
        RunSummary.Tls sum = null;
        for (RunSummary s : shards) {
            if (s.tls() != null) {
                sum = s.tls().plus(sum);
            }
        }
        return sum;
    }

    /** The fleet's outcome: the first of no device connected, aborted, incomplete, stopped that a shard had. */
    public static RunOutcome outcome(List<RunOutcome> outcomes) {
        for (RunOutcome telling : List.of(RunOutcome.NO_DEVICE_CONNECTED, RunOutcome.ABORTED, RunOutcome.INCOMPLETE,
            RunOutcome.STOPPED)) {
            if (outcomes.contains(telling)) {
                return telling;
            }
        }
        return RunOutcome.COMPLETED;
    }

    /**
     * The first shard's configuration with what differs between shards made the fleet's: devices and rates summed,
     * {@code shard} replaced by the shards merged ({@code mergedShards}) and where they were read ({@code mergedFrom}).
     */
    public static Map<String, Object> config(List<RunSummary> shards, List<String> sources) {
        Map<String, Object> config = new LinkedHashMap<>(shards.get(0).config() == null ? Map.of()
            : shards.get(0).config());
        for (String summed : List.of("devices", "ratePerSecond", "connectRatePerSecond")) {
            Double total = sum(shards, summed);
            if (total != null) {
                config.put(summed, summed.equals("devices") ? (Object) Math.round(total) : total);
            }
        }
        Set<Object> servers = new LinkedHashSet<>();
        for (RunSummary s : shards) {
            if (s.config() != null && s.config().get("servers") instanceof List<?> list) {
                servers.addAll(list);
            }
        }
        if (!servers.isEmpty()) {
            config.put("servers", List.copyOf(servers));
        }
        startTimes(shards, config);
        config.put("shard", null);
        config.put("mergedShards", shards.stream().map(s -> s.config() == null ? null : s.config().get("shard"))
            .toList());
        config.put("mergedFrom", List.copyOf(sources));
        return config;
    }

    /**
     * The fleet's start: its latest shard's lateness, its earliest first intended send, and how far apart the shards'
     * first intended sends were (0 for shards in phase; their clocks' offset is in it).
     */
    private static void startTimes(List<RunSummary> shards, Map<String, Object> config) {
        List<Double> late = numbers(shards, "startLateSeconds");
        if (late != null) {
            config.put("startLateSeconds", late.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        }
        List<Double> first = numbers(shards, "firstIntendedSendUnixSeconds");
        if (first != null) {
            double min = first.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            double max = first.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            config.put("firstIntendedSendUnixSeconds", min);
            config.put("firstIntendedSendSpreadSeconds", max - min);
        }
    }

    /** A numeric config entry of every shard; null when a shard lacks it. */
    private static List<Double> numbers(List<RunSummary> shards, String key) {
        List<Double> values = new java.util.ArrayList<>();
        for (RunSummary s : shards) {
            if (s.config() == null || !(s.config().get(key) instanceof Number n)) {
                return null;
            }
            values.add(n.doubleValue());
        }
        return values;
    }

    /** The sum of a numeric config entry over the shards; null when a shard lacks it. */
    private static Double sum(List<RunSummary> shards, String key) {
        double total = 0;
        for (RunSummary s : shards) {
            if (s.config() == null || !(s.config().get(key) instanceof Number n)) {
                return null;
            }
            total += n.doubleValue();
        }
        return total;
    }

    private static RunSummary.Devices devices(List<RunSummary> shards) {
        long targeted = 0;
        long connected = 0;
        long failed = 0;
        long reconnects = 0;
        Map<String, Long> failures = new TreeMap<>();
        Map<String, Long> disconnects = new TreeMap<>();
        for (RunSummary s : shards) {
            var d = s.devices();
            targeted += d.targeted();
            connected += d.connected();
            failed += d.failed();
            reconnects += d.reconnects();
            add(failures, d.failuresByKind());
            add(disconnects, d.disconnectsByKind());
        }
        return new RunSummary.Devices(targeted, connected, failed, failures, disconnects, reconnects);
    }

    /** Messages added up, every count and every breakdown. */
    public static RunSummary.Messages messages(List<RunSummary.Messages> parts) {
        long scheduled = 0;
        long sent = 0;
        long confirmed = 0;
        long failed = 0;
        long timedOut = 0;
        long dropped = 0;
        long inFlight = 0;
        Map<String, Long> failedByKind = new TreeMap<>();
        Map<String, Long> droppedByKind = new TreeMap<>();
        Map<String, Long> errors = new TreeMap<>();
        for (RunSummary.Messages m : parts) {
            scheduled += m.scheduled();
            sent += m.sent();
            confirmed += m.confirmed();
            failed += m.failed();
            timedOut += m.timedOut();
            dropped += m.dropped();
            inFlight += m.inFlight();
            add(failedByKind, m.failedByKind());
            add(droppedByKind, m.droppedByKind());
            add(errors, m.errorRepliesByStatus());
        }
        return new RunSummary.Messages(scheduled, sent, confirmed, failed, failedByKind, timedOut, dropped,
            droppedByKind, inFlight, errors);
    }

    private static RunSummary.Rates rates(List<RunSummary> shards) {
        double target = 0;
        double scheduled = 0;
        double sent = 0;
        double confirmed = 0;
        double seconds = 0;
        for (RunSummary s : shards) {
            var r = s.rates();
            target += r.target();
            scheduled += r.scheduled();
            sent += r.sent();
            confirmed += r.confirmed();
            seconds = Math.max(seconds, r.publishSeconds());
        }
        return new RunSummary.Rates(target, scheduled, sent, confirmed, seconds);
    }

    private static RunSummary.Reports reports(List<RunSummary> shards) {
        long sent = 0;
        long confirmed = 0;
        Map<String, Long> failed = new TreeMap<>();
        for (RunSummary s : shards) {
            sent += s.reports().sent();
            confirmed += s.reports().confirmed();
            add(failed, s.reports().failedByKind());
        }
        return new RunSummary.Reports(sent, confirmed, failed);
    }

    private static RunSummary.Other other(List<RunSummary> shards) {
        long unmatched = 0;
        long protocolErrors = 0;
        long pings = 0;
        long bytesSent = 0;
        long bytesReceived = 0;
        double elapsed = 0;
        Set<String> transports = new LinkedHashSet<>();
        for (RunSummary s : shards) {
            var o = s.other();
            unmatched += o.unmatchedReplies();
            protocolErrors += o.protocolErrors();
            pings += o.pings();
            bytesSent += o.bytesSent();
            bytesReceived += o.bytesReceived();
            elapsed = Math.max(elapsed, o.elapsedSeconds());
            if (o.transport() != null) {
                transports.add(o.transport());
            }
        }
        return new RunSummary.Other(unmatched, protocolErrors, pings, bytesSent, bytesReceived,
            String.join(",", transports), elapsed);
    }

    /**
     * Each kind's messages summed, its latencies from the merged per-kind tags ({@code status.dcx-json}); a run of
     * one kind logs no per-kind tags: that kind's latencies are the headline's.
     */
    private static Map<String, RunSummary.Part> byKind(List<RunSummary> shards, Map<String, Histogram> merged,
                                                      boolean manyKinds) {
        Map<String, List<RunSummary.Messages>> parts = new LinkedHashMap<>();
        for (RunSummary s : shards) {
            s.byKind().forEach((kind, part) -> parts.computeIfAbsent(kind, k -> new ArrayList<>())
                .add(part.messages()));
        }
        Map<String, RunSummary.Part> byKind = new LinkedHashMap<>();
        parts.forEach((kind, messages) -> {
            Map<String, LatencyStats> latencies = new LinkedHashMap<>();
            for (LatencyKind latency : LatencyKind.MESSAGE_KINDS) {
                String tag = manyKinds ? latency.tag() + "." + kind : latency.tag();
                latencies.put(latency.tag(), LatencyStats.of(merged.getOrDefault(tag, EMPTY)));
            }
            byKind.put(kind, new RunSummary.Part(messages(messages), latencies));
        });
        return byKind;
    }

    /** The warm-up stages' messages summed and latencies merged ({@code warmup.status}); null without warm-up. */
    private static RunSummary.Part warmup(List<RunSummary> shards, Map<String, Histogram> merged) {
        List<RunSummary.Messages> parts = shards.stream().map(RunSummary::warmup).filter(p -> p != null)
            .map(RunSummary.Part::messages).toList();
        if (parts.isEmpty()) {
            return null;
        }
        Map<String, LatencyStats> latencies = new LinkedHashMap<>();
        for (LatencyKind kind : LatencyKind.values()) {
            latencies.put(kind.tag(), LatencyStats.of(merged.getOrDefault("warmup." + kind.tag(), EMPTY)));
        }
        return new RunSummary.Part(messages(parts), latencies);
    }

    /**
     * Each storm (the same plan, so the same storms, in every shard) summed over the shards; the fleet is back when
     * the slowest shard's devices are (shards started together strike together).
     */
    private static List<RunSummary.Storm> storms(List<RunSummary> shards) {
        int count = shards.stream().mapToInt(s -> s.storms().size()).max().orElse(0);
        List<RunSummary.Storm> storms = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double at = Double.NaN;
            long dropped = 0;
            long reconnected = 0;
            Double back = 0.0;
            for (RunSummary s : shards) {
                if (i >= s.storms().size()) {
                    continue;
                }
                RunSummary.Storm storm = s.storms().get(i);
                at = Double.isNaN(at) ? storm.atSeconds() : at;
                dropped += storm.dropped();
                reconnected += storm.reconnected();
                if (storm.dropped() > 0) {
                    back = back == null || storm.fleetBackSeconds() == null ? null
                        : Math.max(back, storm.fleetBackSeconds());
                }
            }
            storms.add(new RunSummary.Storm(at, dropped, reconnected, dropped == 0 ? null : back));
        }
        return storms;
    }

    private static void add(Map<String, Long> into, Map<String, Long> counts) {
        if (counts != null) {
            counts.forEach((k, v) -> into.merge(k, v, Long::sum));
        }
    }
}
