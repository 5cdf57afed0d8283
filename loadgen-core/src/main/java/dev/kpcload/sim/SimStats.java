package dev.kpcload.sim;

import java.util.Map;

/**
 * A snapshot of a simulator's counters. Counters are read one after another while traffic flows, so two of
 * them may be a few events apart; each one is exact at the moment it was read.
 *
 * @param connectionsOpen      TCP connections open now
 * @param connectsAccepted     CONNECTs answered with an accepting CONNACK
 * @param connectsRefused      CONNECTs answered with a refusing CONNACK (unsupported protocol version, bad
 *                             client ID)
 * @param publishesQos0        QoS 0 PUBLISHes received (valid 1/KP topic or not)
 * @param publishesQos1        QoS 1 PUBLISHes received (valid 1/KP topic or not)
 * @param publishesRejected    PUBLISHes not served: QoS 2 (unsupported, closes the connection), a topic
 *                             that is not a 1/KP request topic, or one too long to reply on (its reply topic
 *                             would exceed MQTT's 65,535 bytes)
 * @param repliesStatus        {@code /status} replies published
 * @param repliesErrorByStatus {@code /error} replies published, by status code
 * @param noReplyRequests      1/KP requests without a request ID (served, nothing published back)
 * @param pings                PINGREQs answered
 * @param subscribes           SUBSCRIBEs answered
 * @param keepaliveTimeouts    connections closed because nothing arrived within 1.5 times their keepalive
 * @param protocolErrors       connections closed for a protocol violation or an undecodable packet
 * @param dcxSamples           data samples received by DCX (in requests that were accepted)
 * @param dcxEnergyDecreases   DCX samples whose {@code "kWh"} counter was below the endpoint's previous one
 *                             (see {@link DcxSeries}); a correct meter never causes one
 * @param bytesIn              bytes read from clients
 * @param bytesOut             bytes written to clients
 * @param capacityAdmitted     1/KP requests the service capacity took into its queue (0 without a capacity)
 * @param capacityFull         1/KP requests that found the capacity's queue full (503 or unanswered)
 * @param capacityLatency      of the admitted: arrival to the end of service (the wait plus 1/R)
 * @param injectedDelay        the reply delays the simulator drew and applied ({@code --response-delay})
 * @param faults               what the faults did
 * @param tls                  what TLS did ({@link TlsStats#NONE} on a plain listener)
 */
public record SimStats(long connectionsOpen, long connectsAccepted, long connectsRefused, long publishesQos0,
                       long publishesQos1, long publishesRejected, long repliesStatus,
                       Map<Integer, Long> repliesErrorByStatus, long noReplyRequests, long pings, long subscribes,
                       long keepaliveTimeouts, long protocolErrors, long dcxSamples, long dcxEnergyDecreases,
                       long bytesIn, long bytesOut, long capacityAdmitted, long capacityFull,
                       DelayStats capacityLatency, DelayStats injectedDelay, FaultStats faults, TlsStats tls) {

    public SimStats {
        repliesErrorByStatus = Map.copyOf(repliesErrorByStatus);
    }

    /** Counters of a simulator without TLS. */
    public SimStats(long connectionsOpen, long connectsAccepted, long connectsRefused, long publishesQos0,
                    long publishesQos1, long publishesRejected, long repliesStatus,
                    Map<Integer, Long> repliesErrorByStatus, long noReplyRequests, long pings, long subscribes,
                    long keepaliveTimeouts, long protocolErrors, long dcxSamples, long dcxEnergyDecreases,
                    long bytesIn, long bytesOut, long capacityAdmitted, long capacityFull,
                    DelayStats capacityLatency, DelayStats injectedDelay, FaultStats faults) {
        this(connectionsOpen, connectsAccepted, connectsRefused, publishesQos0, publishesQos1, publishesRejected,
                repliesStatus, repliesErrorByStatus, noReplyRequests, pings, subscribes, keepaliveTimeouts,
                protocolErrors, dcxSamples, dcxEnergyDecreases, bytesIn, bytesOut, capacityAdmitted, capacityFull,
                capacityLatency, injectedDelay, faults, TlsStats.NONE);
    }

    /** Counters of a simulator without capacity, delays or faults. */
    public SimStats(long connectionsOpen, long connectsAccepted, long connectsRefused, long publishesQos0,
                    long publishesQos1, long publishesRejected, long repliesStatus,
                    Map<Integer, Long> repliesErrorByStatus, long noReplyRequests, long pings, long subscribes,
                    long keepaliveTimeouts, long protocolErrors, long dcxSamples, long dcxEnergyDecreases,
                    long bytesIn, long bytesOut) {
        this(connectionsOpen, connectsAccepted, connectsRefused, publishesQos0, publishesQos1, publishesRejected,
                repliesStatus, repliesErrorByStatus, noReplyRequests, pings, subscribes, keepaliveTimeouts,
                protocolErrors, dcxSamples, dcxEnergyDecreases, bytesIn, bytesOut, 0, 0, DelayStats.EMPTY,
                DelayStats.EMPTY, FaultStats.NONE);
    }

    /** All {@code /error} replies, whatever their status code. */
    public long repliesError() {
        return repliesErrorByStatus.values().stream().mapToLong(Long::longValue).sum();
    }

    public long publishes() {
        return publishesQos0 + publishesQos1;
    }

    /** One line for periodic printing. */
    public String formatLine() {
        StringBuilder errors = new StringBuilder();
        repliesErrorByStatus.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> errors.append(errors.length() == 0 ? " (" : ", ")
                        .append(e.getKey()).append(": ").append(e.getValue()));
        if (errors.length() > 0) {
            errors.append(')');
        }
        return "sim: conns " + connectionsOpen + " open, " + connectsAccepted + " accepted, " + connectsRefused
                + " refused | publishes " + publishes() + " (qos0 " + publishesQos0 + ", qos1 " + publishesQos1
                + "), " + publishesRejected + " rejected | replies " + repliesStatus + " ok, " + repliesError()
                + " error" + errors + ", " + noReplyRequests + " without request ID | dcx samples " + dcxSamples
                + (dcxEnergyDecreases > 0 ? " (" + dcxEnergyDecreases + " energy decreases)" : "")
                + " | pings " + pings + ", subscribes " + subscribes + " | closed: " + keepaliveTimeouts
                + " keepalive, " + protocolErrors + " protocol | bytes in " + bytesIn + ", out " + bytesOut
                + (capacityAdmitted + capacityFull > 0 ? " | capacity: " + capacityAdmitted + " served, "
                        + capacityFull + " queue full, latency " + capacityLatency.format() : "")
                + (injectedDelay.count() > 0 ? " | injected delay " + injectedDelay.format() : "")
                + (faults.any() ? " | faults: " + faults.format() : "")
                + (tls.any() ? " | tls: " + tls.format() : "");
    }
}
