package dev.kpcload.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

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
        for (TlsSession kind : TlsSession.values()) {
            assertTrue(scrape.contains("loadgen_tls_handshakes_total{session=\"" + kind.tag() + "\"} 0.0"), kind.tag());
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
        LatencyExport latencies = RunMeters.register(registry, counters, new RunGauges());
        latencies.add(LatencyKind.RECONNECT, 0, histogram(750_000_000));
        String scrape = scrape();
        assertTrue(scrape.contains("# HELP loadgen_reconnect_latency_seconds "), scrape);
        assertTrue(scrape.contains("loadgen_reconnect_latency_seconds_count 1"), scrape);
        var connectBuckets = buckets(scrape, "loadgen_connect_latency_seconds");
        assertTrue(connectBuckets.size() > 100, connectBuckets.toString());
        for (LatencyKind kind : LatencyKind.values()) {
            assertTrue(scrape.contains("# TYPE " + name(kind) + " histogram"), kind.tag());
            assertEquals(connectBuckets, buckets(scrape, name(kind)), kind.tag());
        }
    }

    private static String name(LatencyKind kind) {
        return switch (kind) {
            case CONNECT -> "loadgen_connect_latency_seconds";
            case TCP_CONNECT -> "loadgen_tcp_connect_seconds";
            case TLS_HANDSHAKE -> "loadgen_tls_handshake_seconds";
            case PUBACK -> "loadgen_puback_latency_seconds";
            case STATUS -> "loadgen_status_latency_seconds";
            case SERVICE -> "loadgen_service_time_seconds";
            case SEND_LAG -> "loadgen_send_lag_seconds";
            case RECONNECT -> "loadgen_reconnect_latency_seconds";
        };
    }

    private static org.HdrHistogram.Histogram histogram(long... nanos) {
        org.HdrHistogram.Histogram h = LatencyRecorders.newHistogram();
        for (long v : nanos) {
            h.recordValue(v);
        }
        return h;
    }

    /** The {@code le} bounds of a histogram's buckets, in the scrape's order. */
    private static java.util.List<String> buckets(String scrape, String name) {
        return scrape.lines().filter(l -> l.startsWith(name + "_bucket{"))
            .map(l -> l.substring(l.indexOf("le=\""), l.indexOf('}'))).toList();
    }

    @Test
    void messageLatenciesAndCountersCarryTheKindConnectLatenciesDoNot() {
        RunCounters mixed = new RunCounters(LatencyStreams.count(2));
        LatencyExport latencies = RunMeters.register(registry, mixed, new RunGauges(),
            java.util.List.of("epmx-get", "dcx-json"));
        mixed.stream(LatencyStreams.of(1, false)).sent.add(3);
        mixed.stream(LatencyStreams.of(1, true)).sent.add(2);
        latencies.add(LatencyKind.STATUS, 1, histogram(5_000_000));
        latencies.add(LatencyKind.CONNECT, 1, histogram(5_000_000));
        latencies.add(LatencyKind.CONNECT, 0, histogram(6_000_000));
        String scrape = scrape();
        assertTrue(scrape.contains("loadgen_messages_sent_total{kind=\"dcx-json\"} 5.0"), scrape);
        assertTrue(scrape.contains("loadgen_messages_sent_total{kind=\"epmx-get\"} 0.0"), scrape);
        assertTrue(scrape.contains("loadgen_status_latency_seconds_count{kind=\"dcx-json\"} 1"), scrape);
        assertTrue(scrape.contains("loadgen_status_latency_seconds_count{kind=\"epmx-get\"} 0"), scrape);
        assertTrue(scrape.contains("loadgen_connect_latency_seconds_count 2"), "one connect series: " + scrape);
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
