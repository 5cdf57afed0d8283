package dev.kpcload.run;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IntervalGridTest {

    private static final Instant START_AT = Instant.parse("2026-12-03T12:00:00Z");
    private static final long INTERVAL = TimeUnit.SECONDS.toNanos(5);

    /**
     * Two shards on two machines (each its own nanoTime origin, their wall clocks 0.3 ms apart), given one start
     * time, one ready 250 ms early and one 12.3 s late, their timers firing a few ms late at random: every cut of
     * either is at start + k x interval on the wall clock, the same k giving the same moment on both, and the late
     * one skips the intervals it missed instead of starting a grid of its own.
     */
    @Test
    void shardsStartedAtDifferentMomentsCutAtTheSameWallClockTimes() {
        ClockMapping a = new ClockMapping(epochNanos(START_AT) - TimeUnit.SECONDS.toNanos(40), 1_000_000L);
        ClockMapping b = new ClockMapping(epochNanos(START_AT) - TimeUnit.SECONDS.toNanos(3) + 300_000,
            987_654_321_000L);
        Map<Long, Instant> cutsA = cuts(a, a.nanoTimeOf(START_AT) - TimeUnit.MILLISECONDS.toNanos(250), 1);
        Map<Long, Instant> cutsB = cuts(b, b.nanoTimeOf(START_AT) + TimeUnit.MILLISECONDS.toNanos(12_300), 2);

        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L), new ArrayList<>(cutsA.keySet()));
        // ready in interval 2 (10..15 s after the start): indices 0 and 1 skipped, its first interval partial
        assertEquals(List.of(2L, 3L, 4L, 5L, 6L, 7L), new ArrayList<>(cutsB.keySet()));
        for (var cut : cutsA.entrySet()) {
            assertEquals(START_AT.plusNanos((cut.getKey() + 1) * INTERVAL), cut.getValue(), "cut " + cut.getKey());
        }
        cutsB.forEach((index, at) -> assertEquals(cutsA.get(index), at, "cut " + index));
    }

    /** Boundaries are counted from the start time, whenever the reporter asks; the start itself is none. */
    @Test
    void theFirstIntervalOfAnEarlyShardEndsOneIntervalAfterTheStart() {
        IntervalGrid grid = new IntervalGrid(1_000, 100);
        assertEquals(1_100, grid.nextCutAfter(-50_000));
        assertEquals(1_100, grid.nextCutAfter(1_000));
        assertEquals(1_100, grid.nextCutAfter(1_099));
        assertEquals(1_200, grid.nextCutAfter(1_100));
        assertEquals(1_500, grid.nextCutAfter(1_437));
    }

    @Test
    void aCutALittleLateKeepsItsIndex() {
        IntervalGrid grid = new IntervalGrid(1_000, 100);
        assertEquals(0, grid.indexEndingAt(1_100));
        assertEquals(0, grid.indexEndingAt(1_130));
        assertEquals(4, grid.indexEndingAt(1_497)); // the fifth boundary, 1_500
        assertEquals(0, grid.indexEndingAt(900));
        assertThrows(IllegalArgumentException.class, () -> new IntervalGrid(0, 0));
    }

    /**
     * A shard's cuts, as its reporter makes them: from the moment it is ready, each timer set for the grid's next
     * boundary fires up to 4 ms late (seeded), and the next is asked for from then. The wall-clock time of each cut's
     * boundary, by the index of the interval the fired cut ends, up to 40 s after the start.
     */
    private static Map<Long, Instant> cuts(ClockMapping mapping, long readyNanos, long seed) {
        IntervalGrid grid = new IntervalGrid(mapping.nanoTimeOf(START_AT), INTERVAL);
        SplittableRandom late = new SplittableRandom(seed);
        Map<Long, Instant> cuts = new LinkedHashMap<>();
        long now = readyNanos;
        long end = mapping.nanoTimeOf(START_AT.plusSeconds(40));
        while (true) {
            long boundary = grid.nextCutAfter(now);
            if (boundary > end) {
                return cuts;
            }
            now = boundary + late.nextLong(TimeUnit.MILLISECONDS.toNanos(4));
            cuts.put(grid.indexEndingAt(now), mapping.instantOf(boundary));
        }
    }

    private static long epochNanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
