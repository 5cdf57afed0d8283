package dev.kpcload.metrics;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * A fixed set of latencies for comparing exports, and the latency families' lines of a scrape. Values are drawn
 * log-uniform from 50 µs to 100 s, leaving out those whose HdrHistogram sub-bucket straddles a bucket bound (their
 * bucket depends on the precision kept), plus one beyond 60 s and one clamped to an hour.
 */
final class ExpositionValues {

    record Value(LatencyKind kind, int kindIndex, long nanos) {
    }

    static final List<String> FAMILIES = List.of("loadgen_connect_latency_seconds", "loadgen_tcp_connect_seconds",
        "loadgen_tls_handshake_seconds", "loadgen_puback_latency_seconds", "loadgen_status_latency_seconds",
        "loadgen_service_time_seconds", "loadgen_send_lag_seconds", "loadgen_reconnect_latency_seconds");

    private ExpositionValues() {
    }

    static List<Value> values() {
        SplittableRandom random = new SplittableRandom(12);
        List<Value> values = new ArrayList<>();
        add(values, random, LatencyKind.PUBACK, 0, 700);
        add(values, random, LatencyKind.PUBACK, 1, 300);
        add(values, random, LatencyKind.STATUS, 1, 500);
        add(values, random, LatencyKind.SEND_LAG, 0, 400);
        add(values, random, LatencyKind.SEND_LAG, 1, 200);
        add(values, random, LatencyKind.SERVICE, 0, 100);
        add(values, random, LatencyKind.CONNECT, 0, 250);
        values.add(new Value(LatencyKind.RECONNECT, 0, 750_000_000));
        values.add(new Value(LatencyKind.CONNECT, 0, 75_000_000_000L));
        values.add(new Value(LatencyKind.PUBACK, 1, LatencyRecorders.HIGHEST_TRACKABLE_NANOS));
        return values;
    }

    private static void add(List<Value> values, SplittableRandom random, LatencyKind kind, int kindIndex, int n) {
        double low = Math.log(50_000);
        double high = Math.log(100e9);
        for (int added = 0; added < n; ) {
            long nanos = (long) Math.exp(low + random.nextDouble() * (high - low));
            if (!straddles(nanos)) {
                values.add(new Value(kind, kindIndex, nanos));
                added++;
            }
        }
    }

    private static final Histogram PRECISION = LatencyRecorders.newHistogram();

    /** Whether the value's sub-bucket holds a bucket bound below its top (so that precision decides its bucket). */
    static boolean straddles(long nanos) {
        long lowest = PRECISION.lowestEquivalentValue(nanos);
        long highest = PRECISION.highestEquivalentValue(nanos);
        for (Duration bound : LatencyBuckets.bounds()) {
            long b = bound.toNanos();
            if (lowest <= b && b < highest) {
                return true;
            }
        }
        return false;
    }

    /** The lines of a scrape that belong to the latency families (HELP, TYPE, samples), in the scrape's order. */
    static String latencyLines(String scrape) {
        return scrape.lines().filter(ExpositionValues::isLatencyLine).collect(Collectors.joining("\n", "", "\n"));
    }

    private static boolean isLatencyLine(String line) {
        String rest = line.startsWith("# HELP ") || line.startsWith("# TYPE ") ? line.substring(7) : line;
        return FAMILIES.stream().anyMatch(f -> rest.startsWith(f + " ") || rest.startsWith(f + "_")
            || rest.startsWith(f + "{"));
    }
}
