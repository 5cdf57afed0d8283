package dev.kpcload.profile;

import dev.kpcload.kp.SampleCount;
import dev.kpcload.kp.MessageKind;
import dev.kpcload.Sourced;
import dev.kpcload.client.ConfirmMode;
import dev.kpcload.plan.Rate;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Valid profiles parsed to the records they mean, places included. */
class ProfileFileTest {

    private static final String FULL = String.join("\n",
            "description: every field",                                              // 1
            "tokens: fleet/tokens.csv",                                              // 2
            "server: 127.0.0.1:1883",                                                // 3
            "devices: 100",                                                          // 4
            "seed: 42",                                                              // 5
            "connect:",                                                              // 6
            "  start: 0",                                                            // 7
            "  stages:",                                                             // 8
            "    - {duration: 10s, target: 100/s}",                                  // 9
            "  arrivals: poisson",                                                   // 10
            "publish:",                                                              // 11
            "  start: 200/s",                                                        // 12
            "  stages:",                                                             // 13
            "    - duration: 20s",                                                   // 14
            "      target: 2000/s",                                                  // 15
            "      warmup: true",                                                    // 16
            "    - duration: 10s",                                                   // 17
            "    - step: {from: 1k/s, by: 500/s, times: 3, hold: 1m, ramp: 5s}",     // 18
            "    - spike: {to: 10000/s, ramp: 1s, hold: 30s, back: 2s}",             // 19
            "  arrivals: uniform",                                                   // 20
            "  mix:",                                                                // 21
            "    - {kind: epmx-update-keys}",                                        // 22
            "    - {kind: epmx-get, weight: 2}",                                     // 23
            "    - {kind: dcx-json, weight: 3, samples: 5..20}",                     // 24
            "events:",                                                               // 25
            "  - {at: 30s, reconnect-storm: {share: 50%}}",                          // 26
            "  - {at: 1m, reconnect-storm: {}}",                                     // 27
            "  - at: 2m",                                                            // 28
            "    reconnect-storm:",                                                  // 29
            "slo:",                                                                  // 30
            "  - p99(status) < 50ms",                                                 // 31
            "  - \"error_ratio < 0.1%\"",                                            // 32
            "confirm: puback",                                                       // 33
            "qos: 1",                                                                // 34
            "inflight: 20",                                                          // 35
            "keepalive: 30",                                                         // 36
            "response-timeout: 5s",                                                  // 37
            "grace: 0",                                                              // 38
            "report-interval: 10s",                                                  // 39
            "app-version: my_app_v2",                                                // 40
            "connect-timeout: 3s",                                                   // 41
            "reconnect-delay: 500ms",                                                // 42
            "reconnect-max-delay: 1m",                                               // 43
            "timer-slack: 0.25ms",                                                   // 44
            "");

    private static <T> Sourced<T> at(T value, int line, int column) {
        return Sourced.of(value, "dir/full.yaml:" + line + ":" + column);
    }

    private static String place(int line, int column) {
        return "dir/full.yaml:" + line + ":" + column;
    }

    private static Sourced<Rate> rate(double perSecond, int line, int column) {
        return at(new Rate(perSecond), line, column);
    }

    private static Sourced<Duration> seconds(long seconds, int line, int column) {
        return at(Duration.ofSeconds(seconds), line, column);
    }

    @Test
    void everyFieldParsesToItsRecord() {
        Profile expected = new Profile("dir/full.yaml",
                at("every field", 1, 14),
                at(Path.of("dir/fleet/tokens.csv"), 2, 9),
                at("127.0.0.1:1883", 3, 9),
                at(100, 4, 10),
                at(42L, 5, 7),
                new Connect(new Staged(at(0.0, 7, 10),
                        List.of(new Stage(seconds(10, 9, 18), at(100.0, 9, 31), null, place(9, 7))), place(8, 3)),
                        at(Arrivals.POISSON, 10, 13)),
                new Publish(new Staged(at(200.0, 12, 10), List.of(
                        new Stage(seconds(20, 14, 17), at(2000.0, 15, 15), at(true, 16, 15), place(14, 7)),
                        new Stage(seconds(10, 17, 17), null, null, place(17, 7)),
                        new Step(rate(1000, 18, 20), rate(500, 18, 30), at(3, 18, 44), seconds(60, 18, 53),
                                seconds(5, 18, 63), place(18, 7)),
                        new Spike(rate(10_000, 19, 19), seconds(1, 19, 34), seconds(30, 19, 44), seconds(2, 19, 55),
                                place(19, 7))),
                        place(13, 3)),
                        at(Arrivals.UNIFORM, 20, 13),
                        List.of(new MixItem(at(MessageKind.EPMX_UPDATE_KEYS, 22, 14), null, null, place(22, 7)),
                                new MixItem(at(MessageKind.EPMX_GET, 23, 14), at(2, 23, 32), null, place(23, 7)),
                                new MixItem(at(MessageKind.DCX_JSON, 24, 14), at(3, 24, 32),
                                        at(new SampleCount(5, 20), 24, 44), place(24, 7)))),
                List.of(new ReconnectStorm(seconds(30, 26, 10), at(0.5, 26, 40), place(26, 5)),
                        new ReconnectStorm(seconds(60, 27, 10), null, place(27, 5)),
                        new ReconnectStorm(seconds(120, 28, 9), null, place(28, 5))),
                new Session(at(ConfirmMode.PUBACK, 33, 10), at(1, 34, 6), at(20, 35, 11), seconds(30, 36, 12),
                        seconds(5, 37, 19), seconds(0, 38, 8), seconds(10, 39, 18), at("my_app_v2", 40, 14),
                        seconds(3, 41, 18), at(Duration.ofMillis(500), 42, 18), seconds(60, 43, 22),
                        at(Duration.ofNanos(250_000), 44, 14)),
                // an objective's place is of its first character: past the quote of a quoted scalar
                List.of(at("p99(status) < 50ms", 31, 5), at("error_ratio < 0.1%", 32, 6)));

        assertEquals(expected, ProfileFile.parse(FULL, "dir/full.yaml"));
    }

    @Test
    void aMinimalProfileLeavesEverythingElseAbsent() {
        Profile profile = ProfileFile.parse("publish: {rate: 500/s, duration: 1m}\n", "p.yaml");

        assertEquals(new Publish(new Steady(Sourced.of(new Rate(500), "p.yaml:1:17"),
                Sourced.of(Duration.ofMinutes(1), "p.yaml:1:34"), "p.yaml:1:10"), null, List.of()), profile.publish());
        assertNull(profile.connect());
        assertNull(profile.tokens());
        assertNull(profile.devices());
        assertEquals(List.of(), profile.events());
        assertEquals(List.of(), profile.slo());
        assertEquals(new Session(null, null, null, null, null, null, null, null, null, null, null, null), profile.session());
    }

    @Test
    void theIssuesExample() {
        Profile profile = ProfileFile.parse(String.join("\n",
                "devices: 2000",
                "connect: {rate: 1000/s}",
                "publish:",
                "  start: 200/s",
                "  stages:",
                "    - {duration: 20s, target: 2000/s}",
                "    - {duration: 10s, target: 2000/s}",
                "  mix:",
                "    - {kind: epmx-update-keys, weight: 1}",
                "    - {kind: dcx-json, weight: 3, samples: 10}",
                ""), "issue.yaml");

        assertEquals(2000, profile.devices().value());
        assertEquals(new Steady(Sourced.of(new Rate(1000), "issue.yaml:2:17"), null, "issue.yaml:2:10"),
                profile.connect().shape());
        Staged staged = (Staged) profile.publish().shape();
        assertEquals(List.of(new Segment(Duration.ofSeconds(20), 200, 2000, false, "issue.yaml:6:7"),
                new Segment(Duration.ofSeconds(10), 2000, 2000, false, "issue.yaml:7:7")), staged.segments());
        assertEquals(Duration.ofSeconds(30), staged.duration());
        assertEquals(new SampleCount(10, 10), profile.publish().mix().get(1).samples().value());
        assertEquals(3, profile.publish().mix().get(1).weightOrOne());
        assertEquals(1, profile.publish().mix().get(0).weightOrOne());
    }

    @Test
    void aConnectStormAndNoMessagePlan() {
        Profile profile = ProfileFile.parse("connect: {rate: all}\npublish: none\n", "storm.yaml");

        assertEquals(new Connect(new AllAtOnce("storm.yaml:1:17"), null), profile.connect());
        assertEquals(new Publish(new NoMessages("storm.yaml:2:10"), null, List.of()), profile.publish());
    }

    @Test
    void aSectionWithoutRateLeavesTheShapeToTheFlags() {
        Profile profile = ProfileFile.parse("connect: {arrivals: poisson}\npublish:\n  mix: [{kind: epmx-get}]\n",
                "p.yaml");

        assertNull(profile.connect().shape());
        assertEquals(Arrivals.POISSON, profile.connect().arrivals().value());
        assertNull(profile.publish().shape());
        assertEquals(MessageKind.EPMX_GET, profile.publish().mix().get(0).kind().value());
    }

    @Test
    void spellingsOfValues() {
        Profile profile = ProfileFile.parse(String.join("\n",
                "devices: 20_000",
                "seed: -7",
                "keepalive: 1m",
                "confirm: NONE",
                "events:",
                "  - {at: 0, reconnect-storm: {share: 0.25}}",
                "  - {at: 1h30m, reconnect-storm: {share: 12.5%}}",
                "publish:",
                "  start: 0/s",
                "  stages:",
                "    - {duration: 1.5s, target: 2.5k/s, warmup: false}",
                "    - {duration: 1s, target: 0}",
                "  mix:",
                "    - {kind: DCX-JSON, samples: 1 .. 3}",
                ""), "p.yaml");

        assertEquals(20_000, profile.devices().value());
        assertEquals(-7L, profile.seed().value());
        assertEquals(Duration.ofSeconds(60), profile.session().keepalive().value());
        assertEquals(ConfirmMode.NONE, profile.session().confirm().value());
        assertEquals(0.25, ((ReconnectStorm) profile.events().get(0)).shareOrAll());
        assertEquals(Duration.ZERO, profile.events().get(0).at().value());
        assertEquals(0.125, ((ReconnectStorm) profile.events().get(1)).share().value());
        assertEquals(Duration.ofMinutes(90), profile.events().get(1).at().value());
        Staged staged = (Staged) profile.publish().shape();
        assertEquals(List.of(new Segment(Duration.ofMillis(1500), 0, 2500, false, "p.yaml:11:7"),
                new Segment(Duration.ofSeconds(1), 2500, 0, false, "p.yaml:12:7")), staged.segments());
        assertFalse(((Stage) staged.stages().get(0)).isWarmup());
        assertEquals(new SampleCount(1, 3), profile.publish().mix().get(0).samples().value());
    }

    @Test
    void tokensResolveAgainstTheProfilesDirectory() {
        assertEquals(Path.of("profiles/demo-tokens.csv"),
                ProfileFile.parse("tokens: demo-tokens.csv\n", "profiles/p.yaml").tokens().value());
        assertEquals(Path.of("demo-tokens.csv"), ProfileFile.parse("tokens: demo-tokens.csv\n", "p.yaml").tokens().value());
        assertEquals(Path.of("/data/t.csv"), ProfileFile.parse("tokens: /data/t.csv\n", "profiles/p.yaml").tokens().value());
    }

    @Test
    void yamlCommentsAndBlockTextAreFine() {
        Profile profile = ProfileFile.parse(String.join("\n",
                "# a comment",
                "description: >",
                "  two lines",
                "  folded",
                "publish:   # trailing comment",
                "  rate: 5/s",
                ""), "p.yaml");

        assertEquals("two lines folded\n", profile.description().value());
        assertTrue(profile.publish().shape() instanceof Steady);
    }
}
