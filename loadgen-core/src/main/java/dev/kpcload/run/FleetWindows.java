package dev.kpcload.run;

import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.LatencyRecorders;
import dev.kpcload.metrics.LatencyStats;
import dev.kpcload.metrics.PackedHistogram;
import dev.kpcload.metrics.RunPhase;
import dev.kpcload.metrics.TimelinePoint;
import dev.kpcload.slo.Measurement;
import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The fleet's report intervals: interval {@code i} of the fleet is the sum of every shard's interval {@code i}
 * (counts added, histograms added, rates and connected devices added). With {@code --start-at} every shard cut its
 * intervals on one grid of wall-clock times ({@link IntervalGrid}), so index {@code i} is the same span on each; a
 * shard that started late has nulls for the indices it missed ({@link ShardGrid}). Shards started by hand a few
 * seconds apart are summed interval by interval of their own runs, each interval's end then being the latest shard's.
 */
public final class FleetWindows {

    private static final Histogram EMPTY = LatencyRecorders.newHistogram();

    /**
     * One interval of the fleet.
     *
     * @param measurement what the fleet measured in it (histograms decoded: hold it only while judging it)
     * @param point       its point of the fleet's timeline (rates and devices summed, latencies of the summed
     *                    histograms, failures so far of every shard)
     */
    public record Window(int index, double startSeconds, double endSeconds, Measurement measurement,
                         TimelinePoint point) {
    }

    private FleetWindows() {
    }

    /** Hands the fleet's windows over in order, one at a time: each one's histograms are decoded only then. */
    public static void forEach(List<List<ShardWindows.Window>> shards, Consumer<Window> each) {
        int count = shards.stream().mapToInt(List::size).max().orElse(0);
        TimelinePoint[] latest = new TimelinePoint[shards.size()];
        double start = 0;
        for (int i = 0; i < count; i++) {
            Measurement counts = Measurement.empty();
            // every shard's histograms decoded into one sum, each added once
            Measurement.Builder latencySum = Measurement.builder();
            double end = start;
            RunPhase phase = null;
            long devices = 0;
            double target = 0;
            double sent = 0;
            double confirmed = 0;
            for (int s = 0; s < shards.size(); s++) {
                ShardWindows.Window w = i < shards.get(s).size() ? shards.get(s).get(i) : null;
                if (w == null) {
                    continue;
                }
                counts = counts.plus(w.counts());
                for (PackedHistogram packed : w.latencies()) {
                    latencySum.addLatency(packed.tag(), packed.decode());
                }
                TimelinePoint p = w.point();
                latest[s] = p;
                end = Math.max(end, w.endSeconds());
                // the fleet is in the earliest phase any shard is in: still connecting while one is
                phase = phase == null || p.phase().ordinal() < phase.ordinal() ? p.phase() : phase;
                devices += p.devicesConnected();
                target += p.targetRate();
                sent += p.sentRate();
                confirmed += p.confirmedRate();
            }
            if (phase == null) {
                continue; // no shard has this index (none does when all started late): no fleet interval either
            }
            Measurement sum = counts.plus(latencySum.build());
            long failed = 0;
            long timedOut = 0;
            long dropped = 0;
            // failures are counted so far: a shard that has ended keeps its last count
            for (TimelinePoint p : latest) {
                if (p != null) {
                    failed += p.failed();
                    timedOut += p.timedOut();
                    dropped += p.dropped();
                }
            }
            Map<String, LatencyStats> latencies = new LinkedHashMap<>();
            for (LatencyKind kind : LatencyKind.values()) {
                Histogram h = sum.latency(kind, null);
                latencies.put(kind.tag(), LatencyStats.of(h == null ? EMPTY : h));
            }
            TimelinePoint point = new TimelinePoint(end, phase, devices, target, sent, confirmed, failed, timedOut,
                dropped, latencies);
            each.accept(new Window(i, start, end, sum, point));
            start = end;
        }
    }
}
