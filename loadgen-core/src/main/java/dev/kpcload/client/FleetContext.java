package dev.kpcload.client;

import dev.kpcload.metrics.LatencyRecorders;
import dev.kpcload.metrics.RunCounters;
import dev.kpcload.plan.NanoClock;

/** What every lane of a run shares: settings, where results go, the clock, and who hears of resolved connects. */
public record FleetContext(SessionSettings settings, RunCounters counters, LatencyRecorders latencies,
                           NanoClock clock, Runnable onDeviceResolved) {
}
