package dev.kpcload.e2e;

import dev.kpcload.client.ConfirmMode;
import dev.kpcload.fleet.Device;
import dev.kpcload.plan.RateProfile;
import dev.kpcload.plan.Stage;
import dev.kpcload.plan.StagedSchedule;
import dev.kpcload.result.RunOutcome;
import dev.kpcload.result.RunSummary;
import dev.kpcload.run.LoadSpec;
import dev.kpcload.sim.KpcSimulator;
import dev.kpcload.sim.SimConfig;
import dev.kpcload.testing.RunConfigs;
import dev.kpcload.testing.Runs;
import dev.kpcload.testing.SendTimes;
import dev.kpcload.testing.TestFleets;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #7's ramp against the embedded simulator: 200/s to 2,000/s over 20 s, then 10 s held at 2,000/s, 1,000
 * meters. The plan holds the integral (42,000 messages); every second of the plan the pacer stamps exactly the
 * messages the rate's integral over that second holds, and writes them in that second.
 *
 * <p>Per-message times come from the send lag the run records right after each write ({@link SendTimes}), so the
 * seconds are the plan's own ({@code [start + j s, start + (j + 1) s)}), not the report intervals', whose edges
 * wander with the reporter thread.
 */
class RampAccuracyEndToEndTest {

    private static final long S = TimeUnit.SECONDS.toNanos(1);
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final double FROM = 200;
    private static final double TO = 2000;
    private static final double RAMP_SECONDS = 20;
    private static final int SECONDS = 30;
    private static final double SLOPE = (TO - FROM) / RAMP_SECONDS; // per second, per second
    /** Issue #7's bound: a second's sent count within 2 % of the plan's. */
    private static final double TOLERANCE = 0.02;
    /**
     * A message that crossed a second's edge by up to this much can move that second's count by at most the rate
     * times it, i.e. 2 %; a later one is the generator itself falling behind (a GC pause, a busy shared machine),
     * shown as send lag, not a pacing error.
     */
    private static final long KEPT_UP_NANOS = 20 * MS;

    @Test
    void rampFrom200To2000PerSecondThenHoldSchedulesTheIntegralAndSendsAtTheRateOfTheMoment() throws Exception {
        RateProfile profile = new RateProfile(FROM, List.of(Stage.ramp(20 * S, TO), Stage.ramp(10 * S, TO)));
        StagedSchedule plan = new StagedSchedule(profile, 0); // the run's plan, anchored at 0
        assertEquals(42_000.0, profile.integral(), 1e-6);
        assertTrue(Math.abs(plan.plannedCount() - 42_000) <= 1, "planned " + plan.plannedCount());
        for (int j = 0; j < SECONDS; j++) {
            assertEquals(integral(j, j + 1), plan.countBefore((j + 1) * S) - plan.countBefore(j * S), 1.0,
                "second " + j + ": the plan's count is the rate's integral");
        }

        List<Device> devices = TestFleets.meters(1000);
        SendTimes[] times = new SendTimes[1];
        try (KpcSimulator sim = KpcSimulator.start(SimConfig.loopback(0))) {
            LoadSpec load = Runs.staged(profile, LoadSpec.PublishSpec.TUTORIAL_MIX, 4000, List.of());
            Runs.Result result = Runs.execute(devices, Runs.config(sim.address().getPort(), load,
                RunConfigs.session(ConfirmMode.STATUS, 1), 21),
                run -> times[0] = SendTimes.attachTo(run, (int) plan.plannedCount()));
            RunSummary summary = result.summary();
            var m = summary.messages();

            assertEquals(RunOutcome.COMPLETED, summary.outcome(), result.log());
            assertEquals(1000, summary.devices().connected());
            assertEquals(plan.plannedCount(), m.scheduled(), "scheduled is the plan's count, the integral within one");
            assertEquals(m.scheduled(), m.sent());
            assertEquals(m.scheduled(), m.confirmed(), m.toString());
            assertTrue(m.balanced(), m.toString());
            assertEquals(m.sent(), times[0].count(), "one send lag per sent message");

            long[] intended = times[0].intendedNanos();
            long[] written = times[0].writtenNanos();
            long[] lag = times[0].lagNanos();
            long start = planStart(intended, plan);

            // the pacer's stamps: each second holds the plan's count (a stamp read a hair late may cross an edge)
            long[] stamped = perSecond(intended, start);
            for (int j = 0; j < SECONDS; j++) {
                long expected = plan.countBefore((j + 1) * S) - plan.countBefore(j * S);
                assertTrue(Math.abs(stamped[j] - expected) <= 2, "second " + j + ": " + stamped[j]
                    + " messages intended, the plan has " + expected);
            }

            // the writes: each second's count against the plan's, strictly where no message crossed its edges late
            long[] sent = perSecond(written, start);
            long[] lateAtEdges = lateCrossings(intended, written, lag, start);
            Accuracy accuracy = new Accuracy();
            for (int j = 0; j < SECONDS; j++) {
                long expected = plan.countBefore((j + 1) * S) - plan.countBefore(j * S);
                accuracy.add(j, expected, sent[j], lateAtEdges[j]);
            }
            System.out.printf(Locale.ROOT, "ramp 200/s -> 2000/s + hold: %s; send lag p99 %.3f ms, max %.1f ms%n%s",
                accuracy.verdict(), summary.latencies().get("send_lag").p99(), summary.latencies().get("send_lag").max(),
                accuracy.table);
            // a pacer that sends in bursts would be "late" at nearly every edge: most seconds must be judged strictly
            assertTrue(accuracy.keptUp >= SECONDS / 2, "the generator kept up in too few seconds to judge its pacing: "
                + accuracy.verdict() + "\n" + accuracy.table);
            assertTrue(accuracy.failures.isEmpty(), accuracy.verdict() + ": " + accuracy.failures + "\n"
                + accuracy.table);
        }
    }

    /**
     * The plan's start in {@link System#nanoTime()}: message k's stamp minus its time in the plan anchored at 0,
     * the median over all messages (a stamp is read late only where a thread was descheduled).
     */
    private static long planStart(long[] intended, StagedSchedule plan) {
        long[] sorted = intended.clone();
        Arrays.sort(sorted);
        long[] offsets = new long[sorted.length];
        for (int k = 0; k < sorted.length; k++) {
            offsets[k] = sorted[k] - plan.intendedNanos(k);
        }
        long[] byValue = offsets.clone();
        Arrays.sort(byValue);
        long start = byValue[byValue.length / 2];
        int off = 0;
        for (long o : offsets) {
            off += Math.abs(o - start) > MS ? 1 : 0;
        }
        assertTrue(off <= sorted.length / 100, off + " of " + sorted.length
            + " stamps more than 1 ms away from the plan's times");
        return start;
    }

    /** How many of {@code nanos} fall in each second of the plan. */
    private static long[] perSecond(long[] nanos, long start) {
        long[] counts = new long[SECONDS];
        for (long t : nanos) {
            long j = Math.floorDiv(t - start, S);
            if (j >= 0 && j < SECONDS) {
                counts[(int) j]++;
            }
        }
        return counts;
    }

    /** Per second: messages that crossed one of its edges (intended on one side, written on the other) late. */
    private static long[] lateCrossings(long[] intended, long[] written, long[] lag, long start) {
        long[] late = new long[SECONDS];
        for (int i = 0; i < intended.length; i++) {
            long from = Math.floorDiv(intended[i] - start, S);
            long to = Math.floorDiv(written[i] - start, S);
            if (from != to && lag[i] > KEPT_UP_NANOS) {
                for (long j = Math.max(0, from); j <= Math.min(SECONDS - 1, to); j++) {
                    late[(int) j]++;
                }
            }
        }
        return late;
    }

    /** The integral of the plan's rate from {@code a} to {@code b} seconds, worked out by hand. */
    private static double integral(double a, double b) {
        double ramp = 0;
        if (a < RAMP_SECONDS) {
            double e = Math.min(b, RAMP_SECONDS);
            ramp = FROM * (e - a) + SLOPE / 2 * (e * e - a * a);
        }
        return ramp + TO * Math.max(0, b - Math.max(a, RAMP_SECONDS));
    }

    /** The per-second comparison, and the table it reports. */
    private static final class Accuracy {
        final StringBuilder table = new StringBuilder();
        final List<String> failures = new ArrayList<>();
        int keptUp;
        double worstKeptUp;
        double worst;

        void add(int second, long expected, long sent, long lateAtEdges) {
            double error = (sent - expected) / (double) expected;
            String line = String.format(Locale.ROOT, "  second %2d: intended %5d, sent %5d, %+7.3f %%%s", second,
                expected, sent, error * 100, lateAtEdges > 0
                    ? " (generator late: " + lateAtEdges + " messages crossed an edge more than 20 ms late)" : "");
            table.append(line).append('\n');
            worst = Math.abs(error) > Math.abs(worst) ? error : worst;
            if (lateAtEdges == 0) {
                keptUp++;
                worstKeptUp = Math.abs(error) > Math.abs(worstKeptUp) ? error : worstKeptUp;
                if (Math.abs(error) > TOLERANCE) {
                    failures.add(line.strip());
                }
            }
        }

        String verdict() {
            return String.format(Locale.ROOT, "worst per-second error %+.3f %% over %d seconds; %d seconds with the "
                + "generator keeping up, worst %+.3f %%", worst * 100, SECONDS, keptUp, worstKeptUp * 100);
        }
    }
}
