package dev.kpcload.metrics;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The latency histograms fed from interval histograms: what a scrape shows, deterministically. */
class LatencyExportTest {

    private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /**
     * The same values, once recorded into Micrometer's timers value by value (the files, scraped before the
     * export was fed from intervals) and now fed as three interval histograms: the same families, HELP, TYPE,
     * labels, bucket bounds and counts in both formats; {@code _sum} and {@code _max} within HdrHistogram's
     * precision (3 digits), as the values are now HdrHistogram's.
     */
    @Test
    void theScrapeIsWhatMicrometersTimersExported() throws IOException {
        try (PrometheusExport export = new PrometheusExport("r-1", "0")) {
            LatencyExport latencies = RunMeters.register(export.registry(), new RunCounters(LatencyStreams.count(2)),
                new RunGauges(), List.of("epmx-get", "dcx-json"));
            List<ExpositionValues.Value> values = ExpositionValues.values();
            for (int part = 0; part < 3; part++) {
                Histogram[][] interval = new Histogram[LatencyKind.values().length][2];
                for (int i = part; i < values.size(); i += 3) {
                    ExpositionValues.Value v = values.get(i);
                    Histogram h = interval[v.kind().ordinal()][v.kindIndex()];
                    if (h == null) {
                        h = LatencyRecorders.newHistogram();
                        interval[v.kind().ordinal()][v.kindIndex()] = h;
                    }
                    h.recordValue(v.nanos());
                }
                for (LatencyKind kind : LatencyKind.values()) {
                    for (int k = 0; k < 2; k++) {
                        if (interval[kind.ordinal()][k] != null) {
                            latencies.add(kind, k, interval[kind.ordinal()][k]);
                        }
                    }
                }
            }
            PrometheusMeterRegistry registry = (PrometheusMeterRegistry) export.registry();
            assertSameExposition(resource("latency-exposition-micrometer.txt"),
                ExpositionValues.latencyLines(registry.scrape()));
            assertSameExposition(resource("latency-exposition-micrometer.om.txt"),
                ExpositionValues.latencyLines(registry.scrape(OPENMETRICS)));
        }
    }

    private static void assertSameExposition(String before, String now) {
        List<String> expected = before.lines().toList();
        List<String> actual = now.lines().toList();
        assertEquals(expected.size(), actual.size(), now);
        int approximate = 0;
        for (int i = 0; i < expected.size(); i++) {
            String e = expected.get(i);
            String a = actual.get(i);
            String series = e.substring(0, e.lastIndexOf(' ') + 1);
            if (!e.startsWith("#") && (series.contains("_sum{") || series.contains("_max{"))) {
                assertEquals(series, a.substring(0, a.lastIndexOf(' ') + 1), "line " + (i + 1));
                double ev = Double.parseDouble(e.substring(series.length()));
                double av = Double.parseDouble(a.substring(series.length()));
                assertEquals(ev, av, ev * 1e-3, "line " + (i + 1) + ": " + a);
                approximate++;
            } else {
                assertEquals(e, a, "line " + (i + 1));
            }
        }
        assertEquals(2 * (4 * 2 + 4), approximate, "_sum and _max: 4 message latencies x 2 kinds, 4 connect latencies");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = LatencyExportTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * HdrHistogram keeps 3 digits: 100,000 ns and 100,031 ns share a sub-bucket, whose top (100,031) is what
     * HdrHistogram reports for both, so both count above the 100 µs bound; 99,967 ns is the top of the sub-bucket
     * below and counts in it.
     */
    @Test
    void aValueCountsInTheBucketOfItsSubBucketsTop() {
        Fixture latencies = fresh(new MockClock());
        Histogram h = histogram(99_967, 100_000, 100_031, 112_000, 59_000_000_000L, 61_000_000_000L);
        assertEquals(100_031, h.highestEquivalentValue(100_000));
        latencies.add(LatencyKind.CONNECT, h);
        String scrape = latencies.scrape();
        assertTrue(scrape.contains("loadgen_connect_latency_seconds_bucket{le=\"1.0E-4\"} 1\n"), scrape);
        assertTrue(scrape.contains("loadgen_connect_latency_seconds_bucket{le=\"1.12E-4\"} 3\n"), scrape);
        assertTrue(scrape.contains("loadgen_connect_latency_seconds_bucket{le=\"1.26E-4\"} 4\n"), scrape);
        assertTrue(scrape.contains("loadgen_connect_latency_seconds_bucket{le=\"60.0\"} 5\n"), scrape);
        assertTrue(scrape.contains("loadgen_connect_latency_seconds_bucket{le=\"+Inf\"} 6\n"), scrape);
        assertTrue(scrape.contains("loadgen_connect_latency_seconds_count 6\n"), scrape);
        assertEquals(h.getMean() * 6 / 1e9, sample(scrape, "loadgen_connect_latency_seconds_sum"), 1e-9,
            "the sum is what HdrHistogram's mean adds up");
    }

    /**
     * Whatever the values, the percentile Prometheus computes from the buckets (the first bucket whose cumulative
     * count reaches q × count) is in the bucket of the summary's percentile (HdrHistogram's), the
     * mean ({@code _sum / _count}) is the summary's, and the counts add up over intervals.
     */
    @Test
    void prometheusPercentilesFallInTheBucketOfTheSummarysAndItsMeanIsTheSummarys() {
        SplittableRandom random = new SplittableRandom(5);
        for (int trial = 0; trial < 20; trial++) {
            Fixture latencies = fresh(new MockClock());
            Histogram total = LatencyRecorders.newHistogram();
            for (int interval = 0; interval < 4; interval++) {
                Histogram h = LatencyRecorders.newHistogram();
                double low = Math.log(20_000);
                double high = Math.log(1e9 * (1 + random.nextInt(70)));
                for (int i = 0; i < 500; i++) {
                    h.recordValue((long) Math.exp(low + random.nextDouble() * (high - low)));
                }
                total.add(h);
                latencies.add(LatencyKind.STATUS, h);
            }
            String scrape = latencies.scrape();
            long[] cumulative = cumulative(scrape, "loadgen_status_latency_seconds_bucket{kind=\"k\",le=\"");
            assertEquals(2000, cumulative[cumulative.length - 1]);
            for (double q : new double[] {0.5, 0.9, 0.99, 0.999}) {
                double rank = q * total.getTotalCount();
                int bucket = 0;
                while (cumulative[bucket] < rank) {
                    bucket++;
                }
                assertEquals(LatencyBuckets.bucketOf(total.getValueAtPercentile(q * 100)), bucket,
                    "trial " + trial + " q " + q);
            }
            assertEquals(total.getMean() / 1e9, sample(scrape, "loadgen_status_latency_seconds_sum{kind=\"k\"}")
                / sample(scrape, "loadgen_status_latency_seconds_count{kind=\"k\"}"), total.getMean() / 1e9 * 1e-12);
        }
    }

    /** {@code _max} is the largest value of the last minutes, as Micrometer's timers kept it, in HdrHistogram's form. */
    @Test
    void maxIsTheLargestValueOfTheLastMinutes() {
        MockClock clock = new MockClock();
        Fixture latencies = fresh(clock);
        latencies.add(LatencyKind.PUBACK, histogram(5_000_000, 7_000_000));
        assertEquals(histogram(7_000_000).getMaxValue() / 1e9,
            sample(latencies.scrape(), "loadgen_puback_latency_seconds_max{kind=\"k\"}"));
        clock.add(Duration.ofSeconds(30));
        latencies.add(LatencyKind.PUBACK, histogram(2_000_000));
        assertEquals(histogram(7_000_000).getMaxValue() / 1e9,
            sample(latencies.scrape(), "loadgen_puback_latency_seconds_max{kind=\"k\"}"), "still within the window");
        clock.add(Duration.ofMinutes(3));
        assertEquals(0, sample(latencies.scrape(), "loadgen_puback_latency_seconds_max{kind=\"k\"}"),
            "forgotten after the window");
        assertEquals(3, sample(latencies.scrape(), "loadgen_puback_latency_seconds_count{kind=\"k\"}"),
            "counts are kept");
    }

    /**
     * A sample of the recorders goes in whole: every stream of every kind, measured and warm-up together, per
     * message kind; connect latencies of every stream in one series.
     */
    @Test
    void aReportIntervalAddsEveryStreamMeasuredAndWarmUpTogether() {
        LatencyRecorders recorders = new LatencyRecorders(LatencyStreams.count(2));
        LatencyWriter lane = recorders.newWriter();
        lane.record(LatencyKind.STATUS, LatencyStreams.of(0, false), 3_000_000);
        lane.record(LatencyKind.STATUS, LatencyStreams.of(0, true), 4_000_000);
        lane.record(LatencyKind.STATUS, LatencyStreams.of(1, false), 5_000_000);
        lane.record(LatencyKind.CONNECT, LatencyStreams.of(1, true), 9_000_000);
        recorders.record(LatencyKind.CONNECT, 8_000_000);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        LatencyExport latencies = RunMeters.register(registry, new RunCounters(LatencyStreams.count(2)),
            new RunGauges(), List.of("a", "b"));
        latencies.onInterval(recorders.takeInterval(), null);
        String scrape = registry.scrape();
        assertEquals(2, sample(scrape, "loadgen_status_latency_seconds_count{kind=\"a\"}"), scrape);
        assertEquals(1, sample(scrape, "loadgen_status_latency_seconds_count{kind=\"b\"}"), scrape);
        assertEquals(2, sample(scrape, "loadgen_connect_latency_seconds_count"), scrape);
        lane.record(LatencyKind.STATUS, LatencyStreams.of(1, false), 5_000_000);
        assertEquals(1, sample(registry.scrape(), "loadgen_status_latency_seconds_count{kind=\"b\"}"),
            "a value shows once its interval is taken");
        latencies.onInterval(recorders.takeInterval(), null);
        assertEquals(2, sample(registry.scrape(), "loadgen_status_latency_seconds_count{kind=\"b\"}"));
    }

    /** The run's meters on a registry of their own, on a clock the test moves. */
    private record Fixture(PrometheusMeterRegistry registry, LatencyExport latencies) {
        void add(LatencyKind kind, Histogram h) {
            latencies.add(kind, 0, h);
        }

        String scrape() {
            return registry.scrape();
        }
    }

    private static Fixture fresh(MockClock clock) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT,
            new PrometheusRegistry(), clock);
        return new Fixture(registry, RunMeters.register(registry, new RunCounters(), new RunGauges(), List.of("k")));
    }

    private static Histogram histogram(long... nanos) {
        Histogram h = LatencyRecorders.newHistogram();
        for (long v : nanos) {
            h.recordValue(v);
        }
        return h;
    }

    private static double sample(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertTrue(m.find(), series + " in " + scrape);
        return Double.parseDouble(m.group(1));
    }

    /** The cumulative bucket counts of a series, in {@code le} order ({@code +Inf} last). */
    private static long[] cumulative(String scrape, String prefix) {
        List<Long> counts = new ArrayList<>();
        for (String line : scrape.lines().toList()) {
            if (line.startsWith(prefix)) {
                counts.add(Long.parseLong(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        assertEquals(LatencyBuckets.buckets(), counts.size());
        return counts.stream().mapToLong(Long::longValue).toArray();
    }
}
