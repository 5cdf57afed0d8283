package dev.kpcload.client;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class InflightWindowTest {

    @Test
    void holdsUpToItsCapacity() {
        InflightWindow w = new InflightWindow(3);
        assertTrue(w.hasRoom());
        Set<Integer> slots = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            slots.add(w.add(i, i + 1, 100 + i, 200 + i, true));
        }
        assertEquals(Set.of(0, 1, 2), slots);
        assertFalse(w.hasRoom());
        assertEquals(3, w.size());
        assertThrows(IllegalStateException.class, () -> w.add(9, 9, 0, 0, true));
    }

    @Test
    void findsByRequestIdAndPacketIdAndKeepsTimes() {
        InflightWindow w = new InflightWindow(4);
        int a = w.add(7, 11, 1_000, 1_500, true);
        int b = w.add(8, 12, 2_000, 2_600, false);
        assertEquals(a, w.findByRequestId(7));
        assertEquals(b, w.findByRequestId(8));
        assertEquals(InflightWindow.NONE, w.findByRequestId(9));
        assertEquals(a, w.findByPacketId(11));
        assertEquals(b, w.findByPacketId(12));
        assertEquals(InflightWindow.NONE, w.findByPacketId(13));
        assertEquals(1_000, w.intended(a));
        assertEquals(1_500, w.written(a));
        assertEquals(2_000, w.intended(b));
        assertEquals(2_600, w.written(b));
        assertTrue(w.planned(a));
        assertFalse(w.planned(b));
    }

    @Test
    void releaseFreesTheSlotAndCountsOnce() {
        InflightWindow w = new InflightWindow(2);
        int a = w.add(1, 1, 0, 0, true);
        int b = w.add(2, 2, 0, 0, false);
        assertEquals(2, w.size());
        assertEquals(1, w.plannedSize());
        w.release(a);
        assertEquals(1, w.size());
        assertEquals(0, w.plannedSize());
        assertTrue(w.hasRoom());
        assertEquals(InflightWindow.NONE, w.findByRequestId(1));
        assertEquals(InflightWindow.NONE, w.findByPacketId(1));
        w.release(a); // twice: no effect
        assertEquals(1, w.size());
        assertEquals(0, w.plannedSize());
        w.release(b);
        assertEquals(0, w.size());
        assertEquals(InflightWindow.NONE, w.anyUsed());
        // a freed slot is reused
        int c = w.add(3, 3, 0, 0, true);
        assertTrue(c == a || c == b);
        assertEquals(c, w.anyUsed());
    }

    @Test
    void clearPacketIdStopsMatchingTheOldPacketId() {
        InflightWindow w = new InflightWindow(2);
        int a = w.add(5, 42, 0, 0, true);
        w.clearPacketId(a);
        assertEquals(InflightWindow.NONE, w.findByPacketId(42));
        assertEquals(a, w.findByRequestId(5), "still in flight for its reply");
        assertEquals(1, w.size());
    }

    @Test
    void findExpiredReturnsSlotsWrittenAtOrBeforeTheLimit() {
        InflightWindow w = new InflightWindow(4);
        assertEquals(InflightWindow.NONE, w.findExpired(Long.MAX_VALUE));
        int a = w.add(1, 1, 0, 100, true);
        int b = w.add(2, 2, 0, 200, true);
        w.add(3, 3, 0, 300, true);
        assertEquals(InflightWindow.NONE, w.findExpired(99));
        assertEquals(a, w.findExpired(100));
        w.release(a);
        assertEquals(InflightWindow.NONE, w.findExpired(199));
        assertEquals(b, w.findExpired(250));
        w.release(b);
        assertEquals(InflightWindow.NONE, w.findExpired(250));
    }

    @Test
    void plannedSizeCountsOnlyMessagesOfThePlan() {
        InflightWindow w = new InflightWindow(5);
        w.add(0, 1, 0, 0, false);
        w.add(1, 2, 0, 0, true);
        w.add(2, 3, 0, 0, true);
        assertEquals(3, w.size());
        assertEquals(2, w.plannedSize());
        w.clear();
        assertEquals(0, w.size());
        assertEquals(0, w.plannedSize());
        assertEquals(InflightWindow.NONE, w.anyUsed());
        assertEquals(InflightWindow.NONE, w.findByRequestId(1));
        assertEquals(InflightWindow.NONE, w.findExpired(Long.MAX_VALUE));
        for (int i = 0; i < 5; i++) {
            w.add(i, i, 0, 0, true);
        }
        assertFalse(w.hasRoom());
    }
}
