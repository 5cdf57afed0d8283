package dev.kpcload.result;

import dev.kpcload.metrics.LatencyStats;
import dev.kpcload.slo.SloVerdict;

import java.util.List;
import java.util.Map;

/**
 * The result of a run, as printed at the end and written by {@code --json-out}. Latencies in milliseconds,
 * rates per second. Every planned message is accounted for:
 * {@code scheduled = confirmed + failed + timedOut + dropped + inFlight}.
 *
 * @param slo the verdict of the run's SLOs; null when it has none
 * @param tls the run's TLS handshakes, full and resumed; null for a run over plain TCP
 */
public record RunSummary(RunOutcome outcome, Map<String, Object> config, Devices devices, Messages messages,
                         Rates rates, Reports reports, Map<String, LatencyStats> latencies, Other other,
                         Map<String, Part> byKind, Part warmup, List<Storm> storms, SloVerdict slo, Tls tls) {

    /** A summary of a run over plain TCP. */
    public RunSummary(RunOutcome outcome, Map<String, Object> config, Devices devices, Messages messages,
                      Rates rates, Reports reports, Map<String, LatencyStats> latencies, Other other,
                      Map<String, Part> byKind, Part warmup, List<Storm> storms, SloVerdict slo) {
        this(outcome, config, devices, messages, rates, reports, latencies, other, byKind, warmup, storms, slo, null);
    }

    /** A summary without an SLO verdict (a run without SLOs, or before they are judged). */
    public RunSummary(RunOutcome outcome, Map<String, Object> config, Devices devices, Messages messages,
                      Rates rates, Reports reports, Map<String, LatencyStats> latencies, Other other,
                      Map<String, Part> byKind, Part warmup, List<Storm> storms) {
        this(outcome, config, devices, messages, rates, reports, latencies, other, byKind, warmup, storms, null);
    }

    /** A summary without kinds, warm-up or storms (one kind, as before the mix). */
    public RunSummary(RunOutcome outcome, Map<String, Object> config, Devices devices, Messages messages,
                      Rates rates, Reports reports, Map<String, LatencyStats> latencies, Other other) {
        this(outcome, config, devices, messages, rates, reports, latencies, other, Map.of(), null, List.of(), null);
    }

    /**
     * This summary with its SLO verdict; a run an SLO aborted is {@link RunOutcome#ABORTED}. A run that completed
     * its plan although an SLO asked it to stop (the plan ended first) was not aborted: the verdict says so.
     */
    public RunSummary withSlo(SloVerdict verdict) {
        RunOutcome judged = outcome;
        SloVerdict checked = verdict;
        if (verdict != null && verdict.aborted()) {
            if (outcome == RunOutcome.STOPPED) {
                judged = RunOutcome.ABORTED;
            } else if (outcome == RunOutcome.COMPLETED) {
                checked = verdict.withoutAbort();
            }
        }
        return new RunSummary(judged, config, devices, messages, rates, reports, latencies, other, byKind, warmup,
            storms, checked, tls);
    }

    public RunSummary {
        byKind = byKind == null ? Map.of() : byKind;
        storms = storms == null ? List.of() : storms;
    }

    /**
     * The messages and latencies of a part of the run: one message kind (measured), or the warm-up stages (every
     * kind). Its books balance on their own.
     */
    public record Part(Messages messages, Map<String, LatencyStats> latencies) {
    }

    /**
     * A reconnect storm.
     *
     * @param atSeconds        when it struck, seconds after the first intended message
     * @param dropped          connections the generator closed
     * @param reconnected      of those, devices connected again before the books closed
     * @param fleetBackSeconds from the drop to the last dropped device's CONNACK; null when some never came back
     */
    public record Storm(double atSeconds, long dropped, long reconnected, Double fleetBackSeconds) {
    }

    /**
     * The TLS handshakes of the run's connect attempts that completed (reconnects too; failed ones are connect
     * failures): {@code handshakes} in all, {@code resumed} of them resumed an earlier session, the rest were full.
     */
    public record Tls(long handshakes, long resumed) {

        /** The handshakes that made a new session. */
        public long full() {
            return handshakes - resumed;
        }

        public Tls plus(Tls other) {
            return other == null ? this : new Tls(handshakes + other.handshakes, resumed + other.resumed);
        }
    }

    /**
     * @param failuresByKind    connect attempts that failed, by kind
     * @param disconnectsByKind connections lost after CONNACK, by kind
     * @param reconnects        reconnect attempts after lost connections (their failures are in failuresByKind)
     */
    public record Devices(long targeted, long connected, long failed, Map<String, Long> failuresByKind,
                          Map<String, Long> disconnectsByKind, long reconnects) {
    }

    /**
     * @param sent     written to a socket (the rest of the scheduled were dropped before sending)
     * @param inFlight sent, and neither confirmed, failed nor timed out when the run ended
     * @param errorRepliesByStatus the {@code error_reply} failures by the reply's {@code statusCode}
     */
    public record Messages(long scheduled, long sent, long confirmed, long failed, Map<String, Long> failedByKind,
                           long timedOut, long dropped, Map<String, Long> droppedByKind, long inFlight,
                           Map<String, Long> errorRepliesByStatus) {

        public boolean balanced() {
            return scheduled == confirmed + failed + timedOut + dropped + inFlight;
        }
    }

    /**
     * @param publishSeconds the plan's window: from the first intended send to the plan's end or the stop, less the
     *                       warm-up stages (the headline's window; target is the mean rate planned in it)
     */
    public record Rates(double target, double scheduled, double sent, double confirmed, double publishSeconds) {
    }

    /** The metadata report each meter sends on CONNACK, outside the plan. */
    public record Reports(long sent, long confirmed, Map<String, Long> failedByKind) {
    }

    public record Other(long unmatchedReplies, long protocolErrors, long pings, long bytesSent, long bytesReceived,
                        String transport, double elapsedSeconds) {
    }
}
