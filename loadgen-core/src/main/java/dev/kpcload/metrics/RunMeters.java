package dev.kpcload.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The run's meters, named as the README and dashboard expect ({@code loadgen_} prefix, base units, counters
 * ending in {@code _total}). Counters are function counters over the very adders the run increments, so
 * exporting costs nothing on the hot path; only the latency timers are recorded into, next to HdrHistogram.
 */
public final class RunMeters {

    private RunMeters() {
    }

    /** Registers every run meter and returns the latency timers, to be fed with the HdrHistogram values. */
    public static Map<LatencyKind, Timer> register(MeterRegistry registry, RunCounters c, RunGauges g) {
        gauge(registry, "loadgen.devices.target", g, RunGauges::targetDevices, "Devices this process drives");
        gauge(registry, "loadgen.devices.connecting", c.connecting, LongAdder::sum,
            "Connect attempts under way (started, no CONNACK nor failure yet)");
        gauge(registry, "loadgen.devices.connected", c.connectedNow, LongAdder::sum, "Devices connected now");
        gauge(registry, "loadgen.messages.in.flight", c, RunCounters::inFlightEstimate,
            "Messages sent and not yet confirmed, failed or timed out");
        gauge(registry, "loadgen.messages.queued", c, RunCounters::queuedEstimate,
            "Messages due but waiting in device backlogs (window full or socket not writable)");
        gauge(registry, "loadgen.target.messages.per.second", g, RunGauges::targetRate,
            "The plan's message rate of this process (0 when not publishing)");
        gauge(registry, "loadgen.achieved.messages.per.second", g, RunGauges::achievedRate,
            "Messages sent per second over the last report interval");

        counter(registry, "loadgen.connect.attempts", c.connectAttempts, "Connect attempts started");
        counter(registry, "loadgen.reconnects", c.reconnects, "Reconnect attempts after a lost connection");
        counter(registry, "loadgen.messages.scheduled", c.scheduled, "Messages the plan made due");
        counter(registry, "loadgen.messages.sent", c.sent, "Messages written to a socket");
        counter(registry, "loadgen.messages.confirmed", c.confirmed,
            "Messages confirmed (1/KP /status reply, PUBACK, or written with --confirm none)");
        counter(registry, "loadgen.messages.timed.out", c.timedOut, "Messages unconfirmed after --response-timeout");
        counter(registry, "loadgen.handler.errors", c.handlerErrors,
            "Unexpected exceptions in the client's handlers; each closed its connection as handler_error");
        counter(registry, "loadgen.bytes.sent", c.bytesSent, "MQTT bytes written");
        counter(registry, "loadgen.bytes.received", c.bytesReceived, "MQTT bytes read");

        byKind(registry, "loadgen.connect.failures", "reason", c.connectFailures, "Failed connect attempts by reason");
        byKind(registry, "loadgen.disconnects", "reason", c.disconnects, "Connections lost after CONNACK by reason");
        byKind(registry, "loadgen.messages.failed", "kind", c.failed, "Failed messages by kind");
        byOpenKind(registry, "loadgen.error.replies", "status_code", c.errorReplies,
            "1/KP /error replies to messages by statusCode");
        byKind(registry, "loadgen.messages.dropped", "reason", c.dropped, "Messages dropped unsent by reason");

        Map<LatencyKind, Timer> timers = new EnumMap<>(LatencyKind.class);
        timer(registry, timers, LatencyKind.CONNECT, "loadgen.connect.latency",
            "Intended connect start to CONNACK");
        timer(registry, timers, LatencyKind.TCP_CONNECT, "loadgen.tcp.connect", "TCP connect call to connected");
        timer(registry, timers, LatencyKind.PUBACK, "loadgen.puback.latency", "Intended send time to PUBACK");
        timer(registry, timers, LatencyKind.STATUS, "loadgen.status.latency",
            "Intended send time to the 1/KP /status reply");
        timer(registry, timers, LatencyKind.SERVICE, "loadgen.service.time",
            "Actual write to confirmation: the server's part");
        timer(registry, timers, LatencyKind.SEND_LAG, "loadgen.send.lag",
            "Actual write minus intended send time: the generator's own lateness");
        timer(registry, timers, LatencyKind.RECONNECT, "loadgen.reconnect.latency",
            "Connection lost after CONNACK (or dropped by a reconnect storm) to the next CONNACK, backoff included");
        return timers;
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

    /** One counter per name as names appear (an open set, such as status codes). */
    private static void byOpenKind(MeterRegistry registry, String name, String label, OpenTally tally,
                                   String help) {
        tally.onNewKind((kind, adder) -> FunctionCounter.builder(name, adder, LongAdder::sum)
            .description(help).tag(label, kind).register(registry));
    }

    private static void timer(MeterRegistry registry, Map<LatencyKind, Timer> timers, LatencyKind kind, String name,
                              String help) {
        timers.put(kind, Timer.builder(name).description(help)
            .serviceLevelObjectives(LatencyBuckets.boundsArray())
            .publishPercentileHistogram(false)
            .register(registry));
    }
}
