package dev.kpcload.sim;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.atomic.LongAdder;

/** The simulator's counters as Prometheus meters ({@code kpcsim_} prefix), read from the live adders. */
final class SimMeters {

    private SimMeters() {
    }

    static void register(MeterRegistry registry, SimCounters c) {
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
    }

    private static void counter(MeterRegistry registry, String name, LongAdder adder, String help) {
        FunctionCounter.builder(name, adder, LongAdder::sum).description(help).register(registry);
    }
}
