package dev.kpcload.run;

import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.LatencySample;
import dev.kpcload.metrics.LatencyStreams;
import dev.kpcload.metrics.MessageCounters;
import dev.kpcload.metrics.RunCounters;
import dev.kpcload.metrics.TimelinePoint;
import dev.kpcload.slo.Measurement;
import dev.kpcload.slo.MessageCounts;

import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Turns each report interval into the {@link Measurement} of that window: its measured latencies (warm-up left
 * out), the fates decided in it, its connect attempts and the messages the plan intended in it. Counts are the
 * difference of the run's counters from the last interval. On the reporter's thread.
 */
final class WindowMeasurer {

    private final RunCounters counters;
    private final List<String> kindTags;
    private final Map<String, Double> kindShares;
    /** When publishing began, seconds from the run's start; NaN before. */
    private final DoubleSupplier publishStartSeconds;
    private MessageCounts[] last;
    private long lastAllScheduled;
    private long lastAttempts;
    private long lastSucceeded;

    WindowMeasurer(RunCounters counters, List<String> kindTags, Map<String, Double> kindShares,
                   DoubleSupplier publishStartSeconds) {
        this.counters = counters;
        this.kindTags = List.copyOf(kindTags);
        this.kindShares = Map.copyOf(kindShares);
        this.publishStartSeconds = publishStartSeconds;
        this.last = new MessageCounts[kindTags.size()];
        java.util.Arrays.fill(last, MessageCounts.NONE);
    }

    /** @param startSeconds the window's start (the last interval's end), seconds from the run's start */
    Measurement next(LatencySample interval, TimelinePoint point, double startSeconds) {
        Measurement.Builder b = Measurement.builder();
        for (LatencyKind kind : LatencyKind.values()) {
            b.addLatency(kind.tag(), interval.get(kind));
            if (kind.ofMessage() && kindTags.size() > 1) {
                for (int k = 0; k < kindTags.size(); k++) {
                    b.addLatency(kind.tag() + "." + kindTags.get(k), interval.stream(kind, LatencyStreams.of(k, false)));
                }
            }
        }
        MessageCounts all = MessageCounts.NONE;
        long measuredScheduled = 0;
        for (int k = 0; k < kindTags.size(); k++) {
            MessageCounts now = read(counters.stream(LatencyStreams.of(k, false)));
            MessageCounts window = now.minus(last[k]);
            last[k] = now;
            all = all.plus(window);
            measuredScheduled += window.scheduled();
            if (kindTags.size() > 1) {
                b.messages(kindTags.get(k), window);
            }
        }
        b.messages(all);
        long allScheduled = counters.scheduled.sum();
        long windowScheduled = allScheduled - lastAllScheduled;
        lastAllScheduled = allScheduled;
        long succeeded = counters.connected.sum();
        long attempts = succeeded + counters.connectFailures.total();
        b.connects(attempts - lastAttempts, succeeded - lastSucceeded);
        lastAttempts = attempts;
        lastSucceeded = succeeded;
        // the plan's messages in the window: its mean rate over the part of the window spent publishing, less the
        // warm-up's share (what the window scheduled in warm-up streams)
        double publishStart = publishStartSeconds.getAsDouble();
        double publishing = Double.isNaN(publishStart) ? 0
            : Math.max(0, point.endSeconds() - Math.max(startSeconds, publishStart));
        double measuredShare = windowScheduled > 0 ? (double) measuredScheduled / windowScheduled : 1;
        b.planned(point.targetRate() * publishing * measuredShare);
        b.kindShares(kindShares);
        return b.build();
    }

    private static MessageCounts read(MessageCounters c) {
        // fates before schedules, as the summary's snapshot reads them
        long confirmed = c.confirmed.sum();
        long failed = c.failed.total();
        long timedOut = c.timedOut.sum();
        long dropped = c.dropped.total();
        long sent = c.sent.sum();
        return new MessageCounts(c.scheduled.sum(), sent, confirmed, failed, timedOut, dropped);
    }
}
