package dev.kpcload.run;

import dev.kpcload.metrics.LatencyRecorders;
import dev.kpcload.metrics.LatencyTotals;
import dev.kpcload.metrics.RunCounters;
import dev.kpcload.metrics.RunGauges;
import dev.kpcload.metrics.TimelinePoint;
import dev.kpcload.plan.UniformSchedule;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressReporterTest {

    /**
     * The plan starts a little after the publish phase does (a lead for the lanes); an interval that ends inside
     * that lead has no publishing time, and its rates must not divide by (almost) nothing: seen as "3000000000.0/s
     * sent" on a busy machine, for three reports sent on late CONNACKs.
     */
    @Test
    void anIntervalEndingBeforeThePlanStartsHasNoHugeRate() throws InterruptedException {
        RunCounters counters = new RunCounters();
        long start = System.nanoTime();
        List<TimelinePoint> points = new ArrayList<>();
        ProgressReporter progress = new ProgressReporter(counters, new RunGauges(),
            new LatencyTotals(new LatencyRecorders()), new PrintStream(new ByteArrayOutputStream()),
            TimeUnit.HOURS.toNanos(1), start, List.of((interval, point) -> points.add(point)));
        long planStart = System.nanoTime() + TimeUnit.HOURS.toNanos(1);
        progress.publishing(UniformSchedule.of(planStart, 100, TimeUnit.SECONDS.toNanos(10)), planStart);
        counters.sent.add(3);
        counters.confirmed.add(3);
        long beforeStop = System.nanoTime();
        progress.stop();
        assertEquals(1, points.size());
        TimelinePoint p = points.get(0);
        // the three over the interval's own length, which is at least up to beforeStop: never over a nanosecond
        double atMost = 3 / ((beforeStop - start) / 1e9);
        assertTrue(p.sentRate() > 0 && p.sentRate() <= atMost, "sent rate " + p.sentRate() + ", at most " + atMost);
        assertTrue(p.confirmedRate() > 0 && p.confirmedRate() <= atMost, "confirmed rate " + p.confirmedRate());
    }
}
