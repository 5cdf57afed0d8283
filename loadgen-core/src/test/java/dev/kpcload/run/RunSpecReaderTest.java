package dev.kpcload.run;

import dev.kpcload.InvalidInputException;
import dev.kpcload.client.ConfirmMode;
import dev.kpcload.kp.MessageKind;
import dev.kpcload.plan.Schedule;
import dev.kpcload.profile.Profile;
import dev.kpcload.profile.ProfileFile;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Flags and profiles into one run specification: which wins, and where problems are said to be. */
class RunSpecReaderTest {

    private static final String RAMP = """
        tokens: tokens.csv
        confirm: status
        inflight: 4
        connect: {rate: 200/s}
        publish:
          start: 200/s
          stages:
            - {duration: 20s, target: 2000/s, warmup: true}
            - {duration: 10s, target: 2000/s}
          mix:
            - {kind: epmx-update-keys, weight: 1}
            - {kind: dcx-json, weight: 3, samples: 10}
        events:
          - {at: 25s, reconnect-storm: {share: 50%}}
        """;

    private static Profile profile(String text) {
        return ProfileFile.parse(text, "p.yaml");
    }

    private static RunSpec read(Settings flags, String profileText) {
        return RunSpecReader.read(flags, profileText == null ? null : profile(profileText), "test", null);
    }

    private static Settings flags(String... keyValues) {
        Settings s = Settings.empty();
        for (int i = 0; i < keyValues.length; i += 2) {
            s = s.with(Setting.byKey(keyValues[i]), keyValues[i + 1], "--" + keyValues[i]);
        }
        return s;
    }

    @Test
    void aProfileGivesThePlanTheMixTheEventsAndItsSettings() {
        RunSpec spec = read(Settings.empty(), RAMP);
        LoadSpec.PublishSpec publish = spec.load().publish();
        assertEquals(42_000, publish.profile().integral(), 1e-6);
        assertEquals(2000, publish.peakPerSecond());
        assertEquals(java.util.List.of(MessageKind.EPMX_UPDATE_KEYS, MessageKind.DCX_JSON), publish.kinds());
        assertEquals(10, publish.mix().get(1).samples().min());
        assertEquals(200, spec.load().connect().perSecond());
        assertEquals(1, spec.load().storms().size());
        assertEquals(Duration.ofSeconds(25).toNanos(), spec.load().storms().get(0).atNanos());
        assertEquals(0.5, spec.load().storms().get(0).share());
        assertEquals(4, spec.session().inflight());
        assertEquals("p.yaml", spec.profile());
        Schedule plan = publish.anchor(0, 1);
        assertTrue(plan.warmupAt(Duration.ofSeconds(19).toNanos()));
        assertFalse(plan.warmupAt(Duration.ofSeconds(21).toNanos()));
    }

    @Test
    void flagsOverrideTheProfile() {
        String noEvents = RAMP.substring(0, RAMP.indexOf("events:"));
        RunSpec spec = read(flags("rate", "50/s", "duration", "3s", "inflight", "7", "connect-rate", "10/s"),
            noEvents);
        LoadSpec.PublishSpec publish = spec.load().publish();
        assertEquals(150, publish.profile().integral(), 1e-9, "a constant 50/s for 3 s");
        assertEquals(2, publish.mix().size(), "the profile's mix is kept");
        assertEquals(7, spec.session().inflight());
        assertEquals(10, spec.load().connect().perSecond());
    }

    @Test
    void timeScaleDividesEveryDurationOfTheProfileAndKeepsRates() {
        RunSpec spec = read(flags("time-scale", "10"), RAMP);
        assertEquals(4_200, spec.load().publish().profile().integral(), 1e-6);
        assertEquals(Duration.ofSeconds(3).toNanos(), spec.load().publish().profile().totalNanos());
        assertEquals(2000, spec.load().publish().peakPerSecond());
        assertEquals(Duration.ofMillis(2500).toNanos(), spec.load().storms().get(0).atNanos());
    }

    @Test
    void durationFlagCannotStretchStages() {
        var e = assertThrows(InvalidInputException.class, () -> read(flags("duration", "5s"), RAMP));
        assertEquals("--duration: the profile's publish section (p.yaml:7:3) fixes how long the plan lasts; shorten"
            + " it with time-scale instead", e.getMessage());
    }

    @Test
    void aReadNeedsConfirmStatusAndSaysWhereBothCameFrom() {
        String text = """
            tokens: t.csv
            confirm: puback
            publish:
              rate: 10/s
              mix:
                - {kind: epmx-get}
            """;
        var e = assertThrows(InvalidInputException.class, () -> read(Settings.empty(), text));
        assertEquals("p.yaml:6:14: epmx-get needs confirm status (its /status reply is what it measures), but confirm"
            + " is puback (p.yaml:2:10)", e.getMessage());
        var flagged = assertThrows(InvalidInputException.class, () -> read(flags("confirm", "none"), text));
        assertTrue(flagged.getMessage().endsWith("but confirm is none (--confirm)"), flagged.getMessage());
    }

    @Test
    void aStormAfterThePlanOrWithoutReconnectsIsRefused() {
        String late = RAMP.replace("at: 25s", "at: 40s");
        var e = assertThrows(InvalidInputException.class, () -> read(Settings.empty(), late));
        assertEquals("p.yaml:14:10: at 40s is after the message plan's end (30s)", e.getMessage());
        var off = assertThrows(InvalidInputException.class, () -> read(flags("reconnect-delay", "0s"), RAMP));
        assertTrue(off.getMessage().contains("needs reconnects, but reconnect-delay is 0 (--reconnect-delay)"),
            off.getMessage());
    }

    @Test
    void timerSlackIsHalfAMillisecondByDefaultZeroAllowedAndAtMostAHundredMilliseconds() {
        String noEvents = RAMP.substring(0, RAMP.indexOf("events:"));
        assertEquals(500_000, read(Settings.empty(), noEvents).session().timerSlackNanos());
        assertEquals(0, read(flags("timer-slack", "0"), noEvents).session().timerSlackNanos());
        assertEquals(250_000, read(Settings.empty(), noEvents + "timer-slack: 0.25ms\n").session().timerSlackNanos());
        var e = assertThrows(InvalidInputException.class, () -> read(flags("timer-slack", "1s"), noEvents));
        assertEquals("--timer-slack 1s: expected at most 100ms (it delays messages by up to that much)", e.getMessage());
    }

    @Test
    void noRateAnywhereIsRefused() {
        var e = assertThrows(InvalidInputException.class, () -> read(flags("tokens", "t.csv"), null));
        assertTrue(e.getMessage().startsWith("no rate given"), e.getMessage());
    }

    @Test
    void connectStagesHoldTheirLastRateUntilEveryDeviceStarted() {
        String text = """
            tokens: t.csv
            connect:
              stages:
                - {duration: 1s, target: 100/s}
            publish: {rate: 10/s}
            """;
        LoadSpec.ConnectSpec connect = read(Settings.empty(), text).load().connect();
        Schedule plan = connect.anchor(0, 1000, 1);
        assertTrue(plan.intendedNanos(999) < plan.endNanos(), "device 999 still has a connect time");
        assertEquals(100, plan.ratePerSecondAt(Duration.ofSeconds(5).toNanos()), 1e-9);
        var all = read(Settings.empty(), text.replace("""
              stages:
                - {duration: 1s, target: 100/s}
            """, "  rate: all\n")).load().connect();
        assertTrue(all.allAtOnce());
        assertTrue(all.anchor(0, 1000, 1).intendedNanos(999) < 1_000, "within a microsecond");
    }

    @Test
    void publishNoneIsAPlanWithoutMessages() {
        RunSpec spec = read(Settings.empty(), "tokens: t.csv\nconfirm: none\npublish: none\n");
        assertTrue(spec.load().publish().none());
        assertEquals(ConfirmMode.NONE, spec.session().confirm());
        assertNull(spec.load().publish().profile());
    }

    @Test
    void shardsRunTheirShareOfEveryRate() {
        LoadSpec load = read(Settings.empty(), RAMP).load().forShards(4);
        assertEquals(500, load.publish().peakPerSecond(), 1e-9);
        assertEquals(42_000 / 4.0, load.publish().profile().integral(), 1e-6);
        assertEquals(50, load.connect().perSecond(), 1e-9);
    }

    @Test
    void aStartTimeComesFromTheFlagOrTheProfileAndItsGraceDefaultsToTenSeconds() {
        assertNull(read(flags("tokens", "t.csv", "rate", "10/s"), null).start());
        RunSpec.StartSpec fromFlag = read(flags("tokens", "t.csv", "rate", "10/s", "start-at", "2026-12-02T20:00:00Z"),
            null).start();
        assertEquals(java.time.Instant.parse("2026-12-02T20:00:00Z"), fromFlag.at().at());
        assertEquals(Duration.ofSeconds(10), fromFlag.grace());
        RunSpec.StartSpec fromProfile = read(Settings.empty(), "tokens: t.csv\nstart-at: +45s\nstart-grace: 2s\npublish: {rate: 1/s}\n")
            .start();
        assertEquals(Duration.ofSeconds(45), fromProfile.at().fromNow());
        assertEquals("p.yaml:2:11", fromProfile.at().where());
        assertEquals(Duration.ofSeconds(2), fromProfile.grace());
        RunSpec.StartSpec overridden = read(flags("start-at", "+1s", "rate", "1/s"), "tokens: t.csv\nstart-at: +45s\n").start();
        assertEquals(Duration.ofSeconds(1), overridden.at().fromNow());
    }

    @Test
    void aBadStartTimeOrAGraceWithoutOneIsOneLineNamingIt() {
        InvalidInputException bad = assertThrows(InvalidInputException.class,
            () -> read(flags("tokens", "t.csv", "rate", "1/s", "start-at", "8pm"), null));
        assertTrue(bad.getMessage().startsWith("--start-at: expected an RFC 3339 time"), bad.getMessage());
        InvalidInputException inProfile = assertThrows(InvalidInputException.class,
            () -> read(flags("rate", "1/s"), "tokens: t.csv\nstart-at: 8pm\n"));
        assertTrue(inProfile.getMessage().startsWith("p.yaml:2:11: expected an RFC 3339 time"), inProfile.getMessage());
        InvalidInputException graceAlone = assertThrows(InvalidInputException.class,
            () -> read(flags("tokens", "t.csv", "rate", "1/s", "start-grace", "5s"), null));
        assertTrue(graceAlone.getMessage().startsWith("--start-grace: is how late"), graceAlone.getMessage());
        InvalidInputException badGrace = assertThrows(InvalidInputException.class,
            () -> read(flags("tokens", "t.csv", "rate", "1/s", "start-at", "+1s", "start-grace", "soon"), null));
        assertTrue(badGrace.getMessage().startsWith("--start-grace: "), badGrace.getMessage());
    }
}
