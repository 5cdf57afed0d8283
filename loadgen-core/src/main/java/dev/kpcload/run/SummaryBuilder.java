package dev.kpcload.run;

import dev.kpcload.result.RunOutcome;
import dev.kpcload.result.RunSummary;
import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.LatencyStreams;
import dev.kpcload.metrics.MessageCounters;
import dev.kpcload.metrics.DropReason;
import dev.kpcload.metrics.LatencyStats;
import dev.kpcload.metrics.LatencyTotals;
import dev.kpcload.metrics.RunCounters;
import dev.kpcload.metrics.TlsSession;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns the counters and latency totals of a finished run into its {@link RunSummary}. */
final class SummaryBuilder {

    private final RunCounters c;
    private final LatencyTotals totals;
    private final RunConfig config;
    private final Map<String, Object> extraConfig;
    private final int targeted;
    private boolean tls;

    SummaryBuilder(RunCounters counters, LatencyTotals totals, RunConfig config, Map<String, Object> extraConfig,
                   int targeted) {
        this.c = counters;
        this.totals = totals;
        this.config = config;
        this.extraConfig = extraConfig;
        this.targeted = targeted;
    }

    /** The run connects over TLS: the summary counts its handshakes (else its {@code tls} is null). */
    SummaryBuilder tls(boolean on) {
        this.tls = on;
        return this;
    }

    RunSummary build(RunOutcome outcome, long inFlight, double publishSeconds, String transport, double elapsed) {
        return build(outcome, inFlight, publishSeconds, transport, elapsed, List.of());
    }

    /**
     * @param inFlight every stream's messages in flight when the books closed
     * @param storms   the run's reconnect storms
     */
    RunSummary build(RunOutcome outcome, long inFlight, double publishSeconds, String transport, double elapsed,
                     List<RunSummary.Storm> storms) {
        return build(outcome, inFlight, publishSeconds, transport, elapsed, storms, false);
    }

    /**
     * The books of a run still going, as they stand (what a run that is killed leaves behind): every count read
     * fates first and schedules last, so that no message is seen confirmed but not sent; messages still waiting
     * in backlogs are counted as dropped {@code unsent_at_stop}, as closing the books would count them.
     */
    RunSummary snapshot(double publishSeconds, String transport, double elapsed) {
        return build(RunOutcome.INCOMPLETE, 0, publishSeconds, transport, elapsed, List.of(), true);
    }

    private RunSummary build(RunOutcome outcome, long inFlight, double publishSeconds, String transport,
                             double elapsed, List<RunSummary.Storm> storms, boolean open) {
        var devices = new RunSummary.Devices(targeted, c.connected.sum(), c.connectFailures.total(),
            c.connectFailures.snapshot(), c.disconnects.snapshot(), c.reconnects.sum());
        var all = open ? streamsMessages(s -> true, true)
            : new RunSummary.Messages(c.scheduled.sum(), c.sent.sum(), c.confirmed.sum(), c.failed.total(),
                c.failed.snapshot(), c.timedOut.sum(), c.dropped.total(), c.dropped.snapshot(), inFlight,
                c.errorReplies.snapshot());
        RunSummary.Messages warmupMessages = streamsMessages(LatencyStreams::isWarmup, open);
        // the headline leaves warm-up out: everything minus the warm-up streams
        var messages = minus(all, warmupMessages);
        // the headline's rates are over its own window: the plan's, warm-up stages left out
        double measuredSeconds = Math.max(0, publishSeconds - warmupSeconds(publishSeconds));
        var rates = new RunSummary.Rates(meanTargetRate(), perSecond(messages.scheduled(), measuredSeconds),
            perSecond(messages.sent(), measuredSeconds), perSecond(messages.confirmed(), measuredSeconds),
            measuredSeconds);
        var reports = new RunSummary.Reports(c.reportsSent.sum(), c.reportsConfirmed.sum(),
            c.reportsFailed.snapshot());
        Map<String, LatencyStats> latencies = new LinkedHashMap<>();
        for (LatencyKind kind : LatencyKind.values()) {
            latencies.put(kind.tag(), LatencyStats.of(totals.total(kind)));
        }
        var other = new RunSummary.Other(c.unmatchedReplies.sum(), c.protocolErrors.sum(), c.pings.sum(),
            c.bytesSent.sum(), c.bytesReceived.sum(), transport, elapsed);
        Map<String, RunSummary.Part> byKind = new LinkedHashMap<>();
        var mix = config.load().publish().mix();
        for (int k = 0; k < mix.size() && LatencyStreams.of(k, false) < c.streams(); k++) {
            int measured = LatencyStreams.of(k, false);
            Map<String, LatencyStats> kindLatencies = new LinkedHashMap<>();
            for (LatencyKind kind : LatencyKind.MESSAGE_KINDS) {
                kindLatencies.put(kind.tag(), LatencyStats.of(totals.stream(kind, LatencyStreams.of(k, false))));
            }
            byKind.put(mix.get(k).kind().tag(),
                new RunSummary.Part(streamsMessages(stream -> stream == measured, open), kindLatencies));
        }
        RunSummary.Part warmup = null;
        if (warmupMessages.scheduled() > 0 || totals.warmupTotal(LatencyKind.CONNECT).getTotalCount() > 0) {
            Map<String, LatencyStats> warmupLatencies = new LinkedHashMap<>();
            for (LatencyKind kind : LatencyKind.values()) {
                warmupLatencies.put(kind.tag(), LatencyStats.of(totals.warmupTotal(kind)));
            }
            warmup = new RunSummary.Part(warmupMessages, warmupLatencies);
        }
        RunSummary.Tls handshakes = null;
        if (tls) {
            long resumed = c.tlsHandshakes.get(TlsSession.RESUMED);
            handshakes = new RunSummary.Tls(c.tlsHandshakes.get(TlsSession.FULL) + resumed, resumed);
        }
        return new RunSummary(outcome, describeConfig(), devices, messages, rates, reports, latencies, other,
            byKind, warmup, storms, null, handshakes);
    }

    /**
     * The books of the streams {@code wanted} picks, added up.
     *
     * @param open whether the books are still open (a snapshot of a running run)
     */
    private RunSummary.Messages streamsMessages(java.util.function.IntPredicate wanted, boolean open) {
        long scheduled = 0;
        long sent = 0;
        long confirmed = 0;
        long timedOut = 0;
        long inFlight = 0;
        Map<String, Long> failed = new TreeMap<>();
        Map<String, Long> dropped = new TreeMap<>();
        Map<String, Long> errors = new TreeMap<>();
        for (int s = 0; s < c.streams(); s++) {
            if (!wanted.test(s)) {
                continue;
            }
            MessageCounters m = c.stream(s);
            // fates first, then sends, then schedules: a message moves the other way, so none is seen twice
            Map<String, Long> streamFailed = m.failed.snapshot();
            Map<String, Long> streamErrors = m.errorReplies.snapshot();
            long streamTimedOut = m.timedOut.sum();
            long streamConfirmed = m.confirmed.sum();
            Map<String, Long> streamDropped = new TreeMap<>(m.dropped.snapshot());
            long streamSent = m.sent.sum();
            long streamScheduled = m.scheduled.sum();
            // after the books close nothing moves: what was sent and has no fate is what was in flight
            inFlight += streamSent - streamConfirmed - sum(streamFailed) - streamTimedOut;
            if (open) {
                long queued = streamScheduled - streamSent - sum(streamDropped);
                if (queued > 0) {
                    streamDropped.merge(DropReason.UNSENT_AT_STOP.tag(), queued, Long::sum);
                }
            }
            scheduled += streamScheduled;
            sent += streamSent;
            confirmed += streamConfirmed;
            timedOut += streamTimedOut;
            streamFailed.forEach((k, v) -> failed.merge(k, v, Long::sum));
            streamDropped.forEach((k, v) -> dropped.merge(k, v, Long::sum));
            streamErrors.forEach((k, v) -> errors.merge(k, v, Long::sum));
        }
        return new RunSummary.Messages(scheduled, sent, confirmed, sum(failed), failed, timedOut, sum(dropped),
            dropped, inFlight, errors);
    }

    private static RunSummary.Messages minus(RunSummary.Messages a, RunSummary.Messages b) {
        return new RunSummary.Messages(a.scheduled() - b.scheduled(), a.sent() - b.sent(),
            a.confirmed() - b.confirmed(), a.failed() - b.failed(), minus(a.failedByKind(), b.failedByKind()),
            a.timedOut() - b.timedOut(), a.dropped() - b.dropped(), minus(a.droppedByKind(), b.droppedByKind()),
            a.inFlight() - b.inFlight(), minus(a.errorRepliesByStatus(), b.errorRepliesByStatus()));
    }

    private static Map<String, Long> minus(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> result = new TreeMap<>(a);
        b.forEach((k, v) -> result.merge(k, -v, Long::sum));
        result.values().removeIf(v -> v == 0);
        return result;
    }

    private static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The plan's mean target rate over its measured stages (its only rate when constant). */
    private double meanTargetRate() {
        var publish = config.load().publish();
        var profile = publish.profile();
        if (profile == null) {
            return publish.openEndedPerSecond();
        }
        double seconds = (profile.totalNanos() - profile.warmupNanos()) / 1e9;
        return seconds > 0 ? (profile.integral() - profile.warmupIntegral()) / seconds : 0;
    }

    /** How much of the publish window warm-up stages took (a run stopped early may not have reached them all). */
    private double warmupSeconds(double publishSeconds) {
        var profile = config.load().publish().profile();
        return profile == null ? 0 : Math.min(publishSeconds, profile.warmupNanos() / 1e9);
    }

    private Map<String, Object> describeConfig() {
        Map<String, Object> m = new LinkedHashMap<>(extraConfig);
        var s = config.session();
        m.put("servers", config.servers().stream().map(a -> a.getHostString() + ":" + a.getPort()).toList());
        m.put("ratePerSecond", config.ratePerSecond());
        m.put("durationSeconds", config.duration() == null ? null : config.duration().toMillis() / 1000.0);
        m.put("connectRatePerSecond", config.connectRatePerSecond());
        m.put("confirm", s.confirm().name().toLowerCase());
        m.put("qos", s.qos());
        m.put("inflight", s.inflight());
        m.put("backlog", s.backlogPolicy().name().toLowerCase());
        m.put("maxBacklog", s.maxBacklog());
        m.put("timerSlackSeconds", s.timerSlackNanos() / 1e9);
        m.put("responseTimeoutSeconds", s.responseTimeoutNanos() / 1e9);
        m.put("connectTimeoutSeconds", s.connectTimeoutNanos() / 1e9);
        m.put("keepaliveSeconds", s.keepaliveSeconds());
        m.put("reconnectDelaySeconds", s.reconnect().firstDelayNanos() / 1e9);
        m.put("reconnectMaxDelaySeconds", s.reconnect().maxDelayNanos() / 1e9);
        m.put("appVersion", s.appVersion());
        m.put("epmxInstance", s.epmxInstance());
        m.put("graceSeconds", config.grace().toMillis() / 1000.0);
        m.put("ioThreads", config.ioThreads());
        // with startAt, what the merge needs to check that the shards' report intervals lie on one grid
        m.put("reportIntervalSeconds", config.reportInterval().toNanos() / 1e9);
        return m;
    }

    private static double perSecond(long count, double seconds) {
        return seconds > 0 ? count / seconds : 0;
    }
}
