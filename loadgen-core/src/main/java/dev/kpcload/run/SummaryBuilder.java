package dev.kpcload.run;

import dev.kpcload.result.RunOutcome;
import dev.kpcload.result.RunSummary;
import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.LatencyStats;
import dev.kpcload.metrics.LatencyTotals;
import dev.kpcload.metrics.RunCounters;

import java.util.LinkedHashMap;
import java.util.Map;

/** Turns the counters and latency totals of a finished run into its {@link RunSummary}. */
final class SummaryBuilder {

    private final RunCounters c;
    private final LatencyTotals totals;
    private final RunConfig config;
    private final Map<String, Object> extraConfig;
    private final int targeted;

    SummaryBuilder(RunCounters counters, LatencyTotals totals, RunConfig config, Map<String, Object> extraConfig,
                   int targeted) {
        this.c = counters;
        this.totals = totals;
        this.config = config;
        this.extraConfig = extraConfig;
        this.targeted = targeted;
    }

    RunSummary build(RunOutcome outcome, long inFlight, double publishSeconds, String transport, double elapsed) {
        var devices = new RunSummary.Devices(targeted, c.connected.sum(), c.connectFailures.total(),
            c.connectFailures.snapshot(), c.disconnects.snapshot(), c.reconnects.sum());
        var messages = new RunSummary.Messages(c.scheduled.sum(), c.sent.sum(), c.confirmed.sum(), c.failed.total(),
            c.failed.snapshot(), c.timedOut.sum(), c.dropped.total(), c.dropped.snapshot(), inFlight,
            c.errorReplies.snapshot());
        var rates = new RunSummary.Rates(config.ratePerSecond(), perSecond(messages.scheduled(), publishSeconds),
            perSecond(messages.sent(), publishSeconds), perSecond(messages.confirmed(), publishSeconds),
            publishSeconds);
        var reports = new RunSummary.Reports(c.reportsSent.sum(), c.reportsConfirmed.sum(),
            c.reportsFailed.snapshot());
        Map<String, LatencyStats> latencies = new LinkedHashMap<>();
        for (LatencyKind kind : LatencyKind.values()) {
            latencies.put(kind.tag(), LatencyStats.of(totals.total(kind)));
        }
        var other = new RunSummary.Other(c.unmatchedReplies.sum(), c.protocolErrors.sum(), c.pings.sum(),
            c.bytesSent.sum(), c.bytesReceived.sum(), transport, elapsed);
        return new RunSummary(outcome, describeConfig(), devices, messages, rates, reports, latencies, other);
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
        m.put("responseTimeoutSeconds", s.responseTimeoutNanos() / 1e9);
        m.put("connectTimeoutSeconds", s.connectTimeoutNanos() / 1e9);
        m.put("keepaliveSeconds", s.keepaliveSeconds());
        m.put("reconnectDelaySeconds", s.reconnect().firstDelayNanos() / 1e9);
        m.put("reconnectMaxDelaySeconds", s.reconnect().maxDelayNanos() / 1e9);
        m.put("appVersion", s.appVersion());
        m.put("epmxInstance", s.epmxInstance());
        m.put("graceSeconds", config.grace().toMillis() / 1000.0);
        m.put("ioThreads", config.ioThreads());
        return m;
    }

    private static double perSecond(long count, double seconds) {
        return seconds > 0 ? count / seconds : 0;
    }
}
