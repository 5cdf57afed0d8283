package dev.kpcload.sim;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the simulator's TLS did, counted on its side.
 *
 * @param handshakes         TLS handshakes completed
 * @param clientCertificates of those, with a client certificate (whose endpoint the connection is then bound to)
 * @param failuresByReason   handshakes that failed, by {@link SimTlsFailure#tag() reason} (non-zero ones only)
 * @param tokenMismatches    1/KP requests answered 401 because their topic's token is not the endpoint of the
 *                           connection's client certificate (also in {@link SimStats#repliesErrorByStatus()})
 */
public record TlsStats(long handshakes, long clientCertificates, Map<String, Long> failuresByReason,
                       long tokenMismatches) {

    public static final TlsStats NONE = new TlsStats(0, 0, Map.of(), 0);

    public TlsStats {
        failuresByReason = Map.copyOf(failuresByReason);
    }

    public long failures() {
        return failuresByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Failures of one reason (0 when none). */
    public long failures(SimTlsFailure reason) {
        return failuresByReason.getOrDefault(reason.tag(), 0L);
    }

    public boolean any() {
        return handshakes + failures() + tokenMismatches > 0;
    }

    /** {@code 12 handshakes (10 with a client certificate), 3 failed (revoked: 1, untrusted: 2), 1 token mismatch}. */
    public String format() {
        StringBuilder text = new StringBuilder().append(handshakes).append(" handshake")
            .append(handshakes == 1 ? "" : "s");
        if (clientCertificates > 0) {
            text.append(" (").append(clientCertificates).append(" with a client certificate)");
        }
        text.append(", ").append(failures()).append(" failed");
        if (!failuresByReason.isEmpty()) {
            text.append(failuresByReason.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", ", " (", ")")));
        }
        if (tokenMismatches > 0) {
            text.append(", ").append(tokenMismatches).append(" token mismatch")
                .append(tokenMismatches == 1 ? "" : "es");
        }
        return text.toString();
    }
}
