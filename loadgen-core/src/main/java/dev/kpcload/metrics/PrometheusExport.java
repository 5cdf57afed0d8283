package dev.kpcload.metrics;

import dev.kpcload.InvalidInputException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;

import java.io.IOException;

/**
 * A Micrometer Prometheus registry with the common labels {@code run_id} and {@code shard} on every meter, the
 * JVM and Netty memory binders, and, when asked, {@code /metrics} served by the Prometheus client's HTTP server.
 */
public final class PrometheusExport implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private HTTPServer server;

    public PrometheusExport(String runId, String shard) {
        registry.config().commonTags("run_id", runId, "shard", shard)
            // names promtool rejects (an abbreviated unit, a _count gauge); CPU usage stays
            .meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")
                || id.getName().equals("system.cpu.count")));
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new NettyMemoryMetrics(ByteBufAllocator.DEFAULT).bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The text a scrape would get. */
    public String scrape() {
        return registry.scrape();
    }

    /** Serves {@code /metrics} on {@code bind:port}; port 0 picks a free one. */
    public int serve(String bind, int port, String flag) {
        try {
            server = HTTPServer.builder().hostname(bind).port(port)
                .registry(registry.getPrometheusRegistry()).buildAndStart();
            return server.getPort();
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException(flag + " " + port + ": cannot serve metrics on " + bind + ":" + port
                + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
        gcMetrics.close();
        registry.close();
    }
}
