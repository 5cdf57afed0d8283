package dev.kpcload.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a scrape of the run's meters shows. */
class RunMetersTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final RunCounters counters = new RunCounters();

    private String scrape() {
        return registry.scrape();
    }

    @Test
    void handlerErrorsAreExportedWithHelp() {
        RunMeters.register(registry, counters, new RunGauges());
        counters.handlerErrors.increment();
        String scrape = scrape();
        assertTrue(scrape.contains("# HELP loadgen_handler_errors_total "), scrape);
        assertTrue(scrape.contains("loadgen_handler_errors_total 1.0"), scrape);
    }
}
