package dev.kpcload.plan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

class LanePacerTest {

    private static final long START = 5_000_000_000L;
    private static final long NO_STOP = Long.MAX_VALUE;

    /** What a sink saw: global index, lane, index into the lane's slots, intended time. */
    private record Emission(long k, int lane, int laneIndex, long intended) {
    }

    /** Exact intended time for an integer rate: start + floor(k * 1e9 / rate), independent of the code under test. */
    private static long exact(long k, long rate) {
        return START + k * 1_000_000_000L / rate;
    }

    private static final class FakeClock implements NanoClock {
        final AtomicLong now = new AtomicLong();

        FakeClock(long start) {
            now.set(start);
        }

        @Override
        public long nanoTime() {
            return now.get();
        }
    }

    @Test
    void emitsOnlyDueMessagesAndReturnsTheNextIntendedTime() {
        UniformSchedule plan = UniformSchedule.of(START, 10, 0); // every 100 ms
        LanePacer pacer = new LanePacer(plan, new int[] {0}, 1, Long.MAX_VALUE);
        List<Long> emitted = new ArrayList<>();
        LanePacer.Sink sink = (i, k_, t) -> emitted.add(t);

        assertEquals(START, pacer.tick(START - 1, NO_STOP, sink));
        assertEquals(List.of(), emitted);
        assertEquals(START + 100_000_000L, pacer.tick(START, NO_STOP, sink));
        assertEquals(List.of(START), emitted);
        assertEquals(START + 100_000_000L, pacer.tick(START + 99_999_999L, NO_STOP, sink), "nothing due yet");
        assertEquals(1, emitted.size());
        assertEquals(START + 300_000_000L, pacer.tick(START + 250_000_000L, NO_STOP, sink));
        assertEquals(List.of(START, START + 100_000_000L, START + 200_000_000L), emitted);
        assertEquals(3, pacer.emitted());
        assertEquals(3, pacer.nextMessageIndex());
    }

    @Test
    void aLateTickEmitsEveryMissedMessageWithItsOriginalIntendedTime() {
        UniformSchedule plan = UniformSchedule.of(START, 7, 0);
        int[][] slots = LanePacer.roundRobinSlots(3, 2);
        LanePacer a = new LanePacer(plan, slots[0], 3, Long.MAX_VALUE);
        List<Emission> seen = new ArrayList<>();
        a.tick(START, NO_STOP, (i, k_, t) -> seen.add(new Emission(a.nextMessageIndex(), 0, i, t)));
        assertEquals(1, seen.size());
        long late = START + 10_000_000_000L; // ten seconds late: 70 messages of the plan, ~47 of them this lane's
        long next = a.tick(late, NO_STOP, (i, k_, t) -> seen.add(new Emission(a.nextMessageIndex(), 0, i, t)));
        List<Long> expectedKs = new ArrayList<>();
        for (long k = 0; exact(k, 7) <= late; k++) {
            if (k % 3 != 1) {
                expectedKs.add(k);
            }
        }
        assertEquals(expectedKs, seen.stream().map(Emission::k).toList());
        for (Emission e : seen) {
            assertEquals(exact(e.k(), 7), e.intended(), "k=" + e.k() + " keeps its original time");
            assertEquals(e.k() % 3 == 0 ? 0 : 1, e.laneIndex());
        }
        long nextK = 71; // 70 (due exactly at `late`) is slot 1's, 71 is slot 2's: the first one not yet due
        assertEquals(exact(nextK, 7), next);
    }

    @Test
    void stopAtIsExclusiveAndEndsTheLane() {
        UniformSchedule plan = UniformSchedule.of(START, 1000, 0);
        LanePacer pacer = new LanePacer(plan, new int[] {0}, 1, Long.MAX_VALUE);
        List<Long> emitted = new ArrayList<>();
        long stopAt = START + 3_000_000L; // messages 0, 1, 2 are before it; 3 is at it
        assertEquals(LanePacer.DONE, pacer.tick(START + 10_000_000L, stopAt, (i, k_, t) -> emitted.add(t)));
        assertEquals(List.of(START, START + 1_000_000L, START + 2_000_000L), emitted);
        assertEquals(LanePacer.DONE, pacer.tick(START + 20_000_000L, stopAt, (i, k_, t) -> emitted.add(t)));
        assertEquals(3, emitted.size());
    }

    @Test
    void stopAtEndsTheLaneEvenBeforeTheNextMessageIsDue() {
        UniformSchedule plan = UniformSchedule.of(START, 1000, 0);
        LanePacer pacer = new LanePacer(plan, new int[] {0}, 1, Long.MAX_VALUE);
        assertEquals(START + 1_000_000L, pacer.tick(START, NO_STOP, (i, k_, t) -> { }));
        assertEquals(LanePacer.DONE, pacer.tick(START + 1, START + 1_000_000L, (i, k_, t) -> fail("not due")));
    }

    @Test
    void thePlanEndEndsTheLane() {
        UniformSchedule plan = UniformSchedule.of(START, 185, 400_000_000L);
        LanePacer pacer = new LanePacer(plan, new int[] {0}, 1, Long.MAX_VALUE);
        assertEquals(LanePacer.DONE, pacer.tick(START + 1_000_000_000L, NO_STOP, (i, k_, t) -> { }));
        assertEquals(plan.plannedCount(), pacer.emitted());
        assertEquals(74, pacer.emitted());
    }

    @Test
    void connectPlansVisitEachSlotOnce() {
        int n = 5;
        UniformSchedule plan = UniformSchedule.of(START, 100, 0);
        int[][] slots = LanePacer.roundRobinSlots(n, 2);
        List<Emission> seen = new ArrayList<>();
        for (int lane = 0; lane < 2; lane++) {
            LanePacer pacer = new LanePacer(plan, slots[lane], n, n);
            int l = lane;
            assertEquals(LanePacer.DONE, pacer.tick(START + 1_000_000_000L, NO_STOP,
                (i, k_, t) -> seen.add(new Emission(pacer.nextMessageIndex(), l, i, t))));
            assertEquals(slots[lane].length, pacer.emitted());
            assertEquals(LanePacer.DONE, pacer.tick(START + 9_000_000_000L, NO_STOP, (i, k_, t) -> fail("twice")));
        }
        seen.sort(Comparator.comparingLong(Emission::k));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), seen.stream().map(Emission::k).toList());
        for (Emission e : seen) {
            assertEquals(e.k(), slots[e.lane()][e.laneIndex()]);
            assertEquals(exact(e.k(), 100), e.intended());
        }
    }

    @Test
    void roundRobinSlotsSplitTheFleet() {
        assertArrayEquals(new int[][] {{0, 3, 6}, {1, 4}, {2, 5}}, LanePacer.roundRobinSlots(7, 3));
        assertArrayEquals(new int[][] {{0}}, LanePacer.roundRobinSlots(1, 1));
        assertArrayEquals(new int[][] {{0}, {}, {}}, LanePacer.roundRobinSlots(1, 3));
        assertArrayEquals(new int[][] {{0, 2}, {1, 3}}, LanePacer.roundRobinSlots(4, 2));
        assertArrayEquals(new int[][] {{}, {}}, LanePacer.roundRobinSlots(0, 2));
    }

    @Test
    void anEmptyLaneIsDoneAtOnce() {
        LanePacer pacer = new LanePacer(UniformSchedule.of(START, 1, 0), new int[0], 3, Long.MAX_VALUE);
        assertEquals(LanePacer.DONE, pacer.tick(START + 1_000_000_000_000L, NO_STOP, (i, k_, t) -> fail("empty")));
    }

    @Test
    void rejectsSlotsThatAreNotIncreasingOrOutOfRange() {
        UniformSchedule plan = UniformSchedule.of(START, 1, 0);
        assertThrows(IllegalArgumentException.class, () -> new LanePacer(plan, new int[] {1, 0}, 3, 3));
        assertThrows(IllegalArgumentException.class, () -> new LanePacer(plan, new int[] {1, 1}, 3, 3));
        assertThrows(IllegalArgumentException.class, () -> new LanePacer(plan, new int[] {3}, 3, 3));
        assertThrows(IllegalArgumentException.class, () -> new LanePacer(plan, new int[] {-1}, 3, 3));
    }

    @Test
    void slotsAreCopied() {
        int[] slots = {0, 1};
        LanePacer pacer = new LanePacer(UniformSchedule.of(START, 1000, 0), slots, 2, Long.MAX_VALUE);
        slots[0] = 1;
        assertEquals(0, pacer.nextMessageIndex());
    }

    @ParameterizedTest(name = "N={0}, lanes={1}, {2}/s, seed {3}")
    @CsvSource({
            "7, 3, 1000, 1",
            "7, 3, 7, 2",
            "1, 1, 185, 3",
            "1, 3, 1000, 4",
            "2, 5, 333, 5",
            "10, 4, 1000, 6",
            "13, 13, 3, 7",
            "100, 7, 2500, 8",
    })
    void roundRobinLanesTogetherCarryOutTheGlobalPlan(int n, int lanes, int rate, long seed) {
        checkLanesCarryOutThePlan(n, LanePacer.roundRobinSlots(n, lanes), rate, seed);
    }

    @ParameterizedTest(name = "N={0}, lanes={1}, seed {2}")
    @CsvSource({
            "7, 3, 11",
            "1, 4, 12",
            "3, 8, 13",
            "50, 5, 14",
            "64, 2, 15",
    })
    void arbitraryDisjointSlotSetsTogetherCarryOutTheGlobalPlan(int n, int lanes, long seed) {
        Random random = new Random(seed);
        List<List<Integer>> parts = new ArrayList<>();
        for (int l = 0; l < lanes; l++) {
            parts.add(new ArrayList<>());
        }
        for (int slot = 0; slot < n; slot++) {
            parts.get(random.nextInt(lanes)).add(slot);
        }
        int[][] slots = parts.stream().map(p -> p.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
        checkLanesCarryOutThePlan(n, slots, 1000, seed);
        checkLanesCarryOutThePlan(n, slots, 7, seed + 100);
    }

    private static void checkLanesCarryOutThePlan(int n, int[][] slots, int rate, long seed) {
        long duration = rate >= 100 ? 2_000_000_000L : 20_000_000_000L;
        UniformSchedule plan = UniformSchedule.of(START, rate, duration);
        long period = 1_000_000_000L / rate;
        LanePacer[] pacers = new LanePacer[slots.length];
        boolean[] done = new boolean[slots.length];
        for (int l = 0; l < slots.length; l++) {
            pacers[l] = new LanePacer(plan, slots[l], n, Long.MAX_VALUE);
        }
        List<Emission> all = new ArrayList<>();
        Random random = new Random(seed);
        FakeClock clock = new FakeClock(START - period);
        while (!allDone(done)) {
            long now = clock.nanoTime();
            for (int l : shuffledLanes(slots.length, random)) {
                if (done[l]) {
                    continue;
                }
                LanePacer pacer = pacers[l];
                int lane = l;
                long next = pacer.tick(now, NO_STOP, (i, k_, t) -> {
                    long k = pacer.nextMessageIndex();
                    assertTrue(t <= now, "emitted before due");
                    all.add(new Emission(k, lane, i, t));
                });
                if (next == LanePacer.DONE) {
                    done[l] = true;
                } else {
                    assertTrue(next > now, "next must lie ahead");
                    assertEquals(exact(pacer.nextMessageIndex(), rate), next, "next intended time");
                }
            }
            // mostly small steps, sometimes a stall of many periods
            long step = random.nextInt(20) == 0 ? period * (10 + random.nextInt(40)) : random.nextLong(period * 3 + 1);
            clock.now.addAndGet(step);
        }
        long planned = plan.plannedCount();
        assertEquals(planned, all.size(), "the lanes emitted the whole plan");
        long[] lastKOfLane = new long[slots.length];
        Arrays.fill(lastKOfLane, -1);
        for (Emission e : all) {
            assertTrue(e.k() > lastKOfLane[e.lane()], "each lane emits in increasing k");
            lastKOfLane[e.lane()] = e.k();
        }
        all.sort(Comparator.comparingLong(Emission::k));
        for (int j = 0; j < all.size(); j++) {
            Emission e = all.get(j);
            assertEquals(j, e.k(), "every k exactly once");
            assertEquals(j % n, slots[e.lane()][e.laneIndex()], "k goes to slot k mod N");
            assertEquals(exact(j, rate), e.intended(), "k=" + j);
            assertTrue(e.intended() < plan.endNanos());
        }
        long emitted = Arrays.stream(pacers).mapToLong(LanePacer::emitted).sum();
        assertEquals(planned, emitted);
    }

    private static boolean allDone(boolean[] done) {
        for (boolean d : done) {
            if (!d) {
                return false;
            }
        }
        return true;
    }

    private static int[] shuffledLanes(int lanes, Random random) {
        List<Integer> order = new ArrayList<>();
        for (int l = 0; l < lanes; l++) {
            order.add(l);
        }
        java.util.Collections.shuffle(order, random);
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Ramps up from 0, a hold, a pause, a jump, and a ramp down to 0: about 2,600 messages in 2.5 s. */
    private static StagedSchedule stagedPlan() {
        return new StagedSchedule(RateProfile.of(List.of(Stage.ramp(1_000_000_000L, 2000), Stage.at(500_000_000L, 500),
                Stage.at(300_000_000L, 0), Stage.at(200_000_000L, 3000), Stage.ramp(500_000_000L, 0))), START);
    }

    @ParameterizedTest(name = "N={0}, lanes={1}, seed {2}")
    @CsvSource({
            "7, 3, 21",
            "1, 1, 22",
            "1, 3, 23",
            "10, 4, 24",
            "100, 7, 25",
    })
    void lanesTogetherCarryOutAStagedPlanExactly(int n, int lanes, long seed) {
        StagedSchedule plan = stagedPlan();
        assertEquals(2600, plan.plannedCount());
        checkLanesCarryOut(plan, n, LanePacer.roundRobinSlots(n, lanes), seed);
    }

    @ParameterizedTest(name = "N={0}, lanes={1}, seed {2}")
    @CsvSource({
            "7, 3, 31",
            "1, 1, 32",
            "100, 7, 33",
    })
    void lanesTogetherCarryOutPoissonArrivalsExactly(int n, int lanes, long seed) {
        PoissonSchedule plan = new PoissonSchedule(stagedPlan(), seed);
        assertEquals(2600, plan.plannedCount());
        checkLanesCarryOut(plan, n, LanePacer.roundRobinSlots(n, lanes), seed);
    }

    /**
     * Lanes ticked in random order by a fake clock that mostly steps a little and sometimes stalls, some ticks with
     * a small budget (so lanes fall behind and catch up): every k of the plan is emitted exactly once, by the lane
     * owning slot k mod N, never before its intended time and with that intended time.
     */
    private static void checkLanesCarryOut(Schedule plan, int n, int[][] slots, long seed) {
        Schedule reference = plan.forLane();
        double meanPeriod = (plan.endNanos() - plan.startNanos()) / (double) plan.plannedCount();
        LanePacer[] pacers = new LanePacer[slots.length];
        boolean[] done = new boolean[slots.length];
        for (int l = 0; l < slots.length; l++) {
            pacers[l] = new LanePacer(plan, slots[l], n, Long.MAX_VALUE);
        }
        List<Emission> all = new ArrayList<>();
        Random random = new Random(seed);
        FakeClock clock = new FakeClock(plan.startNanos() - 1_000_000L);
        while (!allDone(done)) {
            long now = clock.nanoTime();
            for (int l : shuffledLanes(slots.length, random)) {
                if (done[l]) {
                    continue;
                }
                LanePacer pacer = pacers[l];
                int lane = l;
                int budget = random.nextInt(4) == 0 ? 1 + random.nextInt(5) : Integer.MAX_VALUE;
                int before = all.size();
                long next = pacer.tick(now, NO_STOP, (i, k_, t) -> {
                    assertTrue(t <= now, "emitted before due");
                    all.add(new Emission(pacer.nextMessageIndex(), lane, i, t));
                }, budget);
                if (next == LanePacer.DONE) {
                    done[l] = true;
                    continue;
                }
                assertTrue(next > now, "next must lie ahead");
                long nextIntended = reference.intendedNanos(pacer.nextMessageIndex());
                boolean behind = all.size() - before == budget && nextIntended <= now;
                if (!behind) {
                    assertEquals(nextIntended, next, "the next message's intended time");
                }
            }
            long step = random.nextInt(20) == 0 ? (long) (meanPeriod * (10 + random.nextInt(40)))
                    : (long) (random.nextDouble() * meanPeriod * 3) + 1;
            clock.now.addAndGet(step);
        }
        assertEquals(plan.plannedCount(), all.size(), "the lanes emitted the whole plan");
        long[] lastKOfLane = new long[slots.length];
        Arrays.fill(lastKOfLane, -1);
        for (Emission e : all) {
            assertTrue(e.k() > lastKOfLane[e.lane()], "each lane emits in increasing k");
            lastKOfLane[e.lane()] = e.k();
        }
        all.sort(Comparator.comparingLong(Emission::k));
        for (int j = 0; j < all.size(); j++) {
            Emission e = all.get(j);
            assertEquals(j, e.k(), "every k exactly once");
            assertEquals(j % n, slots[e.lane()][e.laneIndex()], "k goes to slot k mod N");
            assertEquals(reference.intendedNanos(j), e.intended(), "k=" + j);
            assertTrue(e.intended() < plan.endNanos());
        }
    }

    @Test
    void aLaneBehindCatchesUpAtTheRateItsBacklogWasPlannedAt() {
        // 500/s for 10 ms, then a 1 s pause: a lane still behind in the pause catches up at twice 500/s, not at the
        // pause's rate (0), and after a spike at twice the spike's rate, not the base rate it has returned to
        StagedSchedule pause = new StagedSchedule(new RateProfile(500, List.of(Stage.ramp(10_000_000L, 500),
                Stage.at(1_000_000_000L, 0), Stage.at(10_000_000L, 500))), START);
        LanePacer pacer = new LanePacer(pause, new int[] {0}, 1, Long.MAX_VALUE);
        long now = START + 20_000_000L;
        List<Long> intended = new ArrayList<>();
        assertEquals(now + 4 * 2_000_000L / 2, pacer.tick(now, NO_STOP, (i, k_, t) -> intended.add(t), 4));
        assertEquals(List.of(START, START + 2_000_000L, START + 4_000_000L, START + 6_000_000L), intended);

        StagedSchedule spike = new StagedSchedule(RateProfile.of(List.of(Stage.at(100_000_000L, 10_000),
                Stage.at(1_000_000_000L, 10))), START);
        LanePacer behind = new LanePacer(spike, new int[] {0}, 2, Long.MAX_VALUE);
        now = START + 500_000_000L; // in the base, the spike's 1000 messages all overdue
        // the lane holds half the slots: its own period at 10,000/s is 0.2 ms
        assertEquals(now + 10 * 200_000L / 2, behind.tick(now, NO_STOP, (i, k_, t) -> { }, 10));
    }

    @Test
    void aLaneBehindCatchesUpAtTwiceItsRateWithIntendedTimesKept() {
        // 1000/s over 4 slots, lane holds 2 of them: its own rate is 500/s, period 2 ms
        UniformSchedule plan = new UniformSchedule(0, 1_000_000, Long.MAX_VALUE);
        LanePacer pacer = new LanePacer(plan, new int[] {0, 2}, 4, Long.MAX_VALUE);
        java.util.List<Long> intended = new java.util.ArrayList<>();
        long now = 100_000_000; // 100 ms late: 50 of this lane's messages are due
        long next = pacer.tick(now, Long.MAX_VALUE, (i, k_, t) -> intended.add(t), 16);
        assertEquals(16, intended.size());
        assertEquals(now + 16 * 2_000_000L / 2, next, "the next 16 after 16 ms: twice the lane's 500/s");
        assertEquals(java.util.List.of(0L, 2_000_000L, 4_000_000L), intended.subList(0, 3), "never re-timed");
        pacer.tick(next, Long.MAX_VALUE, (i, k_, t) -> intended.add(t), 16);
        assertEquals(32, intended.size());
        assertEquals(62_000_000L, intended.get(31));
        // caught up: only what is due
        pacer.tick(200_000_000, Long.MAX_VALUE, (i, k_, t) -> intended.add(t), 1000);
        assertEquals(101, intended.size());
    }
}
