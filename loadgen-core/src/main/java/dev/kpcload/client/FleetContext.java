package dev.kpcload.client;

import dev.kpcload.metrics.LatencyRecorders;
import dev.kpcload.metrics.RunCounters;
import dev.kpcload.plan.NanoClock;

import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * What every lane of a run shares: settings, where results go, the clock, who hears of resolved connects, and
 * where each lane gets its own random source (for reconnect jitter).
 *
 * @param laneRandoms called once per lane, on the thread that creates the lanes, in their order; each lane then
 *                    draws from its source on its own event loop only
 * @param workload    what the devices send
 * @param tls         plain TCP or TLS, and with which contexts
 */
public record FleetContext(SessionSettings settings, RunCounters counters, LatencyRecorders latencies,
                           NanoClock clock, Runnable onDeviceResolved, Supplier<RandomGenerator> laneRandoms,
                           Workload workload, ConnectionTls tls) {

    /** Lanes over plain TCP. */
    public FleetContext(SessionSettings settings, RunCounters counters, LatencyRecorders latencies, NanoClock clock,
                        Runnable onDeviceResolved, Supplier<RandomGenerator> laneRandoms, Workload workload) {
        this(settings, counters, latencies, clock, onDeviceResolved, laneRandoms, workload, ConnectionTls.PLAIN);
    }

    /** Lanes of the tutorial's one message kind. */
    public FleetContext(SessionSettings settings, RunCounters counters, LatencyRecorders latencies, NanoClock clock,
                        Runnable onDeviceResolved, Supplier<RandomGenerator> laneRandoms) {
        this(settings, counters, latencies, clock, onDeviceResolved, laneRandoms, Workload.TUTORIAL);
    }

    /** Lanes with unseeded random sources: jitter differs from run to run. */
    public FleetContext(SessionSettings settings, RunCounters counters, LatencyRecorders latencies, NanoClock clock,
                        Runnable onDeviceResolved) {
        this(settings, counters, latencies, clock, onDeviceResolved, SplittableRandom::new);
    }

    /**
     * Lane random sources split off one generator seeded by the run: the same seed and the same lanes give the
     * same sources. Not thread-safe: call it from the thread that creates the lanes.
     */
    public static Supplier<RandomGenerator> seededLaneRandoms(long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        return root::split;
    }
}
