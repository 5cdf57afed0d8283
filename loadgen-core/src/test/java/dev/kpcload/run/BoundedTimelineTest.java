package dev.kpcload.run;

import dev.kpcload.metrics.RunPhase;
import dev.kpcload.metrics.TimelinePoint;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BoundedTimelineTest {

    private static TimelinePoint at(double seconds) {
        return new TimelinePoint(seconds, RunPhase.PUBLISH, 1, 10, 10, 10, 0, 0, 0, Map.of());
    }

    @Test
    void keepsEveryPointUpToTheBound() {
        BoundedTimeline t = new BoundedTimeline(10);
        for (int i = 1; i <= 10; i++) {
            t.add(at(i));
        }
        assertEquals(10, t.points().size());
        assertEquals(1.0, t.points().get(0).endSeconds());
    }

    @Test
    void aLongRunStaysWithinTheBoundEvenlySpreadWithItsLastInterval() {
        BoundedTimeline t = new BoundedTimeline(100);
        TimelinePoint last = null;
        for (int i = 1; i <= 100_000; i++) {
            last = at(i);
            t.add(last);
        }
        List<TimelinePoint> points = t.points();
        assertTrue(points.size() <= 101, "bounded: " + points.size());
        assertTrue(points.size() >= 50, "still a timeline: " + points.size());
        assertSame(last, points.get(points.size() - 1), "the run's last interval is always there");
        assertEquals(1.0, points.get(0).endSeconds(), "and its first");
        double step = points.get(1).endSeconds() - points.get(0).endSeconds();
        for (int i = 1; i < points.size() - 1; i++) {
            assertEquals(step, points.get(i).endSeconds() - points.get(i - 1).endSeconds(), "evenly spread");
        }
    }
}
