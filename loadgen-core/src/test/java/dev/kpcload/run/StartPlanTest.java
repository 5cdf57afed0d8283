package dev.kpcload.run;

import dev.kpcload.InvalidInputException;
import dev.kpcload.plan.RateProfile;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --start-at}: its parsing, the wall clock mapped onto the run's clock, and early, late, too late (fake clocks). */
class StartPlanTest {

    private static final Instant START = Instant.parse("2026-12-02T20:00:00Z");

    /** A wall clock at {@code START + offset} and a run's clock reading {@code nanos}. */
    private static ClockMapping at(Duration offset, long nanos) {
        return ClockMapping.capture(Clock.fixed(START.plus(offset), ZoneOffset.UTC), () -> nanos);
    }

    @Test
    void anRfc3339TimeWithAnyOffsetIsOneInstant() {
        assertEquals(START, StartAt.parse("2026-12-02T20:00:00Z", "--start-at").at());
        assertEquals(START, StartAt.parse("2026-12-02T21:00:00+01:00", "--start-at").at());
        assertEquals(START, StartAt.parse("2026-12-02t20:00:00z", "--start-at").at(), "RFC 3339 allows lower case");
        assertEquals(START.plusMillis(250), StartAt.parse(" 2026-12-02T20:00:00.250Z ", "--start-at").at());
        assertNull(StartAt.parse("2026-12-02T20:00:00Z", "--start-at").fromNow());
    }

    @Test
    void aDurationFromNowCountsFromWhenItIsResolved() {
        StartAt relative = StartAt.parse("+30s", "--start-at");
        assertNull(relative.at());
        assertEquals(Duration.ofSeconds(30), relative.fromNow());
        assertEquals(START.plusSeconds(30), relative.resolve(START));
        assertEquals(START.plusMillis(1500), StartAt.parse("+1.5s", "--start-at").resolve(START));
        assertEquals(START, StartAt.parse("2026-12-02T20:00:00Z", "x").resolve(START.plusSeconds(99)));
    }

    @Test
    void anythingElseIsOneLineNamingWhereItCameFrom() {
        for (String bad : new String[] {"tomorrow", "2026-12-02T20:00:00", "2026-12-02 20:00Z", "+", "+-3s", "+3 weeks",
            "20:00:00Z", "2026-13-02T20:00:00Z"}) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> StartAt.parse(bad, "--start-at"));
            assertTrue(e.getMessage().startsWith("--start-at: expected an RFC 3339 time"), e.getMessage());
            assertTrue(e.getMessage().endsWith("got '" + bad + "'"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
        }
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> StartAt.parse("soon", "p.yaml:3:11"));
        assertTrue(e.getMessage().startsWith("p.yaml:3:11: "), e.getMessage());
    }

    @Test
    void theMappingTurnsWallClockTimesIntoRunClockTimesAndBack() {
        ClockMapping m = at(Duration.ofSeconds(-5), 1_000_000_000L);
        assertEquals(6_000_000_000L, m.nanoTimeOf(START));
        assertEquals(6_000_000_001L, m.nanoTimeOf(START.plusNanos(1)), "to the nanosecond");
        assertEquals(START, m.instantOf(6_000_000_000L));
        assertEquals(START.getEpochSecond() + 0.25, m.epochSecondsOf(6_250_000_000L), 1e-6);
        // a run's clock may be negative (System.nanoTime is arbitrary)
        ClockMapping negative = at(Duration.ZERO, -7_000_000_000L);
        assertEquals(-7_000_000_000L, negative.nanoTimeOf(START));
        assertEquals(START.minusSeconds(1), negative.instantOf(-8_000_000_000L));
    }

    @Test
    void theWallClockIsReadBetweenTwoReadingsOfTheRunClockAndPairedWithTheirMidpoint() {
        AtomicLong nanos = new AtomicLong(100);
        ClockMapping m = ClockMapping.capture(Clock.fixed(START, ZoneOffset.UTC), () -> nanos.getAndAdd(40));
        assertEquals(120, m.nanoTime());
        assertEquals(120, m.nanoTimeOf(START));
    }

    @Test
    void earlyItWaitsLateWithinTheGraceItRunsLaterItRefuses() {
        StartPlan plan = new StartPlan(START, Duration.ofSeconds(10), "--start-at", "--start-grace");

        StartPlan.Readiness early = plan.readiness(at(Duration.ofMillis(-2500), 50_000));
        assertEquals(StartPlan.Timing.EARLY, early.timing());
        assertEquals(50_000 + 2_500_000_000L, early.startNanos());
        assertEquals(0, early.lateSeconds());
        assertEquals("start: waiting 2.500 s for the start time 2026-12-02T20:00:00Z (--start-at)", plan.describe(early));

        StartPlan.Readiness onTheDot = plan.readiness(at(Duration.ZERO, 0));
        assertEquals(StartPlan.Timing.EARLY, onTheDot.timing(), "on time: nothing to wait for, nothing late");

        StartPlan.Readiness late = plan.readiness(at(Duration.ofMillis(3250), 10_000_000_000L));
        assertEquals(StartPlan.Timing.LATE, late.timing());
        assertEquals(10_000_000_000L - 3_250_000_000L, late.startNanos(), "the plans stay at the start time");
        assertEquals(3.25, late.lateSeconds(), 1e-12);
        assertTrue(plan.describe(late).startsWith("start: ready 3.250 s after the start time 2026-12-02T20:00:00Z"
            + " (--start-at): "), plan.describe(late));
        assertTrue(plan.describe(late).contains("lateness is in this shard's latencies"));

        assertEquals(StartPlan.Timing.LATE, plan.readiness(at(Duration.ofSeconds(10), 0)).timing(), "the grace itself");
        StartPlan.Readiness tooLate = plan.readiness(at(Duration.ofSeconds(10).plusNanos(1), 0));
        assertEquals(StartPlan.Timing.TOO_LATE, tooLate.timing());
        String refusal = plan.describe(plan.readiness(at(Duration.ofSeconds(12), 0)));
        assertEquals("--start-at 2026-12-02T20:00:00Z: ready 12.000 s after it, later than --start-grace 10s allows:"
            + " start the shards earlier or give a later start time", refusal);

        StartPlan noGrace = new StartPlan(START, Duration.ZERO, "--start-at", "--start-grace");
        assertEquals(StartPlan.Timing.TOO_LATE, noGrace.readiness(at(Duration.ofNanos(1), 0)).timing());
    }

    @Test
    void theMessagePlanBeginsAfterTheWholeRunsConnectPlanTheSameOnEveryShard() {
        // 1000 devices at 100/s: the last intended at 9.99 s, then the settle
        long offset = StartPlan.publishOffsetNanos(LoadSpec.ConnectSpec.constant(100), 1000);
        assertEquals(9_990_000_000L + StartPlan.CONNECT_SETTLE.toNanos(), offset);
        LoadSpec.ConnectSpec poisson = new LoadSpec.ConnectSpec(null, 100, false, true);
        assertEquals(offset, StartPlan.publishOffsetNanos(poisson, 1000), "whatever a shard's seed");
        assertEquals(StartPlan.CONNECT_SETTLE.toNanos() + 999, StartPlan.publishOffsetNanos(
            LoadSpec.ConnectSpec.everyDeviceAtOnce(), 1000), "all at once: 1 ns apart");
        LoadSpec.ConnectSpec staged = new LoadSpec.ConnectSpec(RateProfile.constant(50, 2_000_000_000L), 0, false,
            false);
        assertEquals(1_980_000_000L + StartPlan.CONNECT_SETTLE.toNanos(), StartPlan.publishOffsetNanos(staged, 100));
    }
}
