package dev.kpcload.e2e;

import dev.kpcload.result.RunOutcome;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kpcload.client.ConfirmMode;
import dev.kpcload.client.SessionSettings;
import dev.kpcload.fleet.Device;
import dev.kpcload.fleet.FleetBuilder;
import dev.kpcload.fleet.FleetOptions;
import dev.kpcload.fleet.TokenEntry;
import dev.kpcload.fleet.TokenGenerator;
import dev.kpcload.kp.EpmxPayloads;
import dev.kpcload.run.LoadRun;
import dev.kpcload.run.RunConfig;
import dev.kpcload.run.RunControl;
import dev.kpcload.result.RunSummary;
import dev.kpcload.sim.KpcSimulator;
import dev.kpcload.sim.SimConfig;
import dev.kpcload.testing.Mosquitto;
import dev.kpcload.testing.RunConfigs;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The load generator against the embedded KPC simulator over real loopback sockets. */
class SimulatorEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static List<Device> fleet(int size, long seed) {
        List<String> tokens = TokenGenerator.generate(size, seed);
        List<TokenEntry> entries = IntStream.range(0, size)
            .mapToObj(i -> new TokenEntry(i + 2, tokens.get(i), null, null, null, null, null)).toList();
        return FleetBuilder.build(entries, FleetOptions.defaults("test", seed));
    }

    private static RunSummary run(List<Device> devices, RunConfig config, RunControl control) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        return new LoadRun(devices, config, control, new PrintStream(log, true, StandardCharsets.UTF_8)).execute();
    }

    @Test
    void twoThousandMetersAtTwoThousandPerSecondAreAllConfirmedAndStored() throws Exception {
        List<Device> devices = fleet(2000, 7);
        Set<String> tokens = devices.stream().map(Device::token).collect(Collectors.toSet());
        try (KpcSimulator sim = KpcSimulator.start(SimConfig.loopback(0).withKnownTokens(tokens))) {
            RunSummary summary = run(devices, RunConfigs.run(sim.address().getPort(), 2000, Duration.ofSeconds(5),
                4000, RunConfigs.session(ConfirmMode.STATUS, 1)), new RunControl());

            var m = summary.messages();
            assertEquals(RunOutcome.COMPLETED, summary.outcome());
            assertEquals(2000, summary.devices().connected());
            assertEquals(10_000, m.scheduled());
            assertEquals(m.scheduled(), m.sent());
            assertEquals(m.scheduled(), m.confirmed(), m.toString());
            assertTrue(m.balanced());
            assertEquals(2000, summary.reports().confirmed());
            double achieved = summary.rates().sent();
            assertTrue(Math.abs(achieved - 2000) / 2000 <= 0.02, "achieved " + achieved + "/s");
            assertEquals(m.confirmed(), summary.latencies().get("status").count());
            assertEquals(m.confirmed(), summary.latencies().get("service").count());
            assertEquals(m.sent(), summary.latencies().get("send_lag").count());
            assertEquals(2000, summary.latencies().get("connect").count());

            // what each meter sent is what the simulator stored, and every MAC is unique
            Set<String> macs = new HashSet<>();
            for (Device d : devices) {
                String stored = sim.metadata().get(d.token()).orElseThrow().toString();
                assertEquals(new String(EpmxPayloads.modelAndMac(d.model(), d.mac()), StandardCharsets.UTF_8),
                    stored);
                assertTrue(macs.add(JSON.readTree(stored).get("mac").asText()));
            }
            assertEquals(12_000, sim.stats().repliesStatus());
        }
    }

    @Test
    void fireAndForgetLikeTheTutorialCountsWrittenMessagesAndStoresMetadata() throws Exception {
        List<Device> devices = fleet(50, 12);
        try (KpcSimulator sim = KpcSimulator.start(SimConfig.loopback(0))) {
            RunSummary summary = run(devices, RunConfigs.run(sim.address().getPort(), 250, Duration.ofSeconds(2),
                1000, RunConfigs.session(ConfirmMode.NONE, 0)), new RunControl());
            var m = summary.messages();
            assertEquals(500, m.scheduled());
            assertEquals(500, m.confirmed(), "with --confirm none a message counts once written");
            assertTrue(m.balanced());
            assertEquals(0, summary.latencies().get("status").count());
            assertEquals(0, summary.latencies().get("puback").count());
            assertEquals(500, summary.latencies().get("send_lag").count());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (sim.stats().publishesQos0() < 550 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(550, sim.stats().publishesQos0());
            assertEquals(550, sim.stats().noReplyRequests());
            for (Device d : devices) {
                assertEquals(d.mac(), sim.metadata().get(d.token()).orElseThrow().get("mac").asText());
            }
        }
    }

    @Test
    void stopMidRunKeepsEveryMeasurementAndBalances() throws Exception {
        List<Device> devices = fleet(100, 8);
        try (KpcSimulator sim = KpcSimulator.start(SimConfig.loopback(0))) {
            RunControl control = new RunControl();
            Thread stopper = new Thread(() -> {
                try {
                    Thread.sleep(1500);
                } catch (InterruptedException ignored) {
                    return;
                }
                control.requestStop();
            });
            stopper.start();
            RunSummary summary = run(devices, RunConfigs.run(sim.address().getPort(), 500, null, 1000,
                RunConfigs.session(ConfirmMode.STATUS, 1)), control);
            stopper.join();
            assertEquals(RunOutcome.STOPPED, summary.outcome());
            assertTrue(summary.messages().confirmed() > 100, summary.messages().toString());
            assertTrue(summary.messages().balanced(), summary.messages().toString());
            assertEquals(summary.messages().confirmed(), summary.latencies().get("status").count());
        }
    }

    @Test
    void lostDevicesReconnectWithBackoffAndTheirMessagesWaitWithIntendedTimesKept() throws Exception {
        List<Device> devices = fleet(50, 13);
        KpcSimulator first = KpcSimulator.start(SimConfig.loopback(0));
        int port = first.address().getPort();
        SessionSettings base = RunConfigs.session(ConfirmMode.STATUS, 1);
        SessionSettings session = new SessionSettings(base.appVersion(), base.epmxInstance(), base.confirm(),
            base.qos(), base.inflight(), base.backlogPolicy(), base.maxBacklog(), base.responseTimeoutNanos(),
            base.keepaliveSeconds(), base.connectTimeoutNanos(), new dev.kpcload.client.ReconnectBackoff(
                TimeUnit.MILLISECONDS.toNanos(200), TimeUnit.MILLISECONDS.toNanos(400)));
        KpcSimulator[] second = new KpcSimulator[1];
        Thread outage = new Thread(() -> {
            try {
                Thread.sleep(1500);
                first.close(); // every connection drops, and connects are refused for a while
                Thread.sleep(700);
                second[0] = KpcSimulator.start(SimConfig.loopback(port));
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        outage.start();
        try {
            RunSummary summary = run(devices, RunConfigs.run(port, 200, Duration.ofSeconds(4), 1000, session),
                new RunControl());
            outage.join();
            var m = summary.messages();
            // closed, or reset when the server went away mid-write
            assertEquals(50, summary.devices().disconnectsByKind().values().stream().mapToLong(Long::longValue).sum(),
                summary.devices().toString());
            assertTrue(summary.devices().reconnects() >= 50, summary.devices().toString());
            assertTrue(summary.devices().failuresByKind().getOrDefault("refused", 0L) > 0,
                "reconnects refused while the server was down: " + summary.devices());
            assertEquals(800, m.scheduled());
            assertTrue(m.balanced(), m.toString());
            // messages due during the outage waited and were sent after the reconnect, with their latency
            // measured from the intended time: the outage shows in the maximum
            assertTrue(m.confirmed() >= 700, m.toString());
            assertTrue(summary.latencies().get("status").max() >= 500, summary.latencies().get("status").toString());
            // every meter reported on its first CONNACK and again after reconnecting, like a rebooted meter
            assertEquals(100, summary.reports().sent());
            assertEquals(100, summary.reports().confirmed());
        } finally {
            first.close();
            if (second[0] != null) {
                second[0].close();
            }
        }
    }

    @Test
    void devicesSpreadOverSourceAddressesAndServersRoundRobin() throws Exception {
        List<Device> devices = fleet(40, 14);
        try (KpcSimulator a = KpcSimulator.start(SimConfig.loopback(0));
             KpcSimulator b = KpcSimulator.start(SimConfig.loopback(0))) {
            RunConfig base = RunConfigs.run(a.address().getPort(), 200, Duration.ofSeconds(1), 1000,
                RunConfigs.session(ConfirmMode.STATUS, 1));
            RunConfig config = new RunConfig(List.of(a.address(), b.address()), base.ratePerSecond(),
                base.duration(), base.connectRatePerSecond(), base.session(), base.grace(), base.reportInterval(),
                base.ioThreads(), List.of(java.net.InetAddress.getByName("127.0.0.2"),
                java.net.InetAddress.getByName("127.0.0.3")));
            RunSummary summary = run(devices, config, new RunControl());
            assertEquals(200, summary.messages().confirmed());
            // device i: server i mod 2, source i mod 2; so server A sees only 127.0.0.2, B only 127.0.0.3
            assertEquals(Map.of("127.0.0.2", 20L), a.connectionsBySourceAddress());
            assertEquals(Map.of("127.0.0.3", 20L), b.connectionsBySourceAddress());
            for (Device d : devices) {
                KpcSimulator expected = d.index() % 2 == 0 ? a : b;
                assertTrue(expected.metadata().get(d.token()).isPresent(), d.token());
            }
        }
    }

    @Test
    void refusedConnectsAreCountedAndNoDeviceConnectedIsTheOutcome() throws Exception {
        RunSummary summary = run(fleet(20, 9), RunConfigs.run(Mosquitto.freePort(), 100, Duration.ofSeconds(1),
            1000, RunConfigs.session(ConfirmMode.STATUS, 1)), new RunControl());
        assertEquals(RunOutcome.NO_DEVICE_CONNECTED, summary.outcome());
        assertEquals(20, summary.devices().failuresByKind().get("refused"));
        assertEquals(0, summary.messages().scheduled());
    }

    @Test
    void errorRepliesAreCountedByStatusCodeNextToTheConfirmed() throws Exception {
        List<Device> devices = fleet(10, 10);
        // the simulator knows only the first 5 tokens: the other 5 meters get 401 on every request
        Set<String> known = devices.stream().limit(5).map(Device::token).collect(Collectors.toSet());
        try (KpcSimulator sim = KpcSimulator.start(SimConfig.loopback(0).withKnownTokens(known))) {
            RunSummary summary = run(devices, RunConfigs.run(sim.address().getPort(), 200, Duration.ofSeconds(1),
                1000, RunConfigs.session(ConfirmMode.STATUS, 0)), new RunControl());
            var m = summary.messages();
            assertEquals(200, m.scheduled());
            assertEquals(100, m.confirmed());
            assertEquals(100, m.failedByKind().get("error_reply"));
            assertEquals(Map.of("401", 100L), m.errorRepliesByStatus());
            assertTrue(m.balanced());
            assertEquals(5, summary.reports().failedByKind().get("status_401"));
            assertEquals(0, summary.latencies().get("puback").count(), "QoS 0: no PUBACK");
        }
    }

    @Test
    void unansweredMessagesTimeOutAndAreCounted() throws Exception {
        List<Device> devices = fleet(5, 11);
        try (KpcSimulator sim = KpcSimulator.start(SimConfig.loopback(0).withResponseDelay(Duration.ofSeconds(3)))) {
            SessionSettings base = RunConfigs.session(ConfirmMode.STATUS, 1);
            SessionSettings session = new SessionSettings(base.appVersion(), base.epmxInstance(), base.confirm(),
                base.qos(), base.inflight(), base.backlogPolicy(), base.maxBacklog(),
                TimeUnit.MILLISECONDS.toNanos(300), base.keepaliveSeconds(), base.connectTimeoutNanos());
            RunSummary summary = run(devices, RunConfigs.run(sim.address().getPort(), 50, Duration.ofSeconds(1),
                1000, session), new RunControl());
            var m = summary.messages();
            assertEquals(50, m.scheduled());
            assertEquals(50, m.timedOut(), m.toString());
            assertEquals(0, m.confirmed());
            assertTrue(m.balanced());
            assertEquals(50, summary.latencies().get("puback").count(), "PUBACKs came at once");
        }
    }
}
