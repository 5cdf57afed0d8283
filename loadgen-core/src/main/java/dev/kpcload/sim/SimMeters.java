package dev.kpcload.sim;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import dev.kpcload.metrics.LatencyBuckets;

import java.util.concurrent.atomic.LongAdder;

/** The simulator's counters as Prometheus meters ({@code kpcsim_} prefix), read from the live adders. */
final class SimMeters {

    private SimMeters() {
    }

    static void register(MeterRegistry registry, SimCounters c) {
        register(registry, c, null, null);
    }

    /**
     * @param capacity the service capacity, or null without one
     * @param queue    its queue (read for the depth gauge), or null
     */
    static void register(MeterRegistry registry, SimCounters c, Capacity capacity, ServiceQueue queue) {
        Gauge.builder("kpcsim.connections.open", c.connectionsOpen, LongAdder::sum)
            .description("Client connections open now").register(registry);
        counter(registry, "kpcsim.connects.accepted", c.connectsAccepted, "CONNECTs answered with CONNACK accepted");
        counter(registry, "kpcsim.connects.refused", c.connectsRefused, "CONNECTs refused");
        FunctionCounter.builder("kpcsim.publishes", c.publishesQos0, LongAdder::sum).tag("qos", "0")
            .description("PUBLISH requests received by QoS").register(registry);
        FunctionCounter.builder("kpcsim.publishes", c.publishesQos1, LongAdder::sum).tag("qos", "1")
            .description("PUBLISH requests received by QoS").register(registry);
        counter(registry, "kpcsim.publishes.rejected", c.publishesRejected, "PUBLISHes refused (QoS 2, not 1/KP)");
        counter(registry, "kpcsim.status.replies", c.repliesStatus, "1/KP /status replies sent");
        counter(registry, "kpcsim.requests.without.reply", c.noReplyRequests, "1/KP requests without request ID");
        counter(registry, "kpcsim.pings", c.pings, "PINGREQs answered");
        counter(registry, "kpcsim.subscribes", c.subscribes, "SUBSCRIBEs answered");
        counter(registry, "kpcsim.keepalive.timeouts", c.keepaliveTimeouts, "Connections closed for keepalive");
        counter(registry, "kpcsim.protocol.errors", c.protocolErrors, "Connections closed for protocol errors");
        counter(registry, "kpcsim.dcx.samples", c.dcxSamples, "DCX data samples accepted");
        counter(registry, "kpcsim.dcx.energy.decreases", c.dcxEnergyDecreases,
            "DCX samples whose kWh counter fell below the endpoint's previous one");
        counter(registry, "kpcsim.bytes.received", c.bytesIn, "MQTT bytes read");
        counter(registry, "kpcsim.bytes.sent", c.bytesOut, "MQTT bytes written");
        c.repliesErrorByStatus.onNewKind((status, adder) -> FunctionCounter.builder("kpcsim.error.replies", adder,
            LongAdder::sum).tag("status_code", status).description("1/KP /error replies by statusCode")
            .register(registry));
        registerCapacityAndDelays(registry, c, capacity, queue);
        registerFaults(registry, c);
        registerTls(registry, c);
    }

    private static void registerTls(MeterRegistry registry, SimCounters c) {
        counter(registry, "kpcsim.tls.handshakes", c.tlsHandshakes, "TLS handshakes completed");
        counter(registry, "kpcsim.tls.client.certificates", c.tlsClientCertificates,
            "TLS handshakes completed with a client certificate");
        for (SimTlsFailure reason : c.tlsFailures.kinds()) {
            FunctionCounter.builder("kpcsim.tls.handshake.failures", c.tlsFailures.adder(reason), LongAdder::sum)
                .tag("reason", reason.tag())
                .description("TLS handshakes that failed on the simulator's side, by reason").register(registry);
        }
        counter(registry, "kpcsim.tls.token.mismatches", c.tlsTokenMismatches,
            "1/KP requests answered 401: the topic's token is not the client certificate's endpoint");
    }

    private static void registerCapacityAndDelays(MeterRegistry registry, SimCounters c, Capacity capacity,
                                                  ServiceQueue queue) {
        Timer injected = Timer.builder("kpcsim.injected.delay")
            .description("Reply delays the simulator drew and applied (--response-delay), same buckets as loadgen's")
            .serviceLevelObjectives(LatencyBuckets.boundsArray()).publishPercentileHistogram(false)
            .register(registry);
        Timer latency = Timer.builder("kpcsim.capacity.latency")
            .description("Service capacity: a request's arrival to the end of its service (wait plus 1/R)")
            .serviceLevelObjectives(LatencyBuckets.boundsArray()).publishPercentileHistogram(false)
            .register(registry);
        c.exportTo(injected, latency);
        counter(registry, "kpcsim.capacity.admitted", c.capacityAdmitted,
            "1/KP requests the service capacity took into its queue");
        counter(registry, "kpcsim.capacity.queue.full", c.capacityFull,
            "1/KP requests that found the capacity's queue full (answered 503 or left unanswered)");
        double perSecond = capacity == null ? 0 : capacity.perSecond();
        Gauge.builder("kpcsim.capacity.per.second", () -> perSecond)
            .description("The service capacity R in requests per second (0: none)").register(registry);
        if (queue != null) {
            Gauge.builder("kpcsim.capacity.queue.waiting",
                    () -> queue.waitingAt(io.netty.util.concurrent.Ticker.systemTicker().nanoTime())) // the loops' clock
                .description("Requests waiting in the capacity's queue now").register(registry);
        }
    }

    private static void registerFaults(MeterRegistry registry, SimCounters c) {
        counter(registry, "kpcsim.fault.stalls", c.faultStalls, "Stalls begun (reading and replies stopped)");
        c.faultErrorReplies.onNewKind((status, adder) -> FunctionCounter.builder("kpcsim.fault.error.replies", adder,
            LongAdder::sum).tag("status_code", status)
            .description("1/KP /error replies injected by the error-replies fault, by statusCode").register(registry));
        c.faultRefusals.onNewKind((code, adder) -> FunctionCounter.builder("kpcsim.fault.connects.refused", adder,
            LongAdder::sum).tag("return_code", code)
            .description("CONNECTs refused by the refuse-connects fault, by CONNACK return code").register(registry));
        counter(registry, "kpcsim.fault.connections.dropped", c.faultDrops,
            "Connections closed by the drop-connections fault");
        counter(registry, "kpcsim.fault.half.open", c.halfOpenStruck, "Connections made half-open");
        counter(registry, "kpcsim.fault.half.open.closed", c.halfOpenClosed, "Half-open connections closed since");
        counter(registry, "kpcsim.fault.half.open.ignored", c.halfOpenIgnored,
            "Packets read and thrown away on half-open connections");
        counter(registry, "kpcsim.fault.slow.reader.pauses", c.slowReaderPauses,
            "Times a connection's reading paused for the slow reader's budget");
        counter(registry, "kpcsim.fault.slow.reader.bytes", c.slowReaderBytes,
            "Bytes passed on through the slow reader's budget");
        counter(registry, "kpcsim.fault.restarts", c.restarts, "Restarts begun (listener and connections closed)");
        counter(registry, "kpcsim.fault.restart.closed", c.restartClosed, "Connections closed by restarts");
    }

    private static void counter(MeterRegistry registry, String name, LongAdder adder, String help) {
        FunctionCounter.builder(name, adder, LongAdder::sum).description(help).register(registry);
    }
}
