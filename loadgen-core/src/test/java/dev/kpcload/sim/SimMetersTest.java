package dev.kpcload.sim;

import dev.kpcload.metrics.LatencyBuckets;
import dev.kpcload.metrics.PrometheusExport;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulator's new series in Prometheus form: fixed buckets, HELP text, counts equal to the stats'. */
class SimMetersTest {

    @Test
    void injectedDelaysCapacityAndFaultsAreExported() throws Exception {
        try (PrometheusExport export = new PrometheusExport("sim", "0");
             SimHarness sim = new SimHarness(SimConfig.loopback(0).withCapacity(Capacity.of(1000).withQueue(1))
                 .withReplyDelay(ReplyDelay.parse("2ms", "x"))).frozen()) {
            SimMeters.register(export.registry(), sim.counters, sim.config.capacity(), sim.queue);
            sim.connected();
            sim.faults.errorReplies(new Fault.ErrorReplies(FaultTiming.NOW, 1.0, 502, "bad gateway"));
            sim.send(Mqtt.publish("kp1/av/epmx/tok/get/1", 0, 0, ""), Mqtt.publish("kp1/av/epmx/tok/get/2", 0, 0, ""),
                Mqtt.publish("kp1/av/epmx/tok/get/3", 0, 0, ""));
            sim.advance(10);
            sim.publishes();
            String text = export.scrape();
            assertTrue(text.contains("kpcsim_injected_delay_seconds_count{run_id=\"sim\",shard=\"0\"} 2"), text);
            assertTrue(text.contains("kpcsim_capacity_latency_seconds_count{run_id=\"sim\",shard=\"0\"} 2"), text);
            long buckets = text.lines().filter(l -> l.startsWith("kpcsim_injected_delay_seconds_bucket")).count();
            assertEquals(LatencyBuckets.bounds().size() + 1, buckets, "the generator's fixed bounds, and +Inf");
            assertTrue(text.contains("kpcsim_injected_delay_seconds_bucket{run_id=\"sim\",shard=\"0\",le=\"0.002\"} 2"),
                text);
            assertTrue(text.contains("kpcsim_capacity_admitted_total{run_id=\"sim\",shard=\"0\"} 2.0"), text);
            assertTrue(text.contains("kpcsim_capacity_queue_full_total{run_id=\"sim\",shard=\"0\"} 1.0"), text);
            assertTrue(text.contains("kpcsim_capacity_per_second{run_id=\"sim\",shard=\"0\"} 1000.0"), text);
            assertTrue(text.contains("kpcsim_fault_error_replies_total{run_id=\"sim\",shard=\"0\",status_code=\"502\"}"
                + " 2.0"), text);
            for (String name : List.of("kpcsim_fault_stalls_total", "kpcsim_fault_connections_dropped_total",
                "kpcsim_fault_half_open_total", "kpcsim_fault_half_open_closed_total",
                "kpcsim_fault_half_open_ignored_total", "kpcsim_fault_slow_reader_pauses_total",
                "kpcsim_fault_slow_reader_bytes_total", "kpcsim_fault_restarts_total",
                "kpcsim_fault_restart_closed_total", "kpcsim_capacity_queue_waiting")) {
                assertTrue(text.lines().anyMatch(l -> l.startsWith("# HELP " + name + " ")), name + " has HELP");
                assertTrue(text.lines().anyMatch(l -> l.startsWith(name + "{")), name + " is exported at 0");
            }
            promtoolAccepts(text);
        }
    }

    /** {@code promtool check metrics} finds nothing to say (skipped without promtool, as the other such tests). */
    private static void promtoolAccepts(String text) throws Exception {
        java.nio.file.Path promtool = dev.kpcload.testing.ExternalPrograms.require("promtool");
        Process process = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true)
            .start();
        try (var in = process.getOutputStream()) {
            in.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "promtool did not finish");
        String ours = out.lines().filter(l -> l.contains("kpcsim_")).reduce("", (a, b) -> a + b + "\n");
        assertEquals("", ours, out);
    }
}
