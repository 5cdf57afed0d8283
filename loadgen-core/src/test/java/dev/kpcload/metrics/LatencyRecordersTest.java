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
}
