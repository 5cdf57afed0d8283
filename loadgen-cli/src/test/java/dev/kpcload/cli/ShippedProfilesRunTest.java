package dev.kpcload.cli;

import dev.kpcload.plan.StagedSchedule;
import dev.kpcload.profile.ProfileFile;
import dev.kpcload.result.RunOutcome;
import dev.kpcload.result.RunSummary;
import dev.kpcload.result.SummaryJson;
import dev.kpcload.run.LoadSpec;
import dev.kpcload.run.RunSpec;
import dev.kpcload.run.RunSpecReader;
import dev.kpcload.run.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every profile shipped under {@code profiles/} through the command line: {@code loadgen profile FILE} prints its
 * compiled plan, and {@code loadgen run --profile FILE} runs it against the embedded simulator, shortened with a
 * {@code --time-scale} that makes its message plan last about {@value #PLAN_SECONDS} s, to a balanced summary.
 */
class ShippedProfilesRunTest {

    private static final Path PROFILES = Path.of("..", "profiles");
    private static final double PLAN_SECONDS = 2;

    @TempDir
    Path dir;

    static List<Path> profiles() throws IOException {
        try (Stream<Path> files = Files.list(PROFILES)) {
            List<Path> yaml = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            assertFalse(yaml.isEmpty(), "no profiles under " + PROFILES.toAbsolutePath());
            return yaml;
        }
    }

    /** The shipped profiles that have a message plan (all but the tutorial's, which only connects and reports). */
    static List<Path> profilesWithAPlan() throws IOException {
        return profiles().stream().filter(p -> !spec(p, "1").load().publish().none()).toList();
    }

    /** The profile as the run will read it, at this time scale. */
    private static RunSpec spec(Path profile, String timeScale) {
        Settings flags = Settings.empty().with(dev.kpcload.run.Setting.TIME_SCALE, timeScale, "--time-scale");
        return RunSpecReader.read(flags, ProfileFile.load(profile), "test", null);
    }

    /** The time scale that shortens the profile's message plan to about PLAN_SECONDS; 1 without a plan. */
    private static String timeScaleFor(Path profile) {
        LoadSpec.PublishSpec publish = spec(profile, "1").load().publish();
        if (publish.profile() == null) {
            return "1";
        }
        double seconds = publish.profile().totalNanos() / 1e9;
        return String.format(Locale.ROOT, "%.3f", Math.max(1, seconds / PLAN_SECONDS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void profileCommandPrintsTheCompiledPlan(Path profile) {
        CliHarness result = CliHarness.run("profile", profile.toString());
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.err().isEmpty(), result.err());
        LoadSpec load = spec(profile, "1").load();
        String out = result.out();
        assertTrue(out.contains("devices "), out);
        assertTrue(out.contains("connect "), out);
        assertTrue(out.contains("publish "), out);
        if (load.publish().profile() != null) {
            // one row per compiled stage, numbered, with its message count
            StagedSchedule plan = new StagedSchedule(load.publish().profile(), 0);
            for (StagedSchedule.StageWindow w : plan.windows()) {
                assertTrue(out.lines().anyMatch(l -> l.matches("\\s+" + (w.stage() + 1) + "\\s+\\d+:\\d\\d:\\d\\d.*"
                    + String.format(Locale.ROOT, "%,d", w.messages()) + ".*")), "stage " + (w.stage() + 1) + " of\n" + out);
            }
            assertTrue(out.contains(String.format(Locale.ROOT, "%,d messages", plan.plannedCount())), out);
            for (var kind : load.publish().mix()) {
                assertTrue(out.contains("kind    " + kind.kind().tag()), out);
            }
        } else {
            assertTrue(out.contains("no message plan"), out);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profilesWithAPlan")
    void runsShortenedAgainstTheEmbeddedSimulatorToABalancedSummary(Path profile) throws Exception {
        String scale = timeScaleFor(profile);
        RunSpec spec = spec(profile, scale);
        Path json = dir.resolve("summary.json");
        CliHarness result = CliHarness.run("run", "--profile", profile.toString(), "--time-scale", scale,
            "--seed", "7", "--json-out", json.toString());
        // 99: a latency SLO broken by a shortened run on a shared machine (checked below); anything else is wrong
        assertTrue(result.exitCode() == 0 || result.exitCode() == 99, result.err() + result.out());
        assertTrue(result.out().contains("No --server given: started the embedded KPC simulator"), result.out());

        RunSummary summary = SummaryJson.read(json);
        System.out.printf(Locale.ROOT, "%s at time scale %s: %d scheduled (+%d warm-up), %d confirmed, failed %s, "
            + "%d timed out, dropped %s, %d in flight; storms %s; %.1f s in all%n", profile.getFileName(), scale,
            summary.messages().scheduled(), summary.warmup() == null ? 0 : summary.warmup().messages().scheduled(),
            summary.messages().confirmed(), summary.messages().failedByKind(), summary.messages().timedOut(),
            summary.messages().droppedByKind(), summary.messages().inFlight(), summary.storms(),
            summary.other().elapsedSeconds());
        String context = profile + " at time scale " + scale + ":\n" + result.out();
        assertEquals(RunOutcome.COMPLETED, summary.outcome(), context);
        assertEquals(summary.devices().targeted(), summary.devices().connected(), context);
        assertTrue(summary.messages().balanced(), summary.messages() + "\n" + context);
        long planned = 0;
        LoadSpec.PublishSpec publish = spec.load().publish();
        if (publish.profile() != null) {
            planned = new StagedSchedule(publish.profile(), 0).plannedCount();
        }
        long warmup = summary.warmup() == null ? 0 : summary.warmup().messages().scheduled();
        assertEquals(planned, summary.messages().scheduled() + warmup, "the whole plan, warm-up included: " + context);
        if (summary.warmup() != null) {
            assertTrue(summary.warmup().messages().balanced(), summary.warmup().messages() + "\n" + context);
        }
        for (var kind : summary.byKind().entrySet()) {
            assertTrue(kind.getValue().messages().balanced(), kind.getKey() + ": " + context);
        }
        assertEquals(spec.load().storms().size(), summary.storms().size(), context);
        if (!spec.slos().isEmpty()) {
            // every objective the profile ships with was judged; those on the books (every message confirmed, none
            // failed, the rate achieved) must hold. A latency SLO is a claim about the whole profile on the target's
            // hardware: a run cut to seconds, its JVMs cold, on a machine other tests share, may break it (then 99)
            assertEquals(spec.slos().size(), summary.slo().results().size(), context);
            assertEquals(summary.slo().passed() ? 0 : 99, result.exitCode(), context);
            for (var r : summary.slo().results()) {
                if ("ratio".equals(r.unit())) {
                    assertTrue(r.passed(), r + "\n" + context);
                }
            }
        } else {
            assertEquals(0, result.exitCode(), context);
        }
    }

    @Test
    void tutorialProfileConnectsEveryMeterWhichSendsTheTutorialMessageOnce() throws Exception {
        Path profile = PROFILES.resolve("tutorial.yaml");
        Path json = dir.resolve("summary.json");
        CliHarness result = CliHarness.run("run", "--profile", profile.toString(), "--seed", "7",
            "--json-out", json.toString());
        assertEquals(0, result.exitCode(), result.err() + result.out());
        RunSummary summary = SummaryJson.read(json);
        assertEquals(RunOutcome.COMPLETED, summary.outcome(), result.out());
        assertEquals(2000, summary.devices().connected(), result.out());
        assertEquals(0, summary.messages().scheduled(), "no message plan");
        assertTrue(summary.messages().balanced());
        assertEquals(2000, summary.reports().sent(), "the tutorial's one message, once per meter");
        assertEquals("none", summary.config().get("confirm"));
    }

    @Test
    void aProfileWithAnUnknownKeyIsRefusedWithItsPlaceAndExitCode2() throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "tokens: " + PROFILES.resolve("demo-tokens.csv").toAbsolutePath() + "\n"
            + "publish:\n"
            + "  rate: 100/s\n"
            + "  duration: 1s\n"
            + "  ramp: 5s\n");
        CliHarness run = CliHarness.run("run", "--profile", bad.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.errLines().size(), run.err());
        String expected = bad + ":5:3: unknown key 'ramp' in publish";
        assertTrue(run.err().startsWith("loadgen run: " + expected), run.err());
        assertTrue(run.out().isEmpty(), "refused before anything started: " + run.out());

        CliHarness plan = CliHarness.run("profile", bad.toString());
        assertEquals(2, plan.exitCode(), plan.err());
        assertEquals(1, plan.errLines().size(), plan.err());
        assertTrue(plan.err().startsWith("loadgen profile: " + expected), plan.err());
    }
}
