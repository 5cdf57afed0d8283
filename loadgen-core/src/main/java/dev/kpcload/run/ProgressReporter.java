package dev.kpcload.run;

import dev.kpcload.metrics.IntervalListener;
import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.LatencySample;
import dev.kpcload.metrics.LatencyStats;
import dev.kpcload.metrics.LatencyTotals;
import dev.kpcload.metrics.RunCounters;
import dev.kpcload.metrics.RunGauges;
import dev.kpcload.metrics.RunPhase;
import dev.kpcload.metrics.TimelinePoint;
import dev.kpcload.plan.Schedule;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Per report interval: samples the latency recorders (it is their only reader, so the totals it keeps are the
 * run's final distributions), prints a progress line, records a {@link TimelinePoint}, updates the achieved-rate
 * gauge and tells the interval listeners (the interval log). Intervals are cut every report interval from when
 * the reporter starts, or, in a run anchored to {@code --start-at}, on the start time's {@link IntervalGrid}.
 */
final class ProgressReporter {

    private final RunCounters counters;
    private final RunGauges gauges;
    private final LatencyTotals totals;
    private final PrintStream out;
    private final long intervalNanos;
    private final long startNanos;
    private final List<IntervalListener> listeners;
    private final BoundedTimeline timeline = new BoundedTimeline();
    private final java.util.concurrent.ScheduledThreadPoolExecutor timer;
    /** Where intervals are cut in a run anchored to a start time; null: every interval from the start. */
    private IntervalGrid grid;
    private volatile RunPhase phase = RunPhase.CONNECT;
    /** Interval rates start here, not at the last report, in the interval in which publishing began. */
    private volatile long publishStartNanos;
    /** The message plan, once publishing; its rate of the moment is the target shown. */
    private volatile Schedule plan;
    private long lastNanos;
    private long lastSent;
    private long lastConfirmed;

    ProgressReporter(RunCounters counters, RunGauges gauges, LatencyTotals totals, PrintStream out,
                     long intervalNanos, long startNanos, List<IntervalListener> listeners) {
        this.counters = counters;
        this.gauges = gauges;
        this.totals = totals;
        this.out = out;
        this.intervalNanos = intervalNanos;
        this.startNanos = startNanos;
        this.lastNanos = startNanos;
        this.listeners = List.copyOf(listeners);
        this.timer = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "loadgen-progress");
            t.setDaemon(true);
            return t;
        });
        // the next anchored cut, already scheduled, must not hold up stop()
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Cuts the intervals on {@code anchoredGrid}'s boundaries instead of from the start; set before {@link #start()}. */
    ProgressReporter anchoredTo(IntervalGrid anchoredGrid) {
        this.grid = anchoredGrid;
        return this;
    }

    void start() {
        if (grid == null) {
            timer.scheduleAtFixedRate(() -> report(true), intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
        } else {
            scheduleAnchoredCut();
        }
    }

    /** Arms the timer for the grid's next boundary, from the time it is now (a late cut never shifts the next). */
    private void scheduleAnchoredCut() {
        long now = System.nanoTime();
        try {
            timer.schedule(() -> {
                report(true);
                scheduleAnchoredCut();
            }, grid.nextCutAfter(now) - now, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopped meanwhile: the last interval is taken by stop()
        }
    }

    /** The message plan starts: from now on the target-rate gauge follows the plan's rate of the moment. */
    void publishing(Schedule plan, long publishStart) {
        this.plan = plan;
        gauges.targetRate(plan.ratePerSecondAt(publishStart));
        publishStartNanos = publishStart;
        phase = RunPhase.PUBLISH;
    }

    void phase(RunPhase next) {
        if (next != RunPhase.PUBLISH) {
            gauges.targetRate(0);
        }
        phase = next;
    }

    /**
     * Ends the current interval now, on the reporter's thread, and returns once its listeners have heard of it: a
     * stepped plan cuts intervals at its steps' edges so that each step's values are its own.
     */
    void cut() throws InterruptedException {
        try {
            timer.submit(() -> report(false)).get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("report interval failed", e.getCause());
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopped meanwhile: the last interval is taken by stop()
        }
    }

    /** Stops the timer and takes the last partial interval into the totals and listeners, without printing it. */
    void stop() throws InterruptedException {
        timer.shutdown();
        timer.awaitTermination(10, TimeUnit.SECONDS);
        report(false);
    }

    /** The intervals so far; call after {@link #stop()}. */
    List<TimelinePoint> timeline() {
        return timeline.points();
    }

    private void report(boolean print) {
        long now = System.nanoTime();
        LatencySample interval = totals.sampleInterval();
        // rates over the interval's publishing part; an interval that ends in the plan's start lead (the plan
        // begins a little after the phase) has none, and is taken whole rather than divided by almost nothing
        long from = publishStartNanos < now ? Math.max(lastNanos, publishStartNanos) : lastNanos;
        double seconds = Math.max(1e-9, (now - from) / 1e9);
        long sent = counters.sent.sum();
        long confirmed = counters.confirmed.sum();
        double sentRate = phase == RunPhase.CONNECT ? 0 : (sent - lastSent) / seconds;
        double confirmedRate = phase == RunPhase.CONNECT ? 0 : (confirmed - lastConfirmed) / seconds;
        gauges.achievedRate(sentRate);
        Schedule current = plan;
        double intervalTarget = gauges.targetRate();
        if (phase == RunPhase.PUBLISH && current != null) {
            gauges.targetRate(current.ratePerSecondAt(now));
            // the interval's mean planned rate, to set beside its sent rate: exact on a ramp or a hold (the rate is
            // linear there), an approximation only in an interval that spans a stage's boundary
            intervalTarget = (current.ratePerSecondAt(Math.max(lastNanos, publishStartNanos))
                + current.ratePerSecondAt(now)) / 2;
        }
        TimelinePoint point = new TimelinePoint((now - startNanos) / 1e9, phase, counters.connectedNow.sum(),
            intervalTarget, sentRate, confirmedRate, counters.failed.total(), counters.timedOut.sum(),
            counters.dropped.total(), stats(interval));
        timeline.add(point);
        for (IntervalListener listener : listeners) {
            listener.onInterval(interval, point);
        }
        if (print) {
            boolean warmup = isWarmupInterval(interval);
            out.printf(Locale.ROOT, "[%7.1fs] %-7s | %s%n", point.endSeconds(), warmup ? "warm-up" : phase.tag(),
                phase == RunPhase.CONNECT ? connectLine(interval) : publishLine(interval, point, confirmed, warmup));
        }
        lastNanos = now;
        lastSent = sent;
        lastConfirmed = confirmed;
    }

    private static Map<String, LatencyStats> stats(LatencySample interval) {
        Map<String, LatencyStats> stats = new LinkedHashMap<>();
        for (LatencyKind kind : LatencyKind.values()) {
            stats.put(kind.tag(), LatencyStats.of(interval.get(kind)));
        }
        return stats;
    }

    private String connectLine(LatencySample interval) {
        return String.format(Locale.ROOT, "devices %d/%d connected, %d failed | connect %s",
            counters.connectedNow.sum(), gauges.targetDevices(), counters.connectFailures.total(),
            percentiles(interval.get(LatencyKind.CONNECT)));
    }

    /** An interval of warm-up messages only: its line shows their latencies (the headline has none). */
    private static boolean isWarmupInterval(LatencySample interval) {
        return interval.get(LatencyKind.SEND_LAG).getTotalCount() == 0
            && interval.warmup(LatencyKind.SEND_LAG).getTotalCount() > 0;
    }

    private String publishLine(LatencySample interval, TimelinePoint p, long confirmed, boolean warmup) {
        java.util.function.Function<LatencyKind, Histogram> of = warmup ? interval::warmup : interval::get;
        boolean hasStatus = of.apply(LatencyKind.STATUS).getTotalCount() > 0;
        Histogram confirmation = of.apply(hasStatus ? LatencyKind.STATUS : LatencyKind.PUBACK);
        return String.format(Locale.ROOT,
            "devices %d/%d | rate %.1f/s target, %.1f/s sent, %.1f/s confirmed | confirmed %d | "
                + "failed %d, timed out %d, dropped %d, in flight %d | %s %s | send lag p99 %s",
            p.devicesConnected(), gauges.targetDevices(), p.targetRate(), p.sentRate(), p.confirmedRate(),
            confirmed, p.failed(), p.timedOut(), p.dropped(), counters.inFlightEstimate(),
            hasStatus ? "status" : "puback", percentiles(confirmation),
            millis(of.apply(LatencyKind.SEND_LAG).getValueAtPercentile(99)));
    }

    private static String percentiles(Histogram h) {
        if (h.getTotalCount() == 0) {
            return "-";
        }
        return "p50 " + millis(h.getValueAtPercentile(50)) + " p99 " + millis(h.getValueAtPercentile(99))
            + " max " + millis(h.getMaxValue());
    }

    static String millis(long nanos) {
        double ms = nanos / 1e6;
        return ms >= 100 ? String.format(Locale.ROOT, "%.0fms", ms) : String.format(Locale.ROOT, "%.2fms", ms);
    }
}
