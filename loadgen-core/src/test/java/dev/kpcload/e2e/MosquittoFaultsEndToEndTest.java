package dev.kpcload.e2e;

import dev.kpcload.client.BacklogPolicy;
import dev.kpcload.client.ConfirmMode;
import dev.kpcload.client.ReconnectBackoff;
import dev.kpcload.client.SessionSettings;
import dev.kpcload.fleet.Device;
import dev.kpcload.result.RunOutcome;
import dev.kpcload.result.RunSummary;
import dev.kpcload.run.LoadRun;
import dev.kpcload.run.RunConfig;
import dev.kpcload.run.RunControl;
import dev.kpcload.testing.Mosquitto;
import dev.kpcload.testing.RunConfigs;
import dev.kpcload.testing.TestFleets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generator while a real Mosquitto misbehaves: frozen with SIGSTOP, then killed and started again. */
class MosquittoFaultsEndToEndTest {

    @TempDir
    Path dir;

    private static SessionSettings session() {
        return new SessionSettings("demo_application_v1", "epmx", ConfirmMode.PUBACK, 1, 10, BacklogPolicy.QUEUE,
            1000, TimeUnit.SECONDS.toNanos(10), 60, TimeUnit.SECONDS.toNanos(10),
            new ReconnectBackoff(TimeUnit.MILLISECONDS.toNanos(200), TimeUnit.SECONDS.toNanos(1)));
    }

    private static CompletableFuture<RunSummary> start(LoadRun run) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return run.execute();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Waits for a count (an event of the run), never for a time since the run started. */
    private static void awaitAtLeast(LongSupplier count, long target, CompletableFuture<?> run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (count.getAsLong() < target) {
            assertTrue(System.nanoTime() < deadline, "the run never reached " + target);
            assertTrue(!run.isDone(), "the run ended first");
            Thread.sleep(20);
        }
    }

    @Test
    void aBrokerFrozenForTwoSecondsShowsInTheLatencyFromIntendedTimeAndLosesNothing() throws Exception {
        int meters = 100;
        List<Device> devices = TestFleets.meters(meters);
        try (Mosquitto broker = Mosquitto.start(dir)) {
            RunConfig config = RunConfigs.run(broker.port(), 200, Duration.ofSeconds(6), 2000, session());
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            LoadRun run = new LoadRun(devices, config, new RunControl(), new PrintStream(log, true,
                StandardCharsets.UTF_8));
            CompletableFuture<RunSummary> result = start(run);
            awaitAtLeast(run.counters().confirmed::sum, 200, result);
            broker.signal("STOP");
            try {
                Thread.sleep(2000); // the fault itself: two seconds of a broker that does nothing
            } finally {
                broker.signal("CONT");
            }
            RunSummary summary = result.get(90, TimeUnit.SECONDS);
            var m = summary.messages();
            assertEquals(RunOutcome.COMPLETED, summary.outcome(), log.toString());
            assertTrue(m.balanced(), m.toString());
            assertEquals(m.scheduled(), m.confirmed(), "the broker froze, it did not drop: every message PUBACKed, "
                + m);
            assertEquals(1200, m.scheduled());
            double pubackMaxMs = summary.latencies().get("puback").max();
            assertTrue(pubackMaxMs >= 1900, "the freeze shows in the latency from intended time: " + pubackMaxMs);
            assertTrue(summary.latencies().get("service").max() >= 1000, "and in what the server took");
            assertTrue(summary.devices().disconnectsByKind().isEmpty(), "no connection was lost: "
                + summary.devices().disconnectsByKind());
        }
    }

    @Test
    void aBrokerKilledAndStartedAgainMidRunLosesNothingFromTheBooks() throws Exception {
        int meters = 100;
        List<Device> devices = TestFleets.meters(meters);
        Mosquitto broker = Mosquitto.start(dir);
        int port = broker.port();
        Mosquitto again = null;
        try {
            RunConfig config = RunConfigs.run(port, 200, Duration.ofSeconds(8), 2000, session());
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            LoadRun run = new LoadRun(devices, config, new RunControl(), new PrintStream(log, true,
                StandardCharsets.UTF_8));
            CompletableFuture<RunSummary> result = start(run);
            awaitAtLeast(run.counters().confirmed::sum, 200, result);
            broker.kill();
            // every device notices the loss before the broker is back
            awaitAtLeast(run.counters().disconnects::total, meters, result);
            long confirmedBefore = run.counters().confirmed.sum();
            again = Mosquitto.start(java.nio.file.Files.createDirectories(dir.resolve("again")), port); // same port
            awaitAtLeast(() -> run.counters().confirmed.sum() - confirmedBefore, 100, result);
            RunSummary summary = result.get(90, TimeUnit.SECONDS);
            var m = summary.messages();
            assertEquals(RunOutcome.COMPLETED, summary.outcome(), log.toString());
            assertTrue(m.balanced(), "every message accounted for across the crash: " + m);
            assertEquals(1600, m.scheduled());
            assertEquals(meters, summary.devices().disconnectsByKind().values().stream().mapToLong(Long::longValue)
                .sum(), "each device lost its connection once: " + summary.devices().disconnectsByKind());
            assertTrue(summary.devices().reconnects() >= meters, "and reconnected");
            assertTrue(summary.latencies().get("reconnect").count() >= meters, "every way back measured");
            // what was in flight at the crash failed as connection_lost; nothing else went missing
            assertEquals(m.failed(), m.failedByKind().getOrDefault("connection_lost", 0L), m.toString());
            assertTrue(m.confirmed() > confirmedBefore, "publishing went on after the restart");
        } finally {
            broker.close();
            if (again != null) {
                again.close();
            }
        }
    }
}
