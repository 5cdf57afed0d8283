package dev.kpcload.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code loadgen run --start-at}: one line and exit 2 for a time that is not one, exit 3 for a start missed by more
 * than the grace, a wait when early, and a late start that keeps its intended times (the lateness in the latencies).
 */
class StartAtRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path tokens() {
        Path file = dir.resolve("tokens.csv");
        assertEquals(0, CliHarness.run("tokens", "--count", "20", "--seed", "5", "--out", file.toString()).exitCode());
        return file;
    }

    /** 20 meters at 100/s (the last intended 0.19 s after the start), then 50/s for 1 s. */
    private CliHarness run(String startAt, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("run", "--tokens",
            tokens().toString(), "--connect-rate", "100/s", "--rate", "50/s", "--duration", "1s", "--report-interval",
            "1s", "--io-threads", "1", "--start-at", startAt, "--json-out", dir.resolve("summary.json").toString()));
        args.addAll(java.util.List.of(more));
        return CliHarness.run(args.toArray(String[]::new));
    }

    @Test
    void aTimeThatIsNoneIsOneLineNamingTheFlagAndExitCode2() {
        for (String bad : new String[] {"tomorrow", "2026-12-02T20:00:00", "+ten"}) {
            CliHarness result = run(bad);
            assertEquals(2, result.exitCode(), result.err());
            assertEquals(1, result.errLines().size(), result.err());
            assertTrue(result.err().startsWith("loadgen run: --start-at: expected an RFC 3339 time"), result.err());
        }
        CliHarness graceAlone = CliHarness.run("run", "--tokens", tokens().toString(), "--rate", "1/s",
            "--start-grace", "3s");
        assertEquals(2, graceAlone.exitCode());
        assertTrue(graceAlone.err().contains("--start-grace: is how late"), graceAlone.err());
    }

    @Test
    void aStartMissedByMoreThanTheGraceIsRefusedWithExitCode3() {
        CliHarness result = run("2020-01-01T00:00:00Z");
        assertEquals(3, result.exitCode(), result.err() + result.out());
        assertEquals(1, result.errLines().size(), result.err());
        assertTrue(result.err().startsWith("loadgen run: --start-at 2020-01-01T00:00:00Z: ready "), result.err());
        assertTrue(result.err().contains(" after it, later than start-grace 10s allows"), result.err());
        assertTrue(!result.out().contains("scheduled"), "nothing ran: " + result.out());
    }

    @Test
    void earlyItWaitsAndAnchorsBothPlansAtTheStartTime() throws Exception {
        CliHarness result = run("+1s", "--seed", "3");
        assertEquals(0, result.exitCode(), result.err() + result.out());
        assertTrue(result.out().contains("start: waiting "), result.out());
        assertTrue(result.out().contains("50 scheduled = 50 confirmed"), result.out());
        JsonNode config = JSON.readTree(dir.resolve("summary.json").toFile()).get("config");
        Instant startAt = Instant.parse(config.get("startAt").asText());
        assertEquals(0, config.get("startLateSeconds").asDouble());
        // the message plan: after the whole connect plan (0.19 s) and the settle (1 s), on the wall clock
        double expected = startAt.getEpochSecond() + startAt.getNano() / 1e9 + 0.19 + 1;
        assertEquals(expected, config.get("firstIntendedSendUnixSeconds").asDouble(), 1e-6);
    }

    @Test
    void lateWithinTheGraceItRunsAndTheLatenessStaysInItsLatencies() throws Exception {
        Instant twoSecondsAgo = Instant.now().minusSeconds(2);
        CliHarness result = run(twoSecondsAgo.toString(), "--start-grace", "60s");
        assertEquals(0, result.exitCode(), result.err() + result.out());
        assertTrue(result.out().contains("start: ready "), result.out());
        assertTrue(result.out().contains("the message plan began "), "its first sends were due before the devices"
            + " connected: " + result.out());
        JsonNode summary = JSON.readTree(dir.resolve("summary.json").toFile());
        assertTrue(summary.at("/config/startLateSeconds").asDouble() >= 2.0, summary.get("config").toString());
        // every connect was intended 1.81 s ago or more when it began: never re-timed to now
        JsonNode connect = summary.at("/latencies/connect");
        assertEquals(20, connect.get("count").asLong());
        assertTrue(connect.get("p50").asDouble() >= 1800, connect.toString());
        assertEquals(50, summary.at("/messages/scheduled").asLong(), "the whole plan, none of it skipped");
        assertTrue(summary.at("/latencies/status/max").asDouble() >= 500, "the first messages were due 0.6 s or"
            + " more before they could be sent: " + summary.at("/latencies/status"));
    }
}
