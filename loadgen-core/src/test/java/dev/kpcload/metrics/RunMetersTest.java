package dev.kpcload.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a scrape of the run's meters shows. */
class RunMetersTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final RunCounters counters = new RunCounters();

    private String scrape() {
        return registry.scrape();
    }

    @Test
    void everyKindIsASeriesAtZeroFromTheStart() {
        RunMeters.register(registry, counters, new RunGauges());
        String scrape = scrape();
        for (ConnectFailure kind : ConnectFailure.values()) {
            assertTrue(scrape.contains("loadgen_connect_failures_total{reason=\"" + kind.tag() + "\"} 0.0"),
                kind.tag());
        }
        for (DisconnectReason kind : DisconnectReason.values()) {
            assertTrue(scrape.contains("loadgen_disconnects_total{reason=\"" + kind.tag() + "\"} 0.0"), kind.tag());
        }
        for (MessageFailure kind : MessageFailure.values()) {
            assertTrue(scrape.contains("loadgen_messages_failed_total{kind=\"epmx-update-keys\",reason=\"" + kind.tag()
                + "\"} 0.0"), kind.tag());
        }
        for (DropReason kind : DropReason.values()) {
            assertTrue(scrape.contains("loadgen_messages_dropped_total{kind=\"epmx-update-keys\",reason=\"" + kind.tag()
                + "\"} 0.0"), kind.tag());
        }
        assertTrue(scrape.contains("# HELP loadgen_messages_dropped_total Messages dropped unsent by kind and reason"),
            scrape);
        assertTrue(scrape.contains("loadgen_error_replies_total{kind=\"epmx-update-keys\",status_code=\"401\"} 0.0"),
            "the usual status codes are there at 0 from the start");
        assertFalse(scrape.contains("status_code=\"418\""), "other status codes appear as they come");
    }

    @Test
    void countsShowUnderTheirTagsAndStatusCodesAsTheyCome() {
        RunMeters.register(registry, counters, new RunGauges());
        counters.connectFailures.add(ConnectFailure.CONNACK_NOT_AUTHORIZED, 2);
        counters.stream(0).dropped.increment(DropReason.UNSENT_AT_STOP);
        counters.stream(0).errorReplies.increment("401");
        counters.stream(1).errorReplies.increment("401");
        String scrape = scrape();
        assertTrue(scrape.contains("loadgen_connect_failures_total{reason=\"connack_not_authorized\"} 2.0"), scrape);
        assertTrue(scrape.contains("loadgen_messages_dropped_total{kind=\"epmx-update-keys\",reason=\"unsent_at_stop\"} 1.0"),
            scrape);
        assertTrue(scrape.contains("loadgen_error_replies_total{kind=\"epmx-update-keys\",status_code=\"401\"} 2.0"),
            "measured and warm-up together: " + scrape);
    }

    @Test
    void theReconnectLatencyIsAHistogramWithTheSameBucketsAsTheOthers() {
        var timers = RunMeters.register(registry, counters, new RunGauges());
        for (LatencyKind kind : LatencyKind.values()) {
            assertNotNull(timers[kind.ordinal()][0], "a timer for every latency kind: " + kind);
        }
        timers[LatencyKind.RECONNECT.ordinal()][0].record(java.time.Duration.ofMillis(750));
        String scrape = scrape();
        assertTrue(scrape.contains("# HELP loadgen_reconnect_latency_seconds "), scrape);
        assertTrue(scrape.contains("loadgen_reconnect_latency_seconds_count 1"), scrape);
        var connectBuckets = buckets(scrape, "loadgen_connect_latency_seconds");
        assertTrue(connectBuckets.size() > 100, connectBuckets.toString());
        assertEquals(connectBuckets, buckets(scrape, "loadgen_reconnect_latency_seconds"));
    }

    /** The {@code le} bounds of a histogram's buckets, in the scrape's order. */
    private static java.util.List<String> buckets(String scrape, String name) {
        return scrape.lines().filter(l -> l.startsWith(name + "_bucket{"))
            .map(l -> l.substring(l.indexOf("le=\""), l.indexOf('}'))).toList();
    }

    @Test
    void messageLatenciesAndCountersCarryTheKindConnectLatenciesDoNot() {
        RunCounters mixed = new RunCounters(LatencyStreams.count(2));
        var timers = RunMeters.register(registry, mixed, new RunGauges(), java.util.List.of("epmx-get", "dcx-json"));
        mixed.stream(LatencyStreams.of(1, false)).sent.add(3);
        mixed.stream(LatencyStreams.of(1, true)).sent.add(2);
        timers[LatencyKind.STATUS.ordinal()][1].record(java.time.Duration.ofMillis(5));
        timers[LatencyKind.CONNECT.ordinal()][1].record(java.time.Duration.ofMillis(5));
        assertSame(timers[LatencyKind.CONNECT.ordinal()][0], timers[LatencyKind.CONNECT.ordinal()][1]);
        String scrape = scrape();
        assertTrue(scrape.contains("loadgen_messages_sent_total{kind=\"dcx-json\"} 5.0"), scrape);
        assertTrue(scrape.contains("loadgen_messages_sent_total{kind=\"epmx-get\"} 0.0"), scrape);
        assertTrue(scrape.contains("loadgen_status_latency_seconds_count{kind=\"dcx-json\"} 1"), scrape);
        assertTrue(scrape.contains("loadgen_connect_latency_seconds_count 1"), scrape);
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
