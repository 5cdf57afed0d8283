package dev.kpcload.e2e;

import dev.kpcload.client.BacklogPolicy;
import dev.kpcload.client.ConfirmMode;
import dev.kpcload.client.ReconnectBackoff;
import dev.kpcload.client.SessionSettings;
import dev.kpcload.fleet.Device;
import dev.kpcload.plan.RateProfile;
import dev.kpcload.result.RunSummary;
import dev.kpcload.run.LoadSpec;
import dev.kpcload.run.RunConfig;
import dev.kpcload.sim.FaultPlan;
import dev.kpcload.sim.KpcSimulator;
import dev.kpcload.testing.Runs;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the SimFault end-to-end tests share: fleets, settings, runs, faults struck when the load reached a point. */
final class SimFaultRuns {

    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private SimFaultRuns() {
    }

    static List<Device> fleet(int size, long seed) {
        return SimulatorEndToEndTest.fleet(size, seed);
    }

    /** QoS 1 with request IDs, the 1/KP reply confirms; a 10 s response timeout unless told. */
    static SessionSettings session(int inflight, int keepaliveSeconds, ReconnectBackoff reconnect) {
        return new SessionSettings("demo_application_v1", "epmx", ConfirmMode.STATUS, 1, inflight,
            BacklogPolicy.QUEUE, 100_000, TimeUnit.SECONDS.toNanos(10), keepaliveSeconds, TimeUnit.SECONDS.toNanos(10),
            reconnect);
    }

    static ReconnectBackoff reconnecting() {
        return new ReconnectBackoff(200 * MS, 400 * MS);
    }

    /** A constant rate for {@code duration}, uniform or Poisson arrivals, devices connecting at 1000/s. */
    static LoadSpec constant(double perSecond, Duration duration, boolean poisson) {
        return new LoadSpec(new LoadSpec.PublishSpec(RateProfile.constant(perSecond, duration.toNanos()), 0, poisson,
            LoadSpec.PublishSpec.TUTORIAL_MIX), LoadSpec.ConnectSpec.constant(1000), List.of());
    }

    static RunConfig config(KpcSimulator sim, LoadSpec load, SessionSettings session) {
        return new RunConfig(List.of(new InetSocketAddress("127.0.0.1", sim.address().getPort())), load, session,
            Duration.ofSeconds(5), Duration.ofSeconds(1), 2, List.of(), 7);
    }

    static Runs.Result run(List<Device> devices, RunConfig config) throws InterruptedException {
        return Runs.execute(devices, config);
    }

    /**
     * Injects {@code plan} once the simulator has received {@code publishes} PUBLISHes (reports included): the
     * fault strikes at a point of the load, not at a guessed time. {@link Strike#struckAtNanos()} says when.
     */
    static Strike strikeWhen(KpcSimulator sim, long publishes, FaultPlan plan) {
        Strike strike = new Strike();
        Thread t = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (sim.publishesReceived() < publishes && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (sim.publishesReceived() >= publishes) {
                strike.at.set(System.nanoTime());
                sim.inject(plan);
            }
        }, "strike");
        t.setDaemon(true);
        t.start();
        strike.thread = t;
        return strike;
    }

    static final class Strike {
        private final AtomicLong at = new AtomicLong();
        private Thread thread;

        /** Waits for the watcher and checks that the fault struck. */
        void assertStruck() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(5));
            assertTrue(at.get() != 0, "the load never reached the point the fault was to strike at");
        }
    }

    /** The books balance, and say so with the numbers when they do not. */
    static void assertBalanced(RunSummary summary) {
        var m = summary.messages();
        assertTrue(m.balanced(), "scheduled " + m.scheduled() + " != confirmed " + m.confirmed() + " + failed "
            + m.failed() + " + timed out " + m.timedOut() + " + dropped " + m.dropped() + " + in flight "
            + m.inFlight() + ": " + m);
        if (!summary.byKind().isEmpty()) {
            assertEquals(m.scheduled(), summary.byKind().values().stream()
                .mapToLong(p -> p.messages().scheduled()).sum(), "kinds add up");
        }
    }

    /** Error replies the generator counted with {@code status}: plan messages and CONNACK reports together. */
    static long errorReplies(RunSummary summary, int status) {
        String code = String.valueOf(status);
        return summary.messages().errorRepliesByStatus().getOrDefault(code, 0L)
            + summary.reports().failedByKind().getOrDefault("status_" + code, 0L);
    }

    static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Waits (up to 10 s) until the simulator's bytes read reach {@code bytes}; returns what it read. */
    static long awaitBytesIn(KpcSimulator sim, long bytes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sim.stats().bytesIn() < bytes && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return sim.stats().bytesIn();
    }
}
