package dev.kpcload.tls;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * When generated certificates are valid: from {@code notBefore} for {@code duration}. X.509 times have whole
 * seconds, so the start is cut to the second here and what is written is what a reader gets back.
 */
public record Validity(Instant notBefore, Duration duration) {

    public Validity {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("validity must be positive: " + duration);
        }
        notBefore = notBefore.truncatedTo(ChronoUnit.SECONDS);
    }

    public Instant notAfter() {
        return notBefore.plus(duration);
    }
}
