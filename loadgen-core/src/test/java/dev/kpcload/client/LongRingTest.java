package dev.kpcload.client;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class LongRingTest {

    @Test
    void isFifoAcrossGrowth() {
        LongRing ring = new LongRing(1_000);
        assertTrue(ring.isEmpty());
        for (long i = 0; i < 100; i++) {
            assertTrue(ring.offer(i * 10));
        }
        assertEquals(100, ring.size());
        for (long i = 0; i < 100; i++) {
            assertEquals(i * 10, ring.poll());
        }
        assertTrue(ring.isEmpty());
        assertThrows(IllegalStateException.class, ring::poll);
    }

    @Test
    void isFifoAcrossWrapAndGrowthWhileWrapped() {
        LongRing ring = new LongRing(1_000);
        // fill 4, take 3, so that head sits near the end; then grow while the contents wrap around
        for (long i = 0; i < 4; i++) {
            ring.offer(i);
        }
        assertEquals(0, ring.poll());
        assertEquals(1, ring.poll());
        assertEquals(2, ring.poll());
        for (long i = 4; i < 20; i++) {
            assertTrue(ring.offer(i));
        }
        for (long i = 3; i < 20; i++) {
            assertEquals(i, ring.poll());
        }
        assertTrue(ring.isEmpty());
    }

    @Test
    void behavesLikeAQueueUnderRandomUse() {
        Random random = new Random(42);
        LongRing ring = new LongRing(37);
        ArrayDeque<Long> model = new ArrayDeque<>();
        long next = 0;
        for (int step = 0; step < 20_000; step++) {
            if (random.nextInt(100) < 55) {
                boolean accepted = ring.offer(next);
                assertEquals(model.size() < 37, accepted);
                if (accepted) {
                    model.add(next);
                }
                next++;
            } else if (!model.isEmpty()) {
                assertEquals(model.poll(), ring.poll());
            }
            assertEquals(model.size(), ring.size());
        }
    }

    @Test
    void refusesBeyondItsLimit() {
        LongRing ring = new LongRing(5);
        for (long i = 0; i < 5; i++) {
            assertTrue(ring.offer(i));
        }
        assertFalse(ring.offer(5));
        assertEquals(5, ring.size());
        assertEquals(0, ring.poll());
        assertTrue(ring.offer(5));
        assertFalse(ring.offer(6));
        for (long i = 1; i <= 5; i++) {
            assertEquals(i, ring.poll());
        }
    }

    @Test
    void limitZeroRefusesEverything() {
        LongRing ring = new LongRing(0);
        assertFalse(ring.offer(1));
        assertTrue(ring.isEmpty());
    }

    @Test
    void clearEmptiesAndTheRingStaysUsable() {
        LongRing ring = new LongRing(8);
        for (long i = 0; i < 6; i++) {
            ring.offer(i);
        }
        ring.poll();
        ring.clear();
        assertTrue(ring.isEmpty());
        assertEquals(0, ring.size());
        for (long i = 100; i < 108; i++) {
            assertTrue(ring.offer(i));
        }
        assertFalse(ring.offer(108));
        for (long i = 100; i < 108; i++) {
            assertEquals(i, ring.poll());
        }
    }
}
