package dev.kpcload.sim;

import dev.kpcload.metrics.OpenTally;
import dev.kpcload.metrics.Tally;
import io.micrometer.core.instrument.Timer;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

    // the capacity
    final LongAdder capacityAdmitted = new LongAdder();
    final LongAdder capacityFull = new LongAdder();
    /** Arrival to end of service of each admitted request (wait plus 1/R). */
    final Histogram capacityLatency = new ConcurrentHistogram(3);
    // reply delays
    final Histogram injectedDelay = new ConcurrentHistogram(3);
    private volatile Timer injectedDelayTimer;
    private volatile Timer capacityLatencyTimer;
    // faults
    final LongAdder faultStalls = new LongAdder();
    final OpenTally faultErrorReplies = new OpenTally();
    final OpenTally faultRefusals = new OpenTally();
    final LongAdder faultDrops = new LongAdder();
    final LongAdder halfOpenStruck = new LongAdder();
    final LongAdder halfOpenClosed = new LongAdder();
    final LongAdder halfOpenIgnored = new LongAdder();
    final Histogram halfOpenPingToClose = new ConcurrentHistogram(3);
    final LongAdder slowReaderPauses = new LongAdder();
    final LongAdder slowReaderBytes = new LongAdder();
    final LongAdder restarts = new LongAdder();
    final LongAdder restartClosed = new LongAdder();
    // TLS
    final LongAdder tlsHandshakes = new LongAdder();
    final LongAdder tlsClientCertificates = new LongAdder();
    final Tally<SimTlsFailure> tlsFailures = new Tally<>(SimTlsFailure.class);
    final LongAdder tlsTokenMismatches = new LongAdder();

    void errorReply(int statusCode) {
        repliesErrorByStatus.increment(String.valueOf(statusCode));
    }

    void injectedDelay(long nanos) {
        injectedDelay.recordValue(nanos);
        Timer timer = injectedDelayTimer;
        if (timer != null) {
            timer.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    void capacityLatency(long nanos) {
        capacityLatency.recordValue(nanos);
        Timer timer = capacityLatencyTimer;
        if (timer != null) {
            timer.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** The exported histograms; from then on every value goes to both (values before are in the HdrHistograms). */
    void exportTo(Timer injected, Timer capacity) {
        injectedDelayTimer = injected;
        capacityLatencyTimer = capacity;
    }

    SimStats snapshot() {
        return new SimStats(connectionsOpen.sum(), connectsAccepted.sum(), connectsRefused.sum(),
                publishesQos0.sum(), publishesQos1.sum(), publishesRejected.sum(), repliesStatus.sum(),
                byCode(repliesErrorByStatus), noReplyRequests.sum(), pings.sum(), subscribes.sum(),
                keepaliveTimeouts.sum(), protocolErrors.sum(), dcxSamples.sum(), dcxEnergyDecreases.sum(),
                bytesIn.sum(), bytesOut.sum(), capacityAdmitted.sum(), capacityFull.sum(),
                DelayStats.of(capacityLatency.copy()), DelayStats.of(injectedDelay.copy()),
                new FaultStats(faultStalls.sum(), byCode(faultErrorReplies), byCode(faultRefusals), faultDrops.sum(),
                        halfOpenStruck.sum(), halfOpenClosed.sum(), halfOpenIgnored.sum(),
                        DelayStats.of(halfOpenPingToClose.copy()), slowReaderPauses.sum(), slowReaderBytes.sum(),
                        restarts.sum(), restartClosed.sum()),
                new TlsStats(tlsHandshakes.sum(), tlsClientCertificates.sum(), tlsFailures.snapshot(),
                        tlsTokenMismatches.sum()));
    }

    private static Map<Integer, Long> byCode(OpenTally tally) {
        Map<Integer, Long> counts = new HashMap<>();
        tally.snapshot().forEach((code, count) -> counts.put(Integer.valueOf(code), count));
        return counts;
    }
}
