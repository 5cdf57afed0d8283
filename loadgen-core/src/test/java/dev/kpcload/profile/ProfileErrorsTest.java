package dev.kpcload.profile;

import dev.kpcload.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every kind of problem in a profile, each with its exact FILE:LINE:COLUMN. */
class ProfileErrorsTest {

    private static void fails(String expected, String... lines) {
        String text = String.join("\n", lines) + "\n";
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ProfileFile.parse(text, "soak.yaml"));
        assertEquals(expected, e.getMessage());
    }

    // --- unknown keys

    @Test
    void unknownKeyAtTheTopLevel() {
        fails("soak.yaml:2:1: unknown key 'rat' (expected one of: description, tokens, server, devices, seed,"
                        + " connect, publish, events, slo, start-at, start-grace, confirm, qos, inflight, keepalive,"
                        + " response-timeout, grace, report-interval, app-version, connect-timeout, reconnect-delay,"
                        + " reconnect-max-delay, timer-slack)",
                "devices: 10",
                "rat: 5");
    }

    @Test
    void unknownKeyInASection() {
        fails("soak.yaml:3:3: unknown key 'rat' in connect (expected one of: rate, start, stages, arrivals)",
                "devices: 10",
                "connect:",
                "  rat: 1000/s");
    }

    @Test
    void unknownKeyDeepInAStep() {
        fails("soak.yaml:3:45: unknown key 'hodl' in step (expected one of: from, by, times, hold, ramp)",
                "publish:",
                "  stages:",
                "    - step: {by: 100/s, times: 2, hold: 1m, hodl: 2m}");
    }

    @Test
    void unknownKeyInAStage() {
        fails("soak.yaml:3:22: unknown key 'taget' in stage (expected one of: duration, target, warmup, step, spike)",
                "publish:",
                "  stages:",
                "    - {duration: 1m, taget: 5/s}");
    }

    @Test
    void mixAtTheTopLevelIsUnknown() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ProfileFile.parse("mix: []\n", "p.yaml"));
        assertEquals("p.yaml:1:1: unknown key 'mix'", e.getMessage().substring(0, 29));
    }

    // --- wrong types

    @Test
    void textWhereANumberBelongs() {
        fails("soak.yaml:1:10: devices: expected a whole number from 1 to 2147483647, got 'many'", "devices: many");
    }

    @Test
    void aNumberInQuotes() {
        fails("soak.yaml:1:11: inflight: expected a whole number from 1 to 65535, got '10' in quotes (write numbers"
                + " without quotes)", "inflight: \"10\"");
    }

    @Test
    void aFractionWhereAWholeNumberBelongs() {
        fails("soak.yaml:1:6: qos: expected a whole number from 0 to 1, got '0.5'", "qos: 0.5");
    }

    @Test
    void aScalarWhereASectionBelongs() {
        fails("soak.yaml:1:10: connect: expected a mapping (key: value) of rate, start, stages, arrivals, got"
                + " '1000/s'", "connect: 1000/s");
    }

    @Test
    void aListWhereTextBelongs() {
        fails("soak.yaml:1:14: description: expected text, got a list", "description: [a, b]");
    }

    @Test
    void noValue() {
        fails("soak.yaml:1:5: qos: expected a whole number from 0 to 1, got no value", "qos:");
    }

    @Test
    void aTopLevelList() {
        fails("soak.yaml:1:1: expected a mapping of profile settings (key: value), got a list", "- rate: 5/s");
    }

    @Test
    void yesIsNotABoolean() {
        fails("soak.yaml:3:30: warmup: expected true or false, got 'yes'",
                "publish:",
                "  stages:",
                "    - {duration: 1m, warmup: yes}");
    }

    @Test
    void anUnknownChoice() {
        fails("soak.yaml:1:10: confirm: expected one of: status, puback, none, got 'always'", "confirm: always");
    }

    @Test
    void anUnknownKind() {
        fails("soak.yaml:3:14: kind: expected one of: epmx-update-keys, epmx-get, dcx-json, got 'dcx-xml'",
                "publish:",
                "  mix:",
                "    - {kind: dcx-xml}");
    }

    // --- rates and durations

    @Test
    void aBadRate() {
        fails("soak.yaml:1:17: rate: expected a rate like 500/s, 30000/min, 2.5k/s or 50/ms, got 'fast'",
                "connect: {rate: fast}");
    }

    @Test
    void aBareNumberWhereARateBelongs() {
        fails("soak.yaml:1:17: rate: expected a rate like 500/s, got the bare number '500' (add a unit: 500/s)",
                "connect: {rate: 500}");
    }

    @Test
    void anAmbiguousRateUnit() {
        fails("soak.yaml:2:9: rate: expected a rate like 500/s, 30000/min, 2.5k/s or 50/ms, got '1000/m' ('m' is"
                + " ambiguous: use min or ms)", "publish:", "  rate: 1000/m");
    }

    @Test
    void aZeroRateWhereItMustBePositive() {
        fails("soak.yaml:1:17: rate: must be more than 0, got '0/s'", "connect: {rate: 0/s}");
    }

    @Test
    void aBadDuration() {
        fails("soak.yaml:3:13: duration: expected a duration like 90s, 10m, 2h or 500ms, got 'fast'",
                "publish:",
                "  rate: 500/s",
                "  duration: fast");
    }

    @Test
    void aBareNumberWhereADurationBelongs() {
        fails("soak.yaml:3:13: duration: expected a duration like 90s, 10m, 2h or 500ms, got the bare number '90'"
                + " (add a unit: 90s)", "publish:", "  rate: 500/s", "  duration: 90");
    }

    @Test
    void aZeroStageDuration() {
        fails("soak.yaml:3:18: duration: must be more than 0, got '0s'",
                "publish:",
                "  stages:",
                "    - {duration: 0s, target: 5/s}");
    }

    @Test
    void keepaliveInWholeSeconds() {
        fails("soak.yaml:1:12: keepalive: expected whole seconds from 0 to 65535, like 60 or 60s, got '1.5s'",
                "keepalive: 1.5s");
        fails("soak.yaml:1:12: keepalive: expected a whole number from 0 to 65535, got '70000'", "keepalive: 70000");
    }

    // --- impossible values

    @Test
    void aNegativeWeight() {
        fails("soak.yaml:3:32: weight: expected a whole number from 1 to 1000000, got '-3'",
                "publish:",
                "  mix:",
                "    - {kind: dcx-json, weight: -3}");
    }

    @Test
    void samplesOnAKindWithoutSamples() {
        fails("soak.yaml:3:24: mix item: samples is for dcx-json only (epmx-get messages carry no samples)",
                "publish:",
                "  mix:",
                "    - {kind: epmx-get, samples: 5}");
    }

    @Test
    void aReversedSamplesRange() {
        fails("soak.yaml:3:33: samples: expected a range from 1 to 500 with the smaller number first, got '20..5'",
                "publish:",
                "  mix:",
                "    - {kind: dcx-json, samples: 20..5}");
    }

    @Test
    void aKindTwiceInTheMix() {
        fails("soak.yaml:4:14: mix item: kind 'dcx-json' is in the mix already (line 3): give each kind once, with"
                        + " its whole weight",
                "publish:",
                "  mix:",
                "    - {kind: dcx-json}",
                "    - {kind: dcx-json, weight: 2}");
    }

    @Test
    void aMixItemWithoutKind() {
        fails("soak.yaml:3:7: mix item: missing key 'kind' (one of: epmx-update-keys, epmx-get, dcx-json)",
                "publish:",
                "  mix:",
                "    - {weight: 2}");
    }

    @Test
    void aShareAboveAll() {
        fails("soak.yaml:2:39: share: expected a percentage like 50% or a fraction like 0.5, more than 0 and at most"
                + " 100%, got '150%'", "events:", "  - {at: 1m, reconnect-storm: {share: 150%}}");
    }

    @Test
    void aShareWithoutPercentSign() {
        fails("soak.yaml:2:39: share: expected a percentage like 50% or a fraction like 0.5, more than 0 and at most"
                + " 100%, got '50' (a percentage needs %: 50%)", "events:", "  - {at: 1m, reconnect-storm: {share: 50}}");
    }

    @Test
    void aZeroShare() {
        fails("soak.yaml:2:39: share: expected a percentage like 50% or a fraction like 0.5, more than 0 and at most"
                + " 100%, got '0%'", "events:", "  - {at: 1m, reconnect-storm: {share: 0%}}");
    }

    @Test
    void anEventWithoutWhatHappens() {
        fails("soak.yaml:2:5: event: missing what happens (expected one of: reconnect-storm)",
                "events:", "  - {at: 1m}");
    }

    @Test
    void anAppVersionThatCannotBeATopicLevel() {
        fails("soak.yaml:1:14: app-version: expected a non-empty name without '/', '+', '#' or white space, got"
                + " 'demo/v1'", "app-version: demo/v1");
    }

    @Test
    void tooManyDevices() {
        fails("soak.yaml:1:10: devices: expected a whole number from 1 to 2147483647, got '3000000000'",
                "devices: 3000000000");
    }

    @Test
    void zeroDevices() {
        fails("soak.yaml:1:10: devices: expected a whole number from 1 to 2147483647, got '0'", "devices: 0");
    }

    // --- rate against stages, and the stages themselves

    @Test
    void bothRateAndStages() {
        fails("soak.yaml:3:3: publish: rate and stages exclude each other: give rate for one steady rate, or start"
                        + " and stages",
                "publish:",
                "  rate: 500/s",
                "  stages:",
                "    - {duration: 1m, target: 1000/s}");
    }

    @Test
    void bothRateAndStagesNamesTheSecondOfThem() {
        fails("soak.yaml:1:50: connect: rate and stages exclude each other: give rate for one steady rate, or start"
                + " and stages", "connect: {stages: [{duration: 1m, target: 5/s}], rate: 5/s}");
    }

    @Test
    void startWithoutStages() {
        fails("soak.yaml:2:3: publish: start needs stages (the rate before the first stage; for one steady rate"
                + " write rate)", "publish:", "  start: 5/s");
    }

    @Test
    void durationWithStages() {
        fails("soak.yaml:4:3: publish: duration and stages exclude each other: the stages give the duration",
                "publish:",
                "  stages:",
                "    - {duration: 1m, target: 5/s}",
                "  duration: 2m");
    }

    @Test
    void durationWithoutRate() {
        fails("soak.yaml:2:3: publish: duration needs rate (one steady rate held this long)",
                "publish:", "  duration: 2m");
    }

    @Test
    void emptyStages() {
        fails("soak.yaml:2:11: connect: stages: expected at least one stage, got an empty list",
                "connect:", "  stages: []");
    }

    @Test
    void stagesThatAreNotAList() {
        fails("soak.yaml:2:11: publish: stages: expected a list of stages (lines starting with '- '), got '1m'",
                "publish:", "  stages: 1m");
    }

    @Test
    void aStageWithoutDuration() {
        fails("soak.yaml:3:7: stage: missing key 'duration' (how long the stage lasts, like 30s)",
                "publish:", "  stages:", "    - {target: 5/s}");
    }

    @Test
    void aStepWithSomethingBesideIt() {
        fails("soak.yaml:3:45: stage: a step item holds only step:, found 'warmup' beside it",
                "publish:",
                "  stages:",
                "    - {step: {by: 5/s, times: 2, hold: 1m}, warmup: true}");
    }

    @Test
    void aStepWithoutBy() {
        fails("soak.yaml:3:13: step: missing key 'by' (the rate added per level, like 1000/s)",
                "publish:",
                "  stages:",
                "    - step: {times: 2, hold: 1m}");
    }

    @Test
    void aSpikeWithoutHold() {
        fails("soak.yaml:3:14: spike: missing key 'hold' (how long the peak lasts, like 30s)",
                "publish:",
                "  stages:",
                "    - spike: {to: 50/s}");
    }

    @Test
    void rateAllIsForConnectOnly() {
        fails("soak.yaml:1:17: publish: rate: all is for connect (every device at once); messages need a rate like"
                + " 500/s", "publish: {rate: all}");
    }

    @Test
    void arrivalsWithRateAll() {
        fails("soak.yaml:1:22: connect: arrivals and rate: all exclude each other: every device starts at the same"
                + " instant", "connect: {rate: all, arrivals: poisson}");
    }

    @Test
    void publishAsAScalarOtherThanNone() {
        fails("soak.yaml:1:10: publish: expected a mapping (key: value) of rate, duration, start, stages, arrivals,"
                + " mix, or none, got '500/s'", "publish: 500/s");
    }

    // --- YAML itself

    @Test
    void aDuplicateKey() {
        fails("soak.yaml:4:3: duplicate key 'rate' (first on line 2)",
                "publish:",
                "  rate: 500/s",
                "  duration: 1m",
                "  rate: 600/s");
    }

    @Test
    void aTabIndentedLine() {
        fails("soak.yaml:2:1: malformed YAML: a tab character here; YAML indents with spaces only",
                "publish:",
                "\trate: 500/s");
    }

    @Test
    void anUnclosedFlowMapping() {
        fails("soak.yaml:2:1: malformed YAML: expected ',' or '}', but got <stream end>", "publish: {rate: 500/s");
    }

    @Test
    void aValueWhereNoneMayStand() {
        fails("soak.yaml:1:14: malformed YAML: mapping values are not allowed here", "publish: rate: 500/s");
    }

    @Test
    void aSecondDocument() {
        fails("soak.yaml:3:1: a second YAML document: a profile is one document (remove the '---' before this line)",
                "devices: 5", "---", "devices: 6");
    }

    @Test
    void anAlias() {
        fails("soak.yaml:2:11: aliases (*n) are not supported in profiles: write the value out",
                "devices: &n 5", "inflight: *n");
    }

    @Test
    void anEmptyFile() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ProfileFile.parse("", "soak.yaml"));
        assertEquals("soak.yaml:1:1: empty profile: expected settings such as 'publish: {rate: 500/s, duration: 1m}'",
                e.getMessage());
    }

    @Test
    void aFileOfOnlyComments() {
        fails("soak.yaml:1:1: empty profile: expected settings such as 'publish: {rate: 500/s, duration: 1m}'",
                "# nothing yet", "");
    }

    // --- the file itself

    @Test
    void aMissingFile(@org.junit.jupiter.api.io.TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ProfileFile.load(missing));
        assertEquals(missing + ": no such file", e.getMessage());
    }

    @Test
    void aFileThatIsNotUtf8(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("latin1.yaml"), new byte[] {'d', ':', ' ', (byte) 0xE9, '\n'});
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ProfileFile.load(file));
        assertEquals(file + ": cannot read: not UTF-8 text", e.getMessage());
    }

    @Test
    void placesNameTheFileAsGiven(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("p.yaml"), "devices: none\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ProfileFile.load(file));
        assertEquals(file + ":1:10: devices: expected a whole number from 1 to 2147483647, got 'none'", e.getMessage());
    }
}
