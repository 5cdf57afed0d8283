package dev.kpcload.compare;

import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.LatencyRecorders;
import dev.kpcload.metrics.LatencyStats;
import dev.kpcload.result.RunOutcome;
import dev.kpcload.result.RunSummary;
import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-made runs for the comparison's tests: a summary with every field, and histograms of known shape. */
final class CompareFixtures {

    static final long NANOS_PER_MILLI = 1_000_000;

    private CompareFixtures() {
    }

    /** A run's summary, every number settable; it balances when the counts given do. */
    static final class Run {
        RunOutcome outcome = RunOutcome.COMPLETED;
        Map<String, Object> config = new LinkedHashMap<>(Map.of("devices", 20, "confirm", "status", "qos", 1,
            "mix", List.of("epmx-update-keys:1"), "plan", "rate 200/s for 3s"));
        long targeted = 20;
        long connected = 20;
        long connectFailed;
        Map<String, Long> connectFailures = new LinkedHashMap<>();
        long scheduled = 10_000;
        long confirmed = 10_000;
        long failed;
        Map<String, Long> failedByKind = new LinkedHashMap<>();
        Map<String, Long> errorReplies = new LinkedHashMap<>();
        long timedOut;
        long dropped;
        Map<String, Long> droppedByKind = new LinkedHashMap<>();
        double target = 200;
        double confirmedRate = 200;
        /** The plan's window; null: just long enough for {@code scheduled} at {@code target}. */
        Double publishSeconds;
        Map<String, LatencyStats> latencies = new LinkedHashMap<>();
        Map<String, RunSummary.Part> byKind = new LinkedHashMap<>();
        Map<String, Histogram> histograms = new LinkedHashMap<>();
        boolean withLog;

        Run latency(String tag, Histogram h) {
            latencies.put(tag, LatencyStats.of(h));
            histograms.put(tag, h);
            return this;
        }

        /** A latency known only by its summary's percentiles (as when there is no interval log). */
        Run stats(String tag, long count, double p50, double p99, double p999, double max) {
            latencies.put(tag, new LatencyStats(count, p50, p50, (p50 + p99) / 2, p99, p999, max));
            return this;
        }

        Run log() {
            withLog = true;
            return this;
        }

        RunSummary summary() {
            var devices = new RunSummary.Devices(targeted, connected, connectFailed, connectFailures, Map.of(), 0);
            long inFlight = scheduled - confirmed - failed - timedOut - dropped;
            var messages = new RunSummary.Messages(scheduled, scheduled - dropped, confirmed, failed, failedByKind,
                timedOut, dropped, droppedByKind, inFlight, errorReplies);
            double seconds = publishSeconds != null ? publishSeconds : target > 0 ? scheduled / target : 0;
            var rates = new RunSummary.Rates(target, target, target, confirmedRate, seconds);
            var reports = new RunSummary.Reports(targeted, targeted, Map.of());
            var other = new RunSummary.Other(0, 0, 0, 1000, 1000, "epoll", seconds + 2);
            Map<String, LatencyStats> all = new LinkedHashMap<>();
            for (LatencyKind kind : LatencyKind.values()) {
                all.put(kind.tag(), latencies.getOrDefault(kind.tag(), new LatencyStats(0, 0, 0, 0, 0, 0, 0)));
            }
            return new RunSummary(outcome, config, devices, messages, rates, reports, all, other, byKind, null,
                List.of());
        }

        ComparedRun compared(String label) {
            return withLog
                ? new ComparedRun(label, summary(), java.nio.file.Path.of(label, "run.hlog"), histograms)
                : ComparedRun.ofSummary(label, summary());
        }
    }

    /** {@code count} values spread evenly from {@code fromMs} to {@code toMs}. */
    static Histogram spread(int count, double fromMs, double toMs) {
        Histogram h = LatencyRecorders.newHistogram();
        for (int i = 0; i < count; i++) {
            double ms = count == 1 ? fromMs : fromMs + (toMs - fromMs) * i / (count - 1);
            h.recordValue(Math.round(ms * NANOS_PER_MILLI));
        }
        return h;
    }

    /** The same distribution with every value multiplied by {@code factor}. */
    static Histogram scaled(Histogram h, double factor) {
        Histogram out = LatencyRecorders.newHistogram();
        for (var v : h.recordedValues()) {
            out.recordValueWithCount(Math.round(h.medianEquivalentValue(v.getValueIteratedTo()) * factor),
                v.getCountAtValueIteratedTo());
        }
        return out;
    }

    static Comparison compare(Run base, Run next) {
        return Comparison.of(base.compared("base"), next.compared("new"), Tolerance.DEFAULT, false);
    }

    static Judged item(Comparison c, String name) {
        return c.judged().stream().filter(j -> j.name().equals(name)).findFirst()
            .orElseThrow(() -> new AssertionError("no item " + name + " in " + c.judged()));
    }
}
