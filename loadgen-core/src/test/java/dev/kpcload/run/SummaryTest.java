package dev.kpcload.run;

import dev.kpcload.result.RunOutcome;
import dev.kpcload.result.SummaryJson;
import dev.kpcload.result.RunSummary;
import dev.kpcload.client.BacklogPolicy;
import dev.kpcload.client.ConfirmMode;
import dev.kpcload.client.SessionSettings;
import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.LatencyRecorders;
import dev.kpcload.metrics.LatencyStats;
import dev.kpcload.metrics.LatencyTotals;
import dev.kpcload.metrics.RunCounters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class SummaryTest {

    private static RunConfig config() {
        SessionSettings s = new SessionSettings("demo_application_v1", "epmx", ConfirmMode.STATUS, 1, 4,
            BacklogPolicy.DROP, 50, TimeUnit.SECONDS.toNanos(10), 60, TimeUnit.SECONDS.toNanos(5));
        return new RunConfig(List.of(new InetSocketAddress("127.0.0.1", 1883), new InetSocketAddress("10.0.0.2", 8883)),
            500, Duration.ofSeconds(30), 100, s, Duration.ofSeconds(5), Duration.ofSeconds(1), 2);
    }

    private static RunSummary summary() {
        RunCounters c = new RunCounters();
        c.connectAttempts.add(12);
        c.connected.add(10);
        c.connectFailures.add("connack_not_authorized", 2);
        c.disconnects.increment("closed_by_server");
        c.scheduled.add(15_000);
        c.sent.add(14_990);
        c.confirmed.add(14_900);
        c.failed.add("error_reply", 40);
        c.errorReplies.add("400", 40);
        c.failed.add("connection_lost", 5);
        c.timedOut.add(20);
        c.dropped.add("window_full", 10);
        c.reportsSent.add(10);
        c.reportsConfirmed.add(9);
        c.reportsFailed.increment("timeout");
        c.unmatchedReplies.add(3);
        c.protocolErrors.add(1);
        c.pings.add(7);
        c.bytesSent.add(123_456);
        c.bytesReceived.add(65_432);
        LatencyRecorders r = new LatencyRecorders();
        for (int i = 1; i <= 1000; i++) {
            r.record(LatencyKind.STATUS, i * 10_000L);
        }
        r.record(LatencyKind.CONNECT, 3_000_000L);
        LatencyTotals totals = new LatencyTotals(r);
        totals.sampleInterval();
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("tokens", "profiles/demo-tokens.csv");
        return new SummaryBuilder(c, totals, config(), extra, 12).build(RunOutcome.COMPLETED, 25, 30.0, "epoll", 36.5);
    }

    @Test
    void theBuilderSumsUpCountersRatesAndLatencies() {
        RunSummary s = summary();
        assertEquals(RunOutcome.COMPLETED, s.outcome());
        assertEquals(new RunSummary.Devices(12, 10, 2, Map.of("connack_not_authorized", 2L),
            Map.of("closed_by_server", 1L), 0), s.devices());
        RunSummary.Messages m = s.messages();
        assertEquals(new RunSummary.Messages(15_000, 14_990, 14_900, 45,
            Map.of("connection_lost", 5L, "error_reply", 40L), 20, 10, Map.of("window_full", 10L), 25,
            Map.of("400", 40L)), m);
        assertTrue(m.balanced());
        assertEquals(new RunSummary.Rates(500, 500, 14_990 / 30.0, 14_900 / 30.0, 30.0), s.rates());
        assertEquals(new RunSummary.Reports(10, 9, Map.of("timeout", 1L)), s.reports());
        assertEquals(List.of("connect", "tcp_connect", "tls_handshake", "puback", "status", "service", "send_lag", "reconnect"),
            List.copyOf(s.latencies().keySet()));
        LatencyStats status = s.latencies().get("status");
        assertEquals(1000, status.count());
        assertEquals(10.0, status.max(), 0.01);
        assertEquals(5.0, status.p50(), 0.01);
        assertEquals(0, s.latencies().get("puback").count());
        assertEquals(new RunSummary.Other(3, 1, 7, 123_456, 65_432, "epoll", 36.5), s.other());
        assertEquals("profiles/demo-tokens.csv", s.config().get("tokens"));
        assertEquals(List.of("127.0.0.1:1883", "10.0.0.2:8883"), s.config().get("servers"));
        assertEquals("status", s.config().get("confirm"));
        assertEquals("drop", s.config().get("backlog"));
        assertEquals(30.0, s.config().get("durationSeconds"));
        assertEquals(10.0, s.config().get("responseTimeoutSeconds"));
    }

    @Test
    void noPublishWindowMeansNoRates() {
        RunSummary s = new SummaryBuilder(new RunCounters(), new LatencyTotals(new LatencyRecorders()), config(),
            Map.of(), 3).build(RunOutcome.NO_DEVICE_CONNECTED, 0, 0, "nio", 1);
        assertEquals(new RunSummary.Rates(500, 0, 0, 0, 0), s.rates());
        assertTrue(s.messages().balanced());
    }

    @Test
    void jsonRoundTrip(@TempDir Path dir) throws Exception {
        RunSummary s = summary();
        Path file = dir.resolve("out/nested/summary.json");
        SummaryJson.write(s, file);
        assertTrue(Files.readString(file).contains("\"p999\""));
        RunSummary back = SummaryJson.read(file);
        assertEquals(s, back);
        assertEquals(SummaryJson.toJson(s), SummaryJson.toJson(back));
    }

    @Test
    void aTlsRunCountsItsHandshakesFullAndResumedAndAPlainOneHasNone(@TempDir Path dir) throws Exception {
        RunCounters c = new RunCounters();
        c.tlsHandshakes.add(dev.kpcload.metrics.TlsSession.FULL, 3);
        c.tlsHandshakes.add(dev.kpcload.metrics.TlsSession.RESUMED, 9);
        RunSummary tls = new SummaryBuilder(c, new LatencyTotals(new LatencyRecorders()), config(), Map.of(), 3)
            .tls(true).build(RunOutcome.COMPLETED, 0, 1, "nio", 1);
        assertEquals(new RunSummary.Tls(12, 9), tls.tls());
        assertEquals(3, tls.tls().full());
        Path file = dir.resolve("tls.json");
        SummaryJson.write(tls, file);
        assertTrue(Files.readString(file).replaceAll("\\s", "").contains("\"tls\":{\"handshakes\":12,\"resumed\":9}"),
            Files.readString(file));
        assertEquals(tls, SummaryJson.read(file));
        var printed = new java.io.ByteArrayOutputStream();
        SummaryPrinter.print(tls, new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(printed.toString(java.nio.charset.StandardCharsets.UTF_8)
            .contains("tls        12 handshakes: 3 full, 9 resumed"), printed::toString);

        RunSummary plain = new SummaryBuilder(c, new LatencyTotals(new LatencyRecorders()), config(), Map.of(), 3)
            .build(RunOutcome.COMPLETED, 0, 1, "nio", 1);
        assertEquals(null, plain.tls());
    }

    @Test
    void balancedMeansEveryScheduledMessageHasExactlyOneFate() {
        Map<String, Long> none = Map.of();
        assertTrue(new RunSummary.Messages(10, 9, 5, 1, none, 1, 2, none, 1, none).balanced());
        assertTrue(new RunSummary.Messages(0, 0, 0, 0, none, 0, 0, none, 0, none).balanced());
        assertFalse(new RunSummary.Messages(10, 9, 6, 1, none, 1, 2, none, 1, none).balanced(), "one too many");
        assertFalse(new RunSummary.Messages(10, 9, 5, 0, none, 1, 2, none, 1, none).balanced(), "failed missing");
        assertFalse(new RunSummary.Messages(10, 9, 5, 1, none, 0, 2, none, 1, none).balanced(), "timed out missing");
        assertFalse(new RunSummary.Messages(10, 9, 5, 1, none, 1, 1, none, 1, none).balanced(), "dropped missing");
        assertFalse(new RunSummary.Messages(10, 9, 5, 1, none, 1, 2, none, 0, none).balanced(), "in flight missing");
    }
}
