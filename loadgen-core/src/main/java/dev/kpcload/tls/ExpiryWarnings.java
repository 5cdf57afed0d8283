package dev.kpcload.tls;

import dev.kpcload.plan.DurationParser;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Collects the client certificates that expire while the run is planned to go on, and says so in one line however
 * many there are: a fleet made in one go expires in one go, and 19,000 lines would hide everything else.
 */
final class ExpiryWarnings {

    /** How far ahead a run with no planned end looks: a soak test runs for hours, rarely for days. */
    static final Duration OPEN_ENDED_HORIZON = Duration.ofHours(24);

    private final Instant now;
    private final Duration plannedRun;
    private final Instant horizon;
    private int count;
    private Instant earliest;
    private String earliestLabel;

    /** {@code plannedRun} null: a run without a planned end, which looks {@link #OPEN_ENDED_HORIZON} ahead. */
    ExpiryWarnings(Instant now, Duration plannedRun) {
        this.now = now;
        this.plannedRun = plannedRun;
        this.horizon = now.plus(plannedRun != null ? plannedRun : OPEN_ENDED_HORIZON);
    }

    /**
     * Notes a certificate chain that is valid now (it stops working when its first certificate expires);
     * {@code label} names it for the warning.
     */
    void note(List<X509Certificate> chain, String label) {
        Instant notAfter = chain.stream().map(c -> c.getNotAfter().toInstant()).min(Instant::compareTo).orElseThrow();
        if (notAfter.isAfter(horizon) || notAfter.isBefore(now)) {
            return;
        }
        count++;
        // the first by device order among equals, so the line is the same on every run
        if (earliest == null || notAfter.isBefore(earliest)) {
            earliest = notAfter;
            earliestLabel = label;
        }
    }

    Optional<String> warning() {
        if (count == 0) {
            return Optional.empty();
        }
        String run = plannedRun != null ? "the planned " + DurationParser.format(seconds(plannedRun)) + " run"
                : "the next " + DurationParser.format(OPEN_ENDED_HORIZON) + " (the run has no planned end)";
        String after = "handshakes with " + (count == 1 ? "it" : "them") + " fail after that";
        String in = DurationParser.format(seconds(Duration.between(now, earliest)));
        if (count == 1) {
            return Optional.of("warning: client certificate " + earliestLabel + " expires at "
                    + IdentityCheck.shown(earliest) + ", " + in + " into " + run + "; " + after);
        }
        return Optional.of(String.format(Locale.ROOT, "warning: %,d client certificates expire during %s, the first"
                + " at %s (%s in): %s; %s", count, run, IdentityCheck.shown(earliest), in, earliestLabel, after));
    }

    private static Duration seconds(Duration duration) {
        return duration.truncatedTo(ChronoUnit.SECONDS);
    }
}
