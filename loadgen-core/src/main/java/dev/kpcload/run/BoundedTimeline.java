package dev.kpcload.run;

import dev.kpcload.metrics.TimelinePoint;

import java.util.ArrayList;
import java.util.List;

/**
 * The report intervals the HTML report draws, kept in bounded memory: past {@link #MAX_POINTS} points every other
 * point is dropped and from then on only every second interval is kept (again each time the bound is reached), so a
 * run of days holds as many points as one of hours, evenly spread, the latest always kept. The journal
 * ({@code intervals.jsonl}) keeps every interval. One writer (the reporter's thread).
 */
final class BoundedTimeline {

    /** An hour of 1 s intervals, or five of the default 5 s: about 3.5 MB at most. */
    static final int MAX_POINTS = 3_600;

    private final int maxPoints;
    private final List<TimelinePoint> points = new ArrayList<>();
    private TimelinePoint latest;
    /** Keep one interval of every {@code stride}. */
    private long stride = 1;
    private long seen;

    BoundedTimeline() {
        this(MAX_POINTS);
    }

    BoundedTimeline(int maxPoints) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("at least 2 points");
        }
        this.maxPoints = maxPoints;
    }

    void add(TimelinePoint point) {
        latest = point;
        if (seen++ % stride != 0) {
            return;
        }
        points.add(point);
        if (points.size() > maxPoints) {
            List<TimelinePoint> thinned = new ArrayList<>(points.size() / 2 + 1);
            for (int i = 0; i < points.size(); i += 2) {
                thinned.add(points.get(i));
            }
            points.clear();
            points.addAll(thinned);
            stride *= 2;
        }
    }

    /** The points kept, and the latest interval whether or not it fell on the stride (the run's last). */
    List<TimelinePoint> points() {
        List<TimelinePoint> copy = new ArrayList<>(points);
        if (latest != null && (copy.isEmpty() || copy.get(copy.size() - 1) != latest)) {
            copy.add(latest);
        }
        return List.copyOf(copy);
    }
}
