package dev.kpcload.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * The intended send times of a {@link RateProfile} anchored at an absolute start: the exact inverse of the
 * profile's cumulative count {@code N(t)}, so that message {@code k} is intended at the first instant at which
 * {@code N} exceeds {@code k}. Message 0 is therefore at the start (unless the profile begins with a pause), and
 * where {@code N} is strictly increasing message {@code k} is at the one {@code t} with {@code N(t) = k}.
 *
 * <p>Within a stage the rate is linear, {@code r(tau) = r0 + a * tau}, so {@code N} is quadratic and is inverted in
 * closed form, {@code tau = 2m / (r0 + sqrt(r0^2 + 2am))} with {@code m} the messages since the stage began (this
 * form has no cancellation where {@code a} or {@code r0} is 0; on a ramp down the square root's argument, the
 * squared rate at {@code tau}, is taken from the stage's end, {@code r1^2 + 2|a| (messages left)}, which stays
 * accurate down to a rate of 0). A hold is {@code m * period}, as in {@link UniformSchedule}, so a constant profile
 * gives the same times. The stage is found by binary search over the counts at stage starts. Each time is computed from {@code k} alone, relative to its own stage's
 * start: nothing accumulates from one message to the next, and an hours-long plan loses no precision.
 *
 * <p>Immutable and shareable. Exactly {@code ceil(integral)} messages fall in the plan (give or take one where the
 * integral is whole only up to rounding): {@link #plannedCount()} counts the {@code k} intended before the end.
 */
public final class StagedSchedule implements RateShape {

    /**
     * One stage as planned, for printing the compiled plan.
     *
     * @param stage         index into the profile's stages
     * @param startNanos    when the stage begins, {@link NanoClock} time
     * @param endNanos      when it ends (the next stage's start)
     * @param fromPerSecond the rate at its start
     * @param toPerSecond   the rate at its end
     * @param firstMessage  the first message intended in it (when {@code messages} is 0, the next message's index)
     * @param messages      how many messages are intended in {@code [startNanos, endNanos)}
     * @param warmup        whether they are warm-up
     */
    public record StageWindow(int stage, long startNanos, long endNanos, double fromPerSecond, double toPerSecond,
                              long firstMessage, long messages, boolean warmup) {
    }

    private final RateProfile profile;
    private final long startNanos;
    private final long endNanos;
    private final int stages;
    /** When each stage begins, nanoseconds after {@link #startNanos}. */
    private final long[] offset;
    private final long[] length;
    /** Rates at each stage's start and end, messages per second. */
    private final double[] fromRate;
    private final double[] toRate;
    /** The rates at each stage's start and end in messages per nanosecond, its slope in messages per ns squared. */
    private final double[] r0;
    private final double[] r1;
    private final double[] slope;
    /** Nanoseconds between messages in a stage that holds its rate (computed as UniformSchedule does); NaN in ramps. */
    private final double[] period;
    /** {@code N} at each stage's start; the last entry is the total. */
    private final double[] before;
    private final boolean[] warmup;
    private final long plannedCount;

    public StagedSchedule(RateProfile profile, long startNanos) {
        List<Stage> list = profile.stages();
        this.profile = profile;
        this.startNanos = startNanos;
        this.stages = list.size();
        offset = new long[stages];
        length = new long[stages];
        fromRate = new double[stages];
        toRate = new double[stages];
        r0 = new double[stages];
        r1 = new double[stages];
        slope = new double[stages];
        period = new double[stages];
        before = new double[stages + 1];
        warmup = new boolean[stages];
        double previous = profile.startPerSecond();
        long at = 0;
        double count = 0;
        for (int i = 0; i < stages; i++) {
            Stage stage = list.get(i);
            double from = stage.startPerSecond(previous);
            double to = stage.targetPerSecond();
            offset[i] = at;
            length[i] = stage.durationNanos();
            fromRate[i] = from;
            toRate[i] = to;
            r0[i] = from / 1e9;
            r1[i] = to / 1e9;
            slope[i] = (to - from) / 1e9 / stage.durationNanos();
            period[i] = from == to ? 1e9 / from : Double.NaN;
            before[i] = count;
            warmup[i] = stage.warmup();
            // the same sum in the same order as RateProfile.integral(), so totalCount() equals it exactly
            count += RateProfile.messages(stage, previous);
            at += stage.durationNanos();
            previous = to;
        }
        before[stages] = count;
        try {
            endNanos = Math.addExact(startNanos, at);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("the plan would end after the clock's last nanosecond");
        }
        plannedCount = countBefore(endNanos, (long) Math.ceil(count));
    }

    public RateProfile profile() {
        return profile;
    }

    @Override
    public long startNanos() {
        return startNanos;
    }

    @Override
    public long endNanos() {
        return endNanos;
    }

    @Override
    public long plannedCount() {
        return plannedCount;
    }

    @Override
    public double totalCount() {
        return before[stages];
    }

    @Override
    public long intendedNanos(long k) {
        return nanosAtCount(k);
    }

    @Override
    public long nanosAtCount(double count) {
        double m = count > 0 ? count : 0;
        double total = before[stages];
        if (m >= total) {
            return beyondTheEnd(m - total);
        }
        int i = stageOfCount(m);
        double within = m - before[i];
        double x;
        double tolerance;
        if (!Double.isNaN(period[i])) {
            x = within * period[i];
            tolerance = (within * Math.ulp(period[i]) + Math.ulp(x)) / 2;
        } else {
            // r0^2 + 2am is the square of the rate at the solution; on a ramp down it cancels towards the stage's
            // end, so there it is taken from the end instead: r1^2 + 2|a| (messages left), both terms positive
            double square = slope[i] > 0 ? r0[i] * r0[i] + 2 * slope[i] * within
                    : r1[i] * r1[i] - 2 * slope[i] * (before[i + 1] - m);
            double root = Math.sqrt(Math.max(0, square));
            double denominator = r0[i] + root;
            x = denominator > 0 ? 2 * within / denominator : 0;
            tolerance = 4 * Math.ulp(x);
        }
        // m lies before the stage's end, so the time does too; rounding must not push it past
        long whole = Math.min(floorSnapped(x, tolerance), length[i]);
        return startNanos + offset[i] + whole;
    }

    /** Messages past the plan: as if the last rate went on, so that times stay non-decreasing and at the end or later. */
    private long beyondTheEnd(double extra) {
        double last = toRate[stages - 1];
        if (last == 0) {
            return Long.MAX_VALUE;
        }
        double p = 1e9 / last;
        double x = extra * p;
        long whole = floorSnapped(x, (extra * Math.ulp(p) + Math.ulp(x)) / 2);
        if (endNanos > 0 && whole > Long.MAX_VALUE - endNanos) {
            return Long.MAX_VALUE;
        }
        return endNanos + whole;
    }

    /**
     * {@code x} rounded down to the nanosecond, but up when it lies within {@code tolerance} below a whole one: the
     * arithmetic may miss a whole nanosecond by a hair, and a plan's boundaries must come out exactly.
     */
    private static long floorSnapped(double x, double tolerance) {
        if (x >= 0x1p63) {
            return Long.MAX_VALUE;
        }
        long whole = (long) x;
        if (x != whole && whole + 1 - x <= tolerance) {
            whole++;
        }
        return whole;
    }

    @Override
    public double ratePerSecondAt(long nanos) {
        if (nanos < startNanos || nanos >= endNanos) {
            return 0;
        }
        long at = nanos - startNanos;
        int i = stageAt(at);
        return fromRate[i] + (toRate[i] - fromRate[i]) * ((at - offset[i]) / (double) length[i]);
    }

    /** How many messages are intended before {@code nanos}: exactly the {@code k} with {@code intendedNanos(k) < nanos}. */
    public long countBefore(long nanos) {
        if (nanos <= startNanos) {
            return 0;
        }
        if (nanos >= endNanos) {
            return plannedCount;
        }
        long at = nanos - startNanos;
        int i = stageAt(at);
        double tau = at - offset[i];
        double expected = before[i] + r0[i] * tau + slope[i] * tau * tau / 2;
        return countBefore(nanos, (long) Math.ceil(expected));
    }

    /** Corrects an estimate (off by rounding only) of the messages intended before {@code nanos}. */
    private long countBefore(long nanos, long estimate) {
        long k = Math.max(estimate, 0);
        while (k > 0 && intendedNanos(k - 1) >= nanos) {
            k--;
        }
        while (intendedNanos(k) < nanos) {
            k++;
        }
        return k;
    }

    /** Whether {@code nanos} lies inside a warm-up stage (false outside the plan). */
    @Override
    public boolean warmupAt(long nanos) {
        return nanos >= startNanos && nanos < endNanos && warmup[stageAt(nanos - startNanos)];
    }

    /** Whether message {@code k} is intended inside a warm-up stage (false for messages outside the plan). */
    public boolean isWarmup(long k) {
        return k >= 0 && warmupAt(intendedNanos(k));
    }

    /** The end of the last warm-up stage: nothing from here on is warm-up. The start when there is no warm-up. */
    public long warmupEndNanos() {
        for (int i = stages - 1; i >= 0; i--) {
            if (warmup[i]) {
                return startNanos + offset[i] + length[i];
            }
        }
        return startNanos;
    }

    /** Every stage as planned, in order. */
    public List<StageWindow> windows() {
        List<StageWindow> windows = new ArrayList<>(stages);
        for (int i = 0; i < stages; i++) {
            long from = startNanos + offset[i];
            long to = from + length[i];
            long first = countBefore(from);
            windows.add(new StageWindow(i, from, to, fromRate[i], toRate[i], first, countBefore(to) - first, warmup[i]));
        }
        return List.copyOf(windows);
    }

    /** The last stage whose count at its start is at most {@code m}: the one in which {@code N} passes {@code m}. */
    private int stageOfCount(double m) {
        int lo = 0;
        int hi = stages - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (before[mid] <= m) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** The stage containing {@code at} nanoseconds after the start ({@code 0 <= at < total}). */
    private int stageAt(long at) {
        int lo = 0;
        int hi = stages - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (offset[mid] <= at) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
