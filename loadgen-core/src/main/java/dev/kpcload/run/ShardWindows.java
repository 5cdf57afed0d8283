package dev.kpcload.run;

import dev.kpcload.metrics.DropReason;
import dev.kpcload.metrics.PackedHistogram;
import dev.kpcload.metrics.TimelinePoint;
import dev.kpcload.result.JournalLine;
import dev.kpcload.result.RunSummary;
import dev.kpcload.slo.Measurement;
import dev.kpcload.slo.MessageCounts;
import dev.kpcload.slo.SummaryMeasurement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One shard's report intervals as the windows its SLOs are judged on, read back from its journal and interval log:
 * what {@link WindowMeasurer} measures live, rebuilt. Window {@code i} is journal line {@code i}:
 * <ul>
 *   <li>its counts are the difference of line {@code i}'s books and line {@code i-1}'s, measured parts only
 *       (warm-up left out); the last window ends at the run's closed books ({@code summary.json}) when it has
 *       them;</li>
 *   <li>its latencies are the interval-log histograms whose middle falls in it: the log's timestamps are epoch ms,
 *       the journal's ends are seconds from the run's start, and the log's first interval starts as the run's clock
 *       does ({@link ShardOutput#startMillis()});</li>
 *   <li>its planned messages are the interval's target rate over the part of the stretch its counts cover (from
 *       one line's books to the next's) that was spent in measured stages, so that the windows' planned messages
 *       add up to the run's ({@code target x publishSeconds}).</li>
 * </ul>
 * A snapshot counts the messages waiting in backlogs as dropped {@code unsent_at_stop} (what a run killed then would
 * have dropped); a window leaves them out, as the live measurer does, and the last window counts those dropped at
 * the stop.
 */
public final class ShardWindows {

    /**
     * One report interval of one shard.
     *
     * @param counts    its messages, connects and planned messages (no latencies)
     * @param latencies its interval-log histograms (headline and per kind; warm-up left out)
     */
    public record Window(double startSeconds, double endSeconds, TimelinePoint point, Measurement counts,
                         List<PackedHistogram> latencies) {

        /** The window as SLOs judge it, its histograms decoded. */
        public Measurement measurement() {
            Measurement.Builder b = Measurement.builder();
            for (PackedHistogram packed : latencies) {
                b.addLatency(packed.tag(), packed.decode());
            }
            return counts.plus(b.build());
        }
    }

    private ShardWindows() {
    }

    /** The shard's windows, one per journal line; none without a journal. */
    public static List<Window> of(ShardOutput shard) {
        List<JournalLine> lines = shard.journal();
        if (lines.isEmpty()) {
            return List.of();
        }
        double[] ends = lines.stream().mapToDouble(l -> l.point().endSeconds()).toArray();
        List<List<PackedHistogram>> latencies = latenciesByWindow(shard, ends);
        RunSummary last = shard.finished() ? shard.summary() : lines.get(lines.size() - 1).summary();
        Map<String, Double> kindShares = SummaryMeasurement.of(last, Map.of()).kindShares();
        boolean manyKinds = last.byKind().size() > 1;
        double measuredStart = measuredStartSeconds(lines);
        // a finished run's measured stages ended when its books say they did; a killed run's plan may have been
        // going on: then only intervals with a target rate planned anything
        double measuredEnd = shard.finished() && last.rates() != null
            ? measuredStart + last.rates().publishSeconds() : Double.POSITIVE_INFINITY;

        List<Window> windows = new ArrayList<>();
        Books before = Books.NONE;
        double start = 0;
        double countedUntil = 0;
        double rate = 0;
        for (int i = 0; i < lines.size(); i++) {
            boolean closing = i == lines.size() - 1;
            RunSummary books = closing ? last : lines.get(i).summary();
            Books now = Books.of(books, closing);
            TimelinePoint point = lines.get(i).point();
            Measurement.Builder b = Measurement.builder();
            b.messages(now.all.minus(before.all));
            if (manyKinds) {
                for (var kind : now.byKind.entrySet()) {
                    b.messages(kind.getKey(), kind.getValue().minus(before.byKind.getOrDefault(kind.getKey(),
                        MessageCounts.NONE)));
                }
            }
            b.connects(now.attempts - before.attempts, now.succeeded - before.succeeded);
            // the counts are of the books' moments (a busy reporter reads them a little after the interval's end):
            // the plan's messages over the same stretch, so that the windows' planned add up to the run's
            double countedTo = Math.max(countedUntil, books.other() == null ? point.endSeconds()
                : books.other().elapsedSeconds());
            double measuring = Double.isNaN(measuredStart) ? 0
                : Math.max(0, Math.min(countedTo, measuredEnd) - Math.max(countedUntil, measuredStart));
            // the interval in which the plan ended is reported in the grace phase, at target 0: its tail was
            // planned at the rate before
            if (point.targetRate() > 0 || Double.isInfinite(measuredEnd)) {
                rate = point.targetRate();
            }
            b.planned(rate * measuring);
            b.kindShares(kindShares);
            windows.add(new Window(start, point.endSeconds(), point, b.build(), latencies.get(i)));
            before = now;
            start = point.endSeconds();
            countedUntil = countedTo;
        }
        return windows;
    }

    /**
     * Each log interval in the journal interval its middle falls in; an interval after the journal's last (its line
     * torn when the run was killed) is in the totals but in no window.
     */
    static List<List<PackedHistogram>> latenciesByWindow(ShardOutput shard, double[] ends) {
        List<List<PackedHistogram>> byWindow = new ArrayList<>();
        for (int i = 0; i < ends.length; i++) {
            byWindow.add(new ArrayList<>());
        }
        for (PackedHistogram packed : shard.intervals()) {
            if (packed.tag().startsWith("warmup.") || packed.totalCount() == 0) {
                continue;
            }
            int window = windowAt(ends, (packed.midMillis() - shard.startMillis()) / 1000.0);
            if (window >= 0) {
                byWindow.get(window).add(packed);
            }
        }
        return byWindow;
    }

    /** The first window ending at or after {@code seconds}; -1 past the last. */
    static int windowAt(double[] ends, double seconds) {
        int low = 0;
        int high = ends.length - 1;
        if (ends.length == 0 || seconds > ends[high]) {
            return -1;
        }
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (ends[mid] >= seconds) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }

    /**
     * When the measured stages began, seconds from the run's start: a journal line's books say how long they have
     * been measured ({@code publishSeconds}, warm-up left out) at the moment of the run's clock they were read
     * ({@code elapsedSeconds}); NaN when no line was taken in them.
     */
    static double measuredStartSeconds(List<JournalLine> lines) {
        for (JournalLine line : lines) {
            RunSummary s = line.summary();
            if (s.rates() != null && s.rates().publishSeconds() > 0 && s.other() != null) {
                return s.other().elapsedSeconds() - s.rates().publishSeconds();
            }
        }
        return Double.NaN;
    }

    /** The books at one line, as windows count them. */
    private record Books(MessageCounts all, Map<String, MessageCounts> byKind, long attempts, long succeeded) {

        static final Books NONE = new Books(MessageCounts.NONE, Map.of(), 0, 0);

        /** @param closing the books the run ends with: its drops at the stop are real, not messages still queued */
        static Books of(RunSummary s, boolean closing) {
            Map<String, MessageCounts> byKind = new LinkedHashMap<>();
            s.byKind().forEach((kind, part) -> byKind.put(kind, counts(part.messages(), closing)));
            var d = s.devices();
            return new Books(counts(s.messages(), closing), byKind, d.connected() + d.failed(), d.connected());
        }

        private static MessageCounts counts(RunSummary.Messages m, boolean closing) {
            MessageCounts c = SummaryMeasurement.counts(m);
            if (closing) {
                return c;
            }
            long queued = m.droppedByKind().getOrDefault(DropReason.UNSENT_AT_STOP.tag(), 0L);
            return new MessageCounts(c.scheduled(), c.sent(), c.confirmed(), c.failed(), c.timedOut(),
                c.dropped() - queued);
        }
    }
}
