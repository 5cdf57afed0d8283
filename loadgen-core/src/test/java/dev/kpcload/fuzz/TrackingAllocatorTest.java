package dev.kpcload.fuzz;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrackingAllocatorTest {

    @Test
    void countsBuffersUntilTheyAreFreedWhateverTheOrder() {
        TrackingAllocator alloc = new TrackingAllocator();
        ByteBuf a = alloc.buffer(8).writeByte(1);
        ByteBuf b = alloc.directBuffer(4);
        ByteBuf slice = a.retainedSlice();
        assertEquals(2, alloc.outstanding());
        a.release();
        assertEquals(2, alloc.outstanding(), "the retained slice keeps it");
        b.release();
        slice.release();
        assertEquals(0, alloc.outstanding());
        assertEquals(2, alloc.allocated());
    }

    @Test
    void describesWhatIsLeft() {
        TrackingAllocator alloc = new TrackingAllocator();
        alloc.buffer(2).writeByte(0xAB);
        assertTrue(alloc.describeOutstanding().contains("refCnt 1 ab"), alloc.describeOutstanding());
        alloc.forgetOutstanding();
        assertEquals(0, alloc.outstanding());
    }
}
