package dev.kpcload.run;

import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.LatencyTotals;
import dev.kpcload.metrics.RunCounters;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Prints a progress line per interval from counter deltas and interval histograms. It is the only reader of the
 * latency recorders, so the totals it keeps are the run's final distributions.
 */
final class ProgressReporter {

    private final RunCounters counters;
    private final LatencyTotals totals;
    private final PrintStream out;
    private final long intervalNanos;
    private final long startNanos;
    private final int targetDevices;
    private final ScheduledExecutorService timer;
    private volatile String phase = "connect";
    private volatile double targetRate;
    /** Interval rates start here, not at the last report, in the interval in which publishing began. */
    private volatile long publishStartNanos;
    private long lastNanos;
    private long lastSent;
    private long lastConfirmed;

    ProgressReporter(RunCounters counters, LatencyTotals totals, PrintStream out, long intervalNanos,
                     long startNanos, int targetDevices) {
        this.counters = counters;
        this.totals = totals;
        this.out = out;
        this.intervalNanos = intervalNanos;
        this.startNanos = startNanos;
        this.lastNanos = startNanos;
        this.targetDevices = targetDevices;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "loadgen-progress");
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        timer.scheduleAtFixedRate(this::report, intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
    }

    void publishing(double rate, long publishStartNanos) {
        targetRate = rate;
        this.publishStartNanos = publishStartNanos;
        phase = "publish";
    }

    void phase(String name) {
        phase = name;
    }

    /** Stops the timer and samples the last partial interval into the totals, without printing it. */
    void stop() throws InterruptedException {
        timer.shutdown();
        timer.awaitTermination(10, TimeUnit.SECONDS);
        totals.sampleInterval();
    }

    private void report() {
        long now = System.nanoTime();
        Map<LatencyKind, Histogram> interval = totals.sampleInterval();
        double seconds = (now - Math.max(lastNanos, publishStartNanos)) / 1e9;
        long sent = counters.sent.sum();
        long confirmed = counters.confirmed.sum();
        String line = "connect".equals(phase) ? connectLine(interval) : publishLine(interval, seconds, sent, confirmed);
        out.printf(Locale.ROOT, "[%7.1fs] %-7s | %s%n", (now - startNanos) / 1e9, phase, line);
        lastNanos = now;
        lastSent = sent;
        lastConfirmed = confirmed;
    }

    private String connectLine(Map<LatencyKind, Histogram> interval) {
        return String.format(Locale.ROOT, "devices %d/%d connected, %d failed | connect %s",
            counters.connectedNow.sum(), targetDevices, counters.connectFailures.total(),
            percentiles(interval.get(LatencyKind.CONNECT)));
    }

    private String publishLine(Map<LatencyKind, Histogram> interval, double seconds, long sent, long confirmed) {
        Histogram confirmation = interval.get(LatencyKind.STATUS).getTotalCount() > 0
            ? interval.get(LatencyKind.STATUS) : interval.get(LatencyKind.PUBACK);
        String label = interval.get(LatencyKind.STATUS).getTotalCount() > 0 ? "status" : "puback";
        return String.format(Locale.ROOT,
            "devices %d/%d | rate %.1f/s target, %.1f/s sent, %.1f/s confirmed | confirmed %d | "
                + "failed %d, timed out %d, dropped %d, in flight %d | %s %s | send lag p99 %s",
            counters.connectedNow.sum(), targetDevices, targetRate, (sent - lastSent) / seconds,
            (confirmed - lastConfirmed) / seconds, confirmed, counters.failed.total(), counters.timedOut.sum(),
            counters.dropped.total(), counters.inFlightEstimate(), label, percentiles(confirmation),
            millis(interval.get(LatencyKind.SEND_LAG).getValueAtPercentile(99)));
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
