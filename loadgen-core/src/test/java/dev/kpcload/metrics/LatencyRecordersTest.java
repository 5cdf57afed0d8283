package dev.kpcload.metrics;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyRecordersTest {

    @Test
    void intervalsAddUpEveryWriterAndTheSharedRecorder() throws Exception {
        LatencyRecorders recorders = new LatencyRecorders();
        LatencyWriter laneA = recorders.newWriter();
        LatencyWriter laneB = recorders.newWriter();
        Thread a = new Thread(() -> {
            for (int i = 1; i <= 10_000; i++) {
                laneA.record(LatencyKind.STATUS, 1_000);
            }
        });
        Thread b = new Thread(() -> {
            for (int i = 1; i <= 5_000; i++) {
                laneB.record(LatencyKind.STATUS, 2_000_000);
            }
        });
        a.start();
        b.start();
        a.join();
        b.join();
        recorders.record(LatencyKind.STATUS, 3_000_000_000L);
        laneA.record(LatencyKind.CONNECT, 5);

        LatencySample first = recorders.takeInterval();
        Histogram status = first.get(LatencyKind.STATUS);
        assertEquals(15_001, status.getTotalCount());
        assertEquals(10_000, status.getCountAtValue(1_000));
        assertEquals(1, first.get(LatencyKind.CONNECT).getTotalCount());
        assertTrue(status.getEndTimeStamp() >= status.getStartTimeStamp());
        long firstEnd = status.getEndTimeStamp();

        laneB.record(LatencyKind.STATUS, 7);
        LatencySample second = recorders.takeInterval();
        assertEquals(1, second.get(LatencyKind.STATUS).getTotalCount(), "each value in exactly one interval");
        assertEquals(0, second.get(LatencyKind.CONNECT).getTotalCount());
        assertEquals(firstEnd, second.get(LatencyKind.STATUS).getStartTimeStamp(), "intervals follow each other");
    }

    @Test
    void writersClampLikeTheSharedRecorder() {
        LatencyRecorders recorders = new LatencyRecorders();
        LatencyWriter lane = recorders.newWriter();
        lane.record(LatencyKind.SEND_LAG, -5);
        lane.record(LatencyKind.SEND_LAG, Long.MAX_VALUE);
        Histogram lag = recorders.takeInterval().get(LatencyKind.SEND_LAG);
        assertEquals(2, lag.getTotalCount());
        assertEquals(0, lag.getMinValue());
        assertTrue(lag.getMaxValue() >= LatencyRecorders.HIGHEST_TRACKABLE_NANOS);
    }

    /**
     * The reader hands each recorder's interval back to it the next time (no copy) and skips empty histograms: over
     * intervals that go empty and fill again, on two writers and the shared recorder, every value is in exactly one
     * interval, with its own value and the interval's own largest value, and a stream that had values once still
     * shows (empty) in the intervals without any.
     */
    @Test
    void intervalsStayExactWhenStreamsGoEmptyAndFillAgain() {
        LatencyRecorders recorders = new LatencyRecorders();
        LatencyWriter laneA = recorders.newWriter();
        LatencyWriter laneB = recorders.newWriter();
        LatencyTotals totals = new LatencyTotals(recorders);
        long recorded = 0;
        for (int interval = 0; interval < 12; interval++) {
            int n = interval % 3 == 1 ? 0 : interval + 1; // every third interval is empty
            for (int i = 0; i < n; i++) {
                laneA.record(LatencyKind.PUBACK, 1_000L * (interval + 1));
                laneB.record(LatencyKind.PUBACK, 1_000L * (interval + 1));
            }
            if (interval % 4 == 0) {
                recorders.record(LatencyKind.PUBACK, 1_000L * (interval + 1));
                n++;
            }
            long expected = interval % 4 == 0 ? 2L * n - 1 : 2L * n;
            LatencySample sample = totals.sampleInterval();
            Histogram puback = sample.get(LatencyKind.PUBACK);
            assertEquals(expected, puback.getTotalCount(), "interval " + interval);
            if (expected > 0) {
                assertEquals(expected, puback.getCountAtValue(1_000L * (interval + 1)), "only this interval's values");
                assertEquals(1_000L * (interval + 1), puback.getMaxValue(), 1_000L * (interval + 1) / 1_000,
                    "this interval's largest value, not an earlier one");
            }
            assertTrue(sample.stream(LatencyKind.PUBACK, 0) != null, "a stream that had values still shows");
            recorded += expected;
            assertEquals(recorded, totals.total(LatencyKind.PUBACK).getTotalCount(), "totals after " + interval);
        }
        assertEquals(0, totals.sampleInterval().get(LatencyKind.CONNECT).getTotalCount());
    }
}
