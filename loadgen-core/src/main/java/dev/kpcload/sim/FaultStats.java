package dev.kpcload.sim;

import java.util.Map;

/**
 * What the simulator's faults did, counted on its side.
 *
 * @param stalls              stalls begun
 * @param errorRepliesByStatus {@code /error} replies injected by the error-replies fault, by status code (also in
 *                            {@link SimStats#repliesErrorByStatus()}, with every other error reply)
 * @param refusalsByCode      CONNECTs refused by the refuse-connects fault, by CONNACK return code (also in
 *                            {@link SimStats#connectsRefused()})
 * @param dropped             connections closed by the drop-connections fault
 * @param halfOpen            connections made half-open
 * @param halfOpenClosed      of those, closed since (by the client's keepalive, or any other end)
 * @param halfOpenIgnored     packets read and thrown away on half-open connections
 * @param pingToClose         on half-open connections the client closed: from its first unanswered PINGREQ to the
 *                            close
 * @param slowReaderPauses    times a connection's reading paused for the slow reader's budget
 * @param slowReaderBytes     bytes passed on through the slow reader's budget
 * @param restarts            restarts begun
 * @param restartClosed       connections closed by restarts
 */
public record FaultStats(long stalls, Map<Integer, Long> errorRepliesByStatus, Map<Integer, Long> refusalsByCode,
                         long dropped, long halfOpen, long halfOpenClosed, long halfOpenIgnored,
                         DelayStats pingToClose, long slowReaderPauses, long slowReaderBytes, long restarts,
                         long restartClosed) {

    public static final FaultStats NONE = new FaultStats(0, Map.of(), Map.of(), 0, 0, 0, 0, DelayStats.EMPTY, 0, 0,
            0, 0);

    public FaultStats {
        errorRepliesByStatus = Map.copyOf(errorRepliesByStatus);
        refusalsByCode = Map.copyOf(refusalsByCode);
    }

    public long errorReplies() {
        return errorRepliesByStatus.values().stream().mapToLong(Long::longValue).sum();
    }

    public long refusals() {
        return refusalsByCode.values().stream().mapToLong(Long::longValue).sum();
    }

    boolean any() {
        return !equals(NONE);
    }

    /** {@code stalls 1, error replies 40 (503: 40), ...}: only what happened. */
    String format() {
        StringBuilder s = new StringBuilder();
        part(s, stalls > 0, "stalls " + stalls);
        part(s, errorReplies() > 0, "error replies " + errorReplies() + " " + byKey(errorRepliesByStatus));
        part(s, refusals() > 0, "refused connects " + refusals() + " " + byKey(refusalsByCode));
        part(s, dropped > 0, "dropped " + dropped);
        part(s, halfOpen > 0, "half-open " + halfOpen + " (" + halfOpenClosed + " closed, " + halfOpenIgnored
                + " packets ignored" + (pingToClose.count() > 0 ? ", ping to close max "
                + SimText.millis(pingToClose.maxNanos()) : "") + ")");
        part(s, slowReaderPauses > 0, "slow reader " + slowReaderPauses + " pauses, " + slowReaderBytes + " bytes");
        part(s, restarts > 0, "restarts " + restarts + " (" + restartClosed + " connections closed)");
        return s.toString();
    }

    private static void part(StringBuilder s, boolean when, String text) {
        if (when) {
            s.append(s.length() == 0 ? "" : ", ").append(text);
        }
    }

    private static String byKey(Map<Integer, Long> counts) {
        StringBuilder s = new StringBuilder("(");
        counts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> s.append(s.length() == 1 ? "" : ", ").append(e.getKey()).append(": ").append(e.getValue()));
        return s.append(')').toString();
    }
}
