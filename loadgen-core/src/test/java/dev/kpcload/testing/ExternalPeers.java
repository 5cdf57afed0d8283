package dev.kpcload.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test does when a third-party peer it needs (a program, an npm package, a Maven-resolved class path) is
 * not there: it is skipped with the message, except under {@code LOADGEN_REQUIRE_EXTERNAL=1} (as in
 * {@code .ci/run}), where it fails instead. The same rule as {@link ExternalPrograms}, for peers that are not
 * Debian programs.
 */
public final class ExternalPeers {

    private ExternalPeers() {
    }

    /** Never returns normally. */
    public static void unavailable(String message) {
        if ("1".equals(System.getenv("LOADGEN_REQUIRE_EXTERNAL"))) {
            Assertions.fail(message + ", and LOADGEN_REQUIRE_EXTERNAL=1 forbids skipping");
        }
        Assumptions.abort("skipped: " + message);
    }
}
