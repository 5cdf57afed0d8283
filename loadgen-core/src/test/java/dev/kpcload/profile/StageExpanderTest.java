package dev.kpcload.profile;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Steps and spikes become the linear segments they stand for. */
class StageExpanderTest {

    private static List<Segment> segments(String... stageLines) {
        String text = "publish:\n  start: 1000/s\n  stages:\n" + String.join("\n", stageLines) + "\n";
        return ((Staged) ProfileFile.parse(text, "p.yaml").publish().shape()).segments();
    }

    private static Segment segment(long seconds, double from, double to, int line) {
        return new Segment(Duration.ofSeconds(seconds), from, to, false, "p.yaml:" + line + ":7");
    }

    @Test
    void aStepWithoutRampJumpsFromLevelToLevel() {
        assertEquals(List.of(segment(60, 2000, 2000, 4), segment(60, 4000, 4000, 4), segment(60, 6000, 6000, 4)),
                segments("    - step: {from: 2000/s, by: 2000/s, times: 3, hold: 1m}"));
    }

    @Test
    void aStepWithRampClimbsToEachLevel() {
        assertEquals(List.of(segment(5, 1000, 2000, 4), segment(60, 2000, 2000, 4),
                        segment(5, 2000, 3000, 4), segment(60, 3000, 3000, 4)),
                segments("    - step: {from: 2000/s, by: 1000/s, times: 2, hold: 1m, ramp: 5s}"));
    }

    @Test
    void aStepWithoutFromStartsOneStepAboveThePreviousRate() {
        assertEquals(List.of(segment(10, 1500, 1500, 4), segment(10, 2000, 2000, 4), segment(30, 2000, 2000, 5)),
                segments("    - step: {by: 500/s, times: 2, hold: 10s}", "    - {duration: 30s}"));
    }

    @Test
    void aSpikeGoesUpAndComesBackToThePreviousRate() {
        assertEquals(List.of(segment(60, 1000, 1000, 4), segment(10, 1000, 10_000, 5), segment(60, 10_000, 10_000, 5),
                        segment(20, 10_000, 1000, 5), segment(300, 1000, 1000, 6)),
                segments("    - {duration: 1m}",
                        "    - spike: {to: 10000/s, ramp: 10s, hold: 1m, back: 20s}",
                        "    - {duration: 5m}"));
    }

    @Test
    void aSpikeWithoutRampsJumpsUpAndDown() {
        assertEquals(List.of(segment(30, 5000, 5000, 4), segment(10, 1000, 2000, 5)),
                segments("    - spike: {to: 5000/s, hold: 30s}", "    - {duration: 10s, target: 2000/s}"));
    }

    @Test
    void warmUpMarksOnlyItsStage() {
        List<Segment> segments = segments("    - {duration: 1m, warmup: true}", "    - {duration: 2m}");
        assertEquals(List.of(new Segment(Duration.ofMinutes(1), 1000, 1000, true, "p.yaml:4:7"),
                segment(120, 1000, 1000, 5)), segments);
    }

    @Test
    void theStagesAddUpToTheirDuration() {
        String text = "publish:\n  stages:\n    - {duration: 1m, target: 5/s}\n"
                + "    - step: {by: 5/s, times: 4, hold: 30s, ramp: 2s}\n"
                + "    - spike: {to: 100/s, ramp: 1s, hold: 10s, back: 1s}\n";
        Staged staged = (Staged) ProfileFile.parse(text, "p.yaml").publish().shape();

        assertEquals(Duration.ofSeconds(60 + 4 * 32 + 12), staged.duration());
        assertEquals(0, staged.startPerSecond());
    }
}
