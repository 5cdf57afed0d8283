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
 */
public record SimStats(long connectionsOpen, long connectsAccepted, long connectsRefused, long publishesQos0,
                       long publishesQos1, long publishesRejected, long repliesStatus,
                       Map<Integer, Long> repliesErrorByStatus, long noReplyRequests, long pings, long subscribes,
                       long keepaliveTimeouts, long protocolErrors, long dcxSamples, long dcxEnergyDecreases,
                       long bytesIn, long bytesOut) {

    public SimStats {
        repliesErrorByStatus = Map.copyOf(repliesErrorByStatus);
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
                + " keepalive, " + protocolErrors + " protocol | bytes in " + bytesIn + ", out " + bytesOut;
    }
}
