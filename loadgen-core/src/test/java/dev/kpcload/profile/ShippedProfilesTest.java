package dev.kpcload.profile;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every profile under profiles/ parses, and the ones the README describes are there and say so. */
class ShippedProfilesTest {

    // the tests run in loadgen-core/
    private static final Path PROFILES = Path.of("..", "profiles");

    private static List<Path> shipped() throws IOException {
        try (Stream<Path> files = Files.list(PROFILES)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @Test
    void everyShippedProfileParses() throws IOException {
        List<Path> files = shipped();
        assertFalse(files.isEmpty(), "no profiles under " + PROFILES.toAbsolutePath());
        for (Path file : files) {
            Profile profile = ProfileFile.load(file);
            assertTrue(Files.readString(file).startsWith("# " + file.getFileName() + ": "),
                    file + " starts with a comment header naming it");
            if (profile.tokens() != null) {
                assertTrue(Files.isRegularFile(profile.tokens().value()), file + ": " + profile.tokens());
            }
        }
    }

    @Test
    void theDocumentedProfilesAreThere() throws IOException {
        List<String> names = shipped().stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(List.of("capacity-ramp.yaml", "reconnect-storm.yaml", "release.yaml", "smoke.yaml", "soak.yaml",
                "spike.yaml", "tutorial.yaml"), names);
        String readme = Files.readString(PROFILES.resolve("README.md"));
        for (String name : names) {
            assertTrue(readme.contains("`" + name + "`"), "README.md describes " + name);
        }
    }

    @Test
    void theTutorialIsOneQosZeroReportPerMeter() {
        Profile tutorial = ProfileFile.load(PROFILES.resolve("tutorial.yaml"));
        assertEquals(dev.kpcload.client.ConfirmMode.NONE, tutorial.session().confirm().value());
        assertTrue(tutorial.publish().shape() instanceof NoMessages);
    }

    @Test
    void theCapacityRampClimbsTo20000PerSecond() {
        Staged ramp = (Staged) ProfileFile.load(PROFILES.resolve("capacity-ramp.yaml")).publish().shape();
        List<Segment> segments = ramp.segments();
        assertEquals(20_000, segments.get(segments.size() - 1).toPerSecond());
        assertEquals(Duration.ofSeconds(30 + 10 * 65), ramp.duration());
    }

    @Test
    void theSoakRunsForHoursAfterAWarmUp() {
        Staged soak = (Staged) ProfileFile.load(PROFILES.resolve("soak.yaml")).publish().shape();
        assertTrue(soak.segments().get(0).warmup());
        assertEquals(Duration.ofHours(4).plusMinutes(5), soak.duration());
    }
}
