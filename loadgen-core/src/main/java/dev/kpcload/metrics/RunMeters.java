package dev.kpcload.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.snapshots.Labels;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The run's meters, named as the README and dashboard expect ({@code loadgen_} prefix, base units, counters
 * ending in {@code _total}). Counters are function counters over the very adders the run increments, so
 * exporting costs nothing on the hot path. The latency histograms are a {@link LatencyExport} fed from the report
 * intervals' HdrHistograms, so that nothing of Prometheus is on the hot path either.
 */
public final class RunMeters {

    private RunMeters() {
    }

    /** The status codes KPC answers most (bad request, unknown token, not found, throttled, failures), at 0 from the start. */
    static final List<String> USUAL_STATUS_CODES = List.of("400", "401", "404", "429", "500", "503");

    /** Registers every run meter for a run of the tutorial's one kind; see {@link #register(MeterRegistry,
     * RunCounters, RunGauges, List)}. */
    public static LatencyExport register(MeterRegistry registry, RunCounters c, RunGauges g) {
        return register(registry, c, g, List.of("epmx-update-keys"));
    }

    /**
     * Registers every run meter and returns the latency histograms, to be fed with the report intervals (add it as
     * the run's interval listener). Message counters and message latencies carry a {@code kind} label (the
     * message kind's tag; its measured and warm-up streams together, as Prometheus is the live view); connect
     * latencies have none.
     *
     * @param registry a Prometheus registry: the latency histograms are collected by its Prometheus registry
     * @param kindTags the tags of the mix's kinds, in the mix's order (a stream's kind index points here)
     */
    public static LatencyExport register(MeterRegistry registry, RunCounters c, RunGauges g, List<String> kindTags) {
        if (!(registry instanceof PrometheusMeterRegistry prometheus)) {
            throw new IllegalArgumentException("latency histograms are exported to Prometheus only: " + registry);
        }
        // a meter without tags of its own carries the registry's common tags: the latencies get the same
        Gauge target = Gauge.builder("loadgen.devices.target", g, RunGauges::targetDevices)
            .description("Devices this process drives").register(registry);
        gauge(registry, "loadgen.devices.connecting", c.connecting, LongAdder::sum,
            "Connect attempts under way (started, no CONNACK nor failure yet)");
        gauge(registry, "loadgen.devices.connected", c.connectedNow, LongAdder::sum, "Devices connected now");
        gauge(registry, "loadgen.messages.in.flight", c, RunCounters::inFlightEstimate,
            "Messages sent and not yet confirmed, failed or timed out");
        gauge(registry, "loadgen.messages.queued", c, RunCounters::queuedEstimate,
            "Messages due but waiting in device backlogs (window full or socket not writable)");
        gauge(registry, "loadgen.target.messages.per.second", g, RunGauges::targetRate,
            "The plan's message rate of this process at the moment (0 when not publishing)");
        gauge(registry, "loadgen.achieved.messages.per.second", g, RunGauges::achievedRate,
            "Messages sent per second over the last report interval");
        gauge(registry, "loadgen.start.late.seconds", g, RunGauges::startLateSeconds,
            "How late after --start-at this process was ready to start (0 on time or without --start-at)");
        gauge(registry, "loadgen.first.intended.send.timestamp.seconds", g, RunGauges::firstIntendedSendSeconds,
            "Unix time of the message plan's first intended send (shards of one run in phase agree)");

        counter(registry, "loadgen.connect.attempts", c.connectAttempts, "Connect attempts started");
        counter(registry, "loadgen.reconnects", c.reconnects, "Reconnect attempts after a lost connection");
        counter(registry, "loadgen.handler.errors", c.handlerErrors,
            "Unexpected exceptions in the client's handlers; each closed its connection as handler_error");
        counter(registry, "loadgen.bytes.sent", c.bytesSent, "MQTT bytes written");
        counter(registry, "loadgen.bytes.received", c.bytesReceived, "MQTT bytes read");
        byKind(registry, "loadgen.connect.failures", "reason", c.connectFailures, "Failed connect attempts by reason");
        byKind(registry, "loadgen.disconnects", "reason", c.disconnects, "Connections lost after CONNACK by reason");
        byKind(registry, "loadgen.tls.handshakes", "session", c.tlsHandshakes,
            "Completed TLS handshakes of connect attempts by session: full, or resumed from an earlier one");

        for (int k = 0; k < kindTags.size(); k++) {
            String kind = kindTags.get(k);
            MessageCounters measured = c.stream(LatencyStreams.of(k, false));
            MessageCounters warmup = c.stream(LatencyStreams.of(k, true));
            perKind(registry, "loadgen.messages.scheduled", kind, measured.scheduled, warmup.scheduled,
                "Messages the plan made due");
            perKind(registry, "loadgen.messages.sent", kind, measured.sent, warmup.sent, "Messages written to a socket");
            perKind(registry, "loadgen.messages.confirmed", kind, measured.confirmed, warmup.confirmed,
                "Messages confirmed (1/KP /status reply, PUBACK, or written with --confirm none)");
            perKind(registry, "loadgen.messages.timed.out", kind, measured.timedOut, warmup.timedOut,
                "Messages unconfirmed after --response-timeout");
            for (MessageFailure reason : MessageFailure.values()) {
                perKind(registry, "loadgen.messages.failed", kind, measured.failed.adder(reason),
                    warmup.failed.adder(reason), "Failed messages by kind and reason", "reason", reason.tag());
            }
            for (DropReason reason : DropReason.values()) {
                perKind(registry, "loadgen.messages.dropped", kind, measured.dropped.adder(reason),
                    warmup.dropped.adder(reason), "Messages dropped unsent by kind and reason", "reason",
                    reason.tag());
            }
            // status codes appear as they come, in either stream; one series counts both
            java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
            java.util.function.BiConsumer<String, LongAdder> newStatus = (status, adder) -> {
                if (seen.add(status)) {
                    FunctionCounter.builder("loadgen.error.replies", measured, m -> m.errorReplies.get(status)
                            + warmup.errorReplies.get(status))
                        .description("1/KP /error replies to messages by kind and statusCode")
                        .tag("kind", kind).tag("status_code", status).register(registry);
                }
            };
            measured.errorReplies.onNewKind(newStatus);
            warmup.errorReplies.onNewKind(newStatus);
            for (String status : USUAL_STATUS_CODES) {
                measured.errorReplies.add(status, 0); // known from the start: a healthy run reads 0, not "No data"
            }
        }

        LatencyExport latencies = new LatencyExport(labels(target), kindTags, registry.config().clock())
            .export(LatencyKind.CONNECT, "loadgen_connect_latency_seconds", "Intended connect start to CONNACK")
            .export(LatencyKind.TCP_CONNECT, "loadgen_tcp_connect_seconds", "TCP connect call to connected")
            .export(LatencyKind.TLS_HANDSHAKE, "loadgen_tls_handshake_seconds", "TCP connected to TLS handshake done")
            .export(LatencyKind.PUBACK, "loadgen_puback_latency_seconds", "Intended send time to PUBACK")
            .export(LatencyKind.STATUS, "loadgen_status_latency_seconds",
                "Intended send time to the 1/KP /status reply")
            .export(LatencyKind.SERVICE, "loadgen_service_time_seconds",
                "Actual write to confirmation: the server's part")
            .export(LatencyKind.SEND_LAG, "loadgen_send_lag_seconds",
                "Actual write minus intended send time: the generator's own lateness")
            .export(LatencyKind.RECONNECT, "loadgen_reconnect_latency_seconds",
                "Connection lost after CONNACK (or dropped by a reconnect storm) to the next CONNACK, backoff included");
        prometheus.getPrometheusRegistry().register(latencies);
        return latencies;
    }

    private static Labels labels(Gauge meter) {
        Labels labels = Labels.EMPTY;
        for (Tag tag : meter.getId().getTags()) {
            labels = labels.add(tag.getKey(), tag.getValue());
        }
        return labels;
    }

    /** One counter of one message kind: its measured and warm-up streams together. */
    private static void perKind(MeterRegistry registry, String name, String kind, LongAdder measured,
                                LongAdder warmup, String help, String... moreTags) {
        FunctionCounter.builder(name, measured, m -> m.sum() + warmup.sum()).description(help).tag("kind", kind)
            .tags(moreTags).register(registry);
    }

    private static <T> void gauge(MeterRegistry registry, String name, T source,
                                  java.util.function.ToDoubleFunction<T> value, String help) {
        Gauge.builder(name, source, value).description(help).register(registry);
    }

    private static void counter(MeterRegistry registry, String name, LongAdder adder, String help) {
        FunctionCounter.builder(name, adder, LongAdder::sum).description(help).register(registry);
    }

    /**
     * One counter per kind, every kind from the start at zero: a healthy run shows 0 on the error panels, not
     * "No data".
     */
    private static <K extends Enum<K> & Tagged> void byKind(MeterRegistry registry, String name, String label,
                                                           Tally<K> tally, String help) {
        for (K kind : tally.kinds()) {
            FunctionCounter.builder(name, tally.adder(kind), LongAdder::sum)
                .description(help).tag(label, kind.tag()).register(registry);
        }
    }
}
