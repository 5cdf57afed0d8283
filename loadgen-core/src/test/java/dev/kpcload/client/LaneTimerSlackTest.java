package dev.kpcload.client;

import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.plan.Schedule;
import dev.kpcload.plan.UniformSchedule;
import io.netty.handler.codec.mqtt.MqttMessageType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A lane's publish wakeups under timer slack, on the embedded loop's frozen clock: when messages are closer
 * together than the slack, one tick per slack period writes all that fell due (each at most one slack late);
 * when they are further apart, each leaves at its intended time, as without slack.
 */
class LaneTimerSlackTest {

    private static final long US = TimeUnit.MICROSECONDS.toNanos(1);
    private static final long STEP = 10 * US;

    @Test
    void aDensePlanIsWrittenOncePerSlackPeriodAndNoMessageLeavesLaterThanTheSlack() {
        try (SessionHarness h = harness(500 * US)) {
            Schedule plan = UniformSchedule.of(h.now(), 10_000, TimeUnit.MILLISECONDS.toNanos(10));
            List<Long> writes = publish(h, plan, 100, 12_000 * US);

            long wakeups = writes.stream().distinct().count();
            assertTrue(wakeups <= 22, "about one write time per 0.5 ms over 10 ms, got " + wakeups);
            for (int k = 0; k < 100; k++) {
                long late = writes.get(k) - plan.intendedNanos(k);
                assertTrue(late >= 0 && late <= 500 * US, "message " + k + " left " + late + " ns late");
            }
            assertTrue(h.latency(LatencyKind.SEND_LAG).getMaxValue() <= 501 * US);
            assertTrue(h.latency(LatencyKind.SEND_LAG).getMean() > 100 * US, "the slack shows in send lag");
        }
    }

    @Test
    void withoutSlackEveryMessageLeavesAtItsIntendedTime() {
        try (SessionHarness h = harness(0)) {
            Schedule plan = UniformSchedule.of(h.now(), 10_000, TimeUnit.MILLISECONDS.toNanos(10));
            assertOnTime(plan, publish(h, plan, 100, 12_000 * US));
        }
    }

    @Test
    void aPlanSparserThanTheSlackWakesAtEachIntendedTime() {
        try (SessionHarness h = harness(500 * US)) {
            Schedule plan = UniformSchedule.of(h.now(), 1_000, TimeUnit.MILLISECONDS.toNanos(20));
            assertOnTime(plan, publish(h, plan, 20, 25_000 * US));
        }
    }

    @Test
    void aPlanThatThinsOutGoesBackToOneWakeupPerMessage() {
        try (SessionHarness h = harness(500 * US)) {
            long start = h.now();
            List<Long> times = new ArrayList<>();
            for (int k = 0; k < 20; k++) {
                times.add(start + k * 100 * US); // dense: 2 ms
            }
            for (int k = 1; k <= 10; k++) {
                times.add(start + 2_000 * US + k * 5_000 * US); // then 5 ms apart: more than 4 slack periods
            }
            Schedule plan = new ListedSchedule(times);
            List<Long> writes = publish(h, plan, times.size(), 60_000 * US);

            for (int k = 0; k < 20; k++) {
                long late = writes.get(k) - times.get(k);
                assertTrue(late >= 0 && late <= 500 * US, "dense message " + k + " left " + late + " ns late");
            }
            // the first sparse message may still find the repeating tick (it ends on seeing the gap)
            for (int k = 21; k < times.size(); k++) {
                assertEquals(times.get(k), writes.get(k), "sparse message " + k);
            }
        }
    }

    private static void assertOnTime(Schedule plan, List<Long> writes) {
        for (int k = 0; k < writes.size(); k++) {
            assertEquals(plan.intendedNanos(k), writes.get(k), "message " + k);
        }
    }

    private static SessionHarness harness(long slackNanos) {
        SessionHarness h = new SessionHarness(
            SessionHarness.settings(ConfirmMode.NONE, 0, 10, BacklogPolicy.QUEUE, 1000).withTimerSlack(slackNanos));
        h.connected();
        return h;
    }

    /** Publishes {@code plan} on the lane, stepping the clock; the time each message was written, in order. */
    private static List<Long> publish(SessionHarness h, Schedule plan, int expected, long forNanos) {
        boolean[] done = {false};
        h.lane.startPublishing(plan, new int[] {0}, new DeviceSession[] {h.session}, 1, () -> done[0] = true);
        h.runTasks();
        List<Long> writes = new ArrayList<>();
        collect(h, writes);
        for (long t = 0; t < forNanos; t += STEP) {
            h.advance(STEP);
            collect(h, writes);
        }
        assertEquals(expected, writes.size(), "every message written");
        assertTrue(done[0], "the lane finished its share");
        return writes;
    }

    private static void collect(SessionHarness h, List<Long> writes) {
        for (SessionHarness.Wire w : h.sent()) {
            assertEquals(MqttMessageType.PUBLISH, w.type());
            writes.add(h.now());
        }
    }

    /** A plan of listed intended times. */
    private record ListedSchedule(List<Long> times) implements Schedule {
        @Override
        public long startNanos() {
            return times.get(0);
        }

        @Override
        public long intendedNanos(long k) {
            return k < times.size() ? times.get((int) k) : Long.MAX_VALUE;
        }

        @Override
        public double ratePerSecondAt(long nanos) {
            return 1_000;
        }

        @Override
        public long endNanos() {
            return times.get(times.size() - 1) + 1;
        }

        @Override
        public long plannedCount() {
            return times.size();
        }
    }
}
