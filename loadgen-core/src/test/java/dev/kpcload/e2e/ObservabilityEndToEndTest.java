package dev.kpcload.e2e;

import dev.kpcload.client.ConfirmMode;
import dev.kpcload.fleet.Device;
import dev.kpcload.metrics.HlogMerge;
import dev.kpcload.metrics.LatencyBuckets;
import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.run.LoadRun;
import dev.kpcload.run.RunControl;
import dev.kpcload.run.RunOutputs;
import dev.kpcload.result.RunSummary;
import dev.kpcload.sim.KpcSimulator;
import dev.kpcload.sim.SimConfig;
import dev.kpcload.testing.ExternalPrograms;
import dev.kpcload.testing.RunConfigs;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run with every output attached: /metrics, the interval log, and the result directory. */
class ObservabilityEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void metricsLogAndResultsAgreeWithTheRun() throws Exception {
        List<Device> devices = SimulatorEndToEndTest.fleet(100, 21);
        try (KpcSimulator sim = KpcSimulator.start(SimConfig.loopback(0))) {
            LoadRun run = new LoadRun(devices, RunConfigs.run(sim.address().getPort(), 400, Duration.ofSeconds(3),
                2000, RunConfigs.session(ConfirmMode.STATUS, 1)), new RunControl(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            Path out = dir.resolve("result");
            RunOutputs outputs = new RunOutputs("obs", "3", 0, "127.0.0.1", null, out, null);
            outputs.check();
            RunSummary summary;
            String scrape;
            try (RunOutputs.Attached attached = outputs.attach(run)) {
                summary = run.execute();
                outputs.writeResults(run, summary);
                scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + attached.metricsPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            }
            long confirmed = summary.messages().confirmed();
            assertEquals(1200, confirmed);

            // the scrape: same counts as the run, HELP on every family, the fixed bucket bounds
            assertEquals(confirmed, sample(scrape, "loadgen_messages_confirmed_total"));
            assertEquals(confirmed, sample(scrape, "loadgen_status_latency_seconds_count"));
            assertEquals(100, sample(scrape, "loadgen_devices_target"));
            assertTrue(scrape.contains("run_id=\"obs\""), "common labels");
            assertTrue(scrape.contains("shard=\"3\""), "common labels");
            for (String family : families(scrape)) {
                assertTrue(scrape.contains("# HELP " + family + " "), "HELP for " + family);
            }
            Set<String> les = new TreeSet<>();
            Matcher m = Pattern.compile("loadgen_status_latency_seconds_bucket\\{[^}]*le=\"([^\"]+)\"").matcher(scrape);
            while (m.find()) {
                les.add(m.group(1));
            }
            Set<Double> expected = LatencyBuckets.bounds().stream().map(d -> d.toNanos() / 1e9)
                .collect(Collectors.toSet());
            Set<Double> exported = les.stream().filter(le -> !le.equals("+Inf")).map(Double::valueOf)
                .collect(Collectors.toSet());
            assertEquals(expected, exported, "bucket bounds are the fixed ones");
            assertEquals(117, LatencyBuckets.bounds().size(), "100 µs to 60 s, 20 per decade");

            // every latency histogram holds the run's values, the last partial interval included: each bucket,
            // the count and the mean as the summary's HdrHistogram has them
            for (LatencyKind kind : LatencyKind.values()) {
                Histogram total = run.total(kind);
                String name = FAMILIES.get(kind);
                assertEquals(total.getTotalCount(), sample(scrape, name + "_count"), kind.tag());
                assertEquals(cumulativeBuckets(total), buckets(scrape, name), kind.tag());
                if (total.getTotalCount() > 0) {
                    assertEquals(total.getMean() / 1e9, sample(scrape, name + "_sum") / total.getTotalCount(),
                        total.getMean() / 1e9 * 1e-9, kind.tag());
                }
            }
            assertTrue(run.total(LatencyKind.STATUS).getTotalCount() > 0 && run.total(LatencyKind.CONNECT)
                .getTotalCount() > 0);

            // the result directory
            for (String file : List.of("summary.json", "run.hlog", "status.hgrm", "puback.hgrm", "connect.hgrm",
                "send_lag.hgrm", "service.hgrm", "report.html")) {
                assertTrue(Files.size(out.resolve(file)) > 0, file);
            }
            assertTrue(Files.readString(out.resolve("report.html")).contains("1,200 scheduled = 1,200 confirmed"));

            // the interval log holds exactly what the run measured, tag by tag
            Map<String, Histogram> fromLog = HlogMerge.merge(List.of(out.resolve("run.hlog")),
                dir.resolve("copy.hlog"));
            for (LatencyKind kind : LatencyKind.values()) {
                assertEquals(run.total(kind).getTotalCount(), fromLog.get(kind.tag()).getTotalCount(), kind.tag());
                assertEquals(run.total(kind).getMaxValue(), fromLog.get(kind.tag()).getMaxValue(), kind.tag());
            }

            // ... and HdrHistogram's own log processor reads it
            Path processed = dir.resolve("processed");
            new HistogramLogProcessor(new String[] {"-i", out.resolve("run.hlog").toString(), "-o",
                processed.toString(), "-tag", "status"}).run();
            String distribution = Files.readString(Path.of(processed + ".hgrm"));
            assertTrue(Pattern.compile("Total count\\s*=\\s*" + confirmed + "]").matcher(distribution).find(),
                distribution);

            assertPromtoolAccepts(scrape);
        }
    }

    private static void assertPromtoolAccepts(String scrape) throws Exception {
        Path promtool = ExternalPrograms.require("promtool");
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), output);
        assertEquals("", output.trim(), "promtool lints: " + output);
    }

    private static final Map<LatencyKind, String> FAMILIES = Map.of(LatencyKind.CONNECT,
        "loadgen_connect_latency_seconds", LatencyKind.TCP_CONNECT, "loadgen_tcp_connect_seconds",
        LatencyKind.TLS_HANDSHAKE, "loadgen_tls_handshake_seconds", LatencyKind.PUBACK, "loadgen_puback_latency_seconds",
        LatencyKind.STATUS, "loadgen_status_latency_seconds", LatencyKind.SERVICE, "loadgen_service_time_seconds",
        LatencyKind.SEND_LAG, "loadgen_send_lag_seconds", LatencyKind.RECONNECT, "loadgen_reconnect_latency_seconds");

    /** The cumulative bucket counts of a histogram family (one series), in {@code le} order. */
    private static List<Long> buckets(String scrape, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "_bucket\\{[^}]*} (\\S+)$").matcher(scrape);
        List<Long> counts = new java.util.ArrayList<>();
        while (m.find()) {
            counts.add(Long.parseLong(m.group(1)));
        }
        return counts;
    }

    /** What the buckets must hold: each value where HdrHistogram reports it, at the top of its sub-bucket. */
    private static List<Long> cumulativeBuckets(Histogram total) {
        long[] counts = new long[LatencyBuckets.buckets()];
        for (org.HdrHistogram.HistogramIterationValue v : total.recordedValues()) {
            counts[LatencyBuckets.bucketOf(total.highestEquivalentValue(v.getValueIteratedTo()))]
                += v.getCountAtValueIteratedTo();
        }
        List<Long> cumulative = new java.util.ArrayList<>();
        long sum = 0;
        for (long c : counts) {
            sum += c;
            cumulative.add(sum);
        }
        return cumulative;
    }

    private static double sample(String scrape, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*} (\\S+)$").matcher(scrape);
        assertTrue(m.find(), name);
        return Double.parseDouble(m.group(1));
    }

    private static Set<String> families(String scrape) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^# TYPE (\\S+) ").matcher(scrape);
        while (m.find()) {
            names.add(m.group(1));
        }
        assertTrue(names.size() > 20, names.toString());
        return names;
    }
}
