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
 */
public record RunSummary(RunOutcome outcome, Map<String, Object> config, Devices devices, Messages messages,
                         Rates rates, Reports reports, Map<String, LatencyStats> latencies, Other other,
                         Map<String, Part> byKind, Part warmup, List<Storm> storms, SloVerdict slo) {

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

    /** This summary with its SLO verdict; a run an SLO aborted is {@link RunOutcome#ABORTED}. */
    public RunSummary withSlo(SloVerdict verdict) {
        RunOutcome judged = verdict != null && verdict.aborted() && outcome == RunOutcome.STOPPED
            ? RunOutcome.ABORTED : outcome;
        return new RunSummary(judged, config, devices, messages, rates, reports, latencies, other, byKind, warmup,
            storms, verdict);
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
