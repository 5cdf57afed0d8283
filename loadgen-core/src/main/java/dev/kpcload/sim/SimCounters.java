package dev.kpcload.sim;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    private final ConcurrentHashMap<Integer, LongAdder> repliesErrorByStatus = new ConcurrentHashMap<>();

    void errorReply(int statusCode) {
        LongAdder adder = repliesErrorByStatus.get(statusCode);
        if (adder == null) {
            adder = repliesErrorByStatus.computeIfAbsent(statusCode, k -> new LongAdder());
        }
        adder.increment();
    }

    SimStats snapshot() {
        Map<Integer, Long> errors = new HashMap<>();
        repliesErrorByStatus.forEach((status, adder) -> errors.put(status, adder.sum()));
        return new SimStats(connectionsOpen.sum(), connectsAccepted.sum(), connectsRefused.sum(),
                publishesQos0.sum(), publishesQos1.sum(), publishesRejected.sum(), repliesStatus.sum(), errors,
                noReplyRequests.sum(), pings.sum(), subscribes.sum(), keepaliveTimeouts.sum(),
                protocolErrors.sum(), dcxSamples.sum(), bytesIn.sum(), bytesOut.sum());
    }
}
