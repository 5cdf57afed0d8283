package dev.kpcload.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Debian programs that tests use as real third-party peers. A test that needs one runs when it is installed and
 * is skipped with a message otherwise, except under {@code LOADGEN_REQUIRE_EXTERNAL=1} (as in {@code .ci/run}),
 * where a missing program fails the test instead.
 */
public final class ExternalPrograms {

    private ExternalPrograms() {
    }

    public static Path require(String name) {
        for (String dir : new String[] {"/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"}) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String message = name + " is not installed (apt-get install it; .ci/run does)";
        if ("1".equals(System.getenv("LOADGEN_REQUIRE_EXTERNAL"))) {
            Assertions.fail(message + ", and LOADGEN_REQUIRE_EXTERNAL=1 forbids skipping");
        }
        Assumptions.abort("skipped: " + message);
        return null;
    }
}
