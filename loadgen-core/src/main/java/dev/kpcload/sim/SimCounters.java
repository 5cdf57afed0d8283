package dev.kpcload.sim;

import dev.kpcload.metrics.OpenTally;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The simulator's live counters, shared by all event loops; LongAdder keeps contention off the hot path. */
final class SimCounters {
    final LongAdder connectionsOpen = new LongAdder();
    final LongAdder connectsAccepted = new LongAdder();
    final LongAdder connectsRefused = new LongAdder();
    final LongAdder publishesQos0 = new LongAdder();
    final LongAdder publishesQos1 = new LongAdder();
    final LongAdder publishesRejected = new LongAdder();
    final LongAdder repliesStatus = new LongAdder();
    final LongAdder noReplyRequests = new LongAdder();
    final LongAdder pings = new LongAdder();
    final LongAdder subscribes = new LongAdder();
    final LongAdder keepaliveTimeouts = new LongAdder();
    final LongAdder protocolErrors = new LongAdder();
    final LongAdder dcxSamples = new LongAdder();
    final LongAdder dcxEnergyDecreases = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    /** Error replies by status code (as text, so that each code becomes one exported series). */
    final OpenTally repliesErrorByStatus = new OpenTally();
    /** Connections accepted by the client's address: shows how a load generator spread its sources. */
    final OpenTally connectionsBySource = new OpenTally();

    void errorReply(int statusCode) {
        repliesErrorByStatus.increment(String.valueOf(statusCode));
    }

    SimStats snapshot() {
        Map<Integer, Long> errors = new HashMap<>();
        repliesErrorByStatus.snapshot().forEach((status, count) -> errors.put(Integer.valueOf(status), count));
        return new SimStats(connectionsOpen.sum(), connectsAccepted.sum(), connectsRefused.sum(),
                publishesQos0.sum(), publishesQos1.sum(), publishesRejected.sum(), repliesStatus.sum(), errors,
                noReplyRequests.sum(), pings.sum(), subscribes.sum(), keepaliveTimeouts.sum(),
                protocolErrors.sum(), dcxSamples.sum(), dcxEnergyDecreases.sum(), bytesIn.sum(), bytesOut.sum());
    }
}
