package dev.kpcload.report;

import dev.kpcload.metrics.RunPhase;
import dev.kpcload.result.RunOutcome;
import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.LatencyRecorders;
import dev.kpcload.metrics.LatencyStats;
import dev.kpcload.metrics.TimelinePoint;
import dev.kpcload.result.RunSummary;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Realistic report inputs: a 2,000-device run with a 20 s connect phase, 96 s of publishing at 500/s with a
 * server stall at 70 s, and a short grace; latencies drawn lognormal, so histograms look like real ones.
 * Interval stats and whole-run totals come from the same samples, as in a real run.
 */
final class ReportFixtures {

    static final double INTERVAL = 2.0;
    static final int POINTS = 60;
    static final long DEVICES = 2000;

    private ReportFixtures() {
    }

    static ReportData realistic() {
        Random random = new Random(42);
        Map<LatencyKind, Histogram> totals = new EnumMap<>(LatencyKind.class);
        for (LatencyKind k : LatencyKind.values()) {
            totals.put(k, LatencyRecorders.newHistogram());
        }
        List<TimelinePoint> timeline = new ArrayList<>();
        long connected = 0;
        long confirmedTotal = 0;
        long sentTotal = 0;
        long scheduledTotal = 0;
        long failed = 0;
        long timedOut = 0;
        long dropped = 0;
        long waiting = 0;
        for (int i = 0; i < POINTS; i++) {
            double end = (i + 1) * INTERVAL;
            String phase = i < 10 ? "connect" : i < 58 ? "publish" : "grace";
            Map<LatencyKind, Histogram> interval = new EnumMap<>(LatencyKind.class);
            for (LatencyKind k : LatencyKind.values()) {
                interval.put(k, LatencyRecorders.newHistogram());
            }
            double target = 0;
            double sent = 0;
            double confirmed = 0;
            if (phase.equals("connect")) {
                long add = Math.min(DEVICES - 10 - connected, 200);
                connected += add;
                for (int d = 0; d < add; d++) {
                    record(interval, LatencyKind.CONNECT, lognormal(random, 25 + i * 4, 0.5));
                    record(interval, LatencyKind.TCP_CONNECT, lognormal(random, 0.35, 0.4));
                }
            } else if (phase.equals("publish")) {
                target = 500;
                boolean stall = end > 68 && end <= 74;
                long n = (long) (target * INTERVAL);
                scheduledTotal += n;
                long s = stall ? n - 40 : n;
                dropped += n - s;
                sent = s / INTERVAL;
                long c;
                if (stall) {
                    // The server stalls: a third is confirmed, a few fail or time out, the rest waits.
                    c = s / 3;
                    timedOut += 25;
                    failed += 3;
                    waiting += s - c - 28;
                } else {
                    // After the stall the waiting messages come back at once: confirmed above target.
                    c = s + waiting - (i == 57 ? 2 : 0);
                    waiting = 0;
                }
                if (end == 90) {
                    connected -= 4; // closed by the server
                }
                confirmed = c / INTERVAL;
                confirmedTotal += c;
                sentTotal += s;
                for (long m = 0; m < c; m++) {
                    boolean late = stall || m >= s;
                    double status = late ? lognormal(random, 180, 0.7) : lognormal(random, 0.8, 0.6);
                    record(interval, LatencyKind.STATUS, status);
                    record(interval, LatencyKind.PUBACK, status * 0.6);
                    record(interval, LatencyKind.SERVICE, status * 0.9);
                    record(interval, LatencyKind.SEND_LAG, lognormal(random, late ? 3 : 0.05, 0.8));
                }
            }
            Map<String, LatencyStats> stats = new LinkedHashMap<>();
            interval.forEach((k, h) -> {
                stats.put(k.tag(), LatencyStats.of(h));
                totals.get(k).add(h);
            });
            timeline.add(new TimelinePoint(end, RunPhase.ofTag(phase), connected, target, sent, confirmed, failed, timedOut, dropped,
                stats));
        }
        long inFlight = scheduledTotal - confirmedTotal - failed - timedOut - dropped;
        Map<String, Histogram> byTag = new LinkedHashMap<>();
        Map<String, LatencyStats> latencies = new LinkedHashMap<>();
        totals.forEach((k, h) -> {
            byTag.put(k.tag(), h);
            latencies.put(k.tag(), LatencyStats.of(h));
        });
        double publishSeconds = 96;
        RunSummary summary = new RunSummary(RunOutcome.COMPLETED, config(),
            new RunSummary.Devices(DEVICES, DEVICES - 10, 10, Map.of("timeout", 7L, "refused", 3L),
                Map.of("closed_by_server", 4L), 4),
            new RunSummary.Messages(scheduledTotal, sentTotal, confirmedTotal, failed, Map.of("error_reply", failed),
                timedOut, dropped, Map.of("backlog_full", dropped), inFlight, Map.of("500", failed)),
            new RunSummary.Rates(500, scheduledTotal / publishSeconds, sentTotal / publishSeconds,
                confirmedTotal / publishSeconds, publishSeconds),
            new RunSummary.Reports(DEVICES - 10, DEVICES - 10, Map.of()),
            latencies,
            new RunSummary.Other(12, 0, 3900, 6_543_210, 4_321_987, "epoll", POINTS * INTERVAL));
        return new ReportData(summary, timeline, byTag);
    }

    static Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("tokens", "profiles/demo-tokens.csv");
        c.put("devices", DEVICES);
        c.put("seed", 42);
        c.put("model", "meter-v1");
        c.put("embeddedSimulator", false);
        c.put("servers", List.of("10.0.0.5:1883", "10.0.0.6:1883"));
        c.put("ratePerSecond", 500.0);
        c.put("durationSeconds", 96);
        c.put("connectRatePerSecond", 100.0);
        c.put("confirm", "status");
        c.put("qos", 1);
        c.put("inflight", 10);
        c.put("backlog", "queue");
        c.put("maxBacklog", 1000);
        c.put("responseTimeoutSeconds", 10);
        c.put("connectTimeoutSeconds", 10);
        c.put("keepaliveSeconds", 60);
        c.put("appVersion", "demo_application_v1");
        c.put("epmxInstance", "epmx");
        c.put("graceSeconds", 5);
        c.put("ioThreads", 2);
        return c;
    }

    /** A summary with no activity at all: nothing scheduled, no devices, empty maps. */
    static RunSummary emptySummary(String outcome) {
        return new RunSummary(RunOutcome.ofTag(outcome), Map.of(), new RunSummary.Devices(0, 0, 0, Map.of(), Map.of(), 0),
            new RunSummary.Messages(0, 0, 0, 0, Map.of(), 0, 0, Map.of(), 0, Map.of()),
            new RunSummary.Rates(0, 0, 0, 0, 0), new RunSummary.Reports(0, 0, Map.of()), Map.of(),
            new RunSummary.Other(0, 0, 0, 0, 0, "nio", 0));
    }

    static TimelinePoint point(double end, String phase, long devices, double target, double sent, double confirmed,
                               Map<String, LatencyStats> latencies) {
        return new TimelinePoint(end, RunPhase.ofTag(phase), devices, target, sent, confirmed, 0, 0, 0, latencies);
    }

    private static double lognormal(Random random, double medianMs, double sigma) {
        return medianMs * Math.exp(sigma * random.nextGaussian());
    }

    private static void record(Map<LatencyKind, Histogram> h, LatencyKind kind, double ms) {
        h.get(kind).recordValue(Math.min(LatencyRecorders.HIGHEST_TRACKABLE_NANOS, Math.max(0, (long) (ms * 1e6))));
    }
}
