package dev.kpcload.fuzz;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;

import java.util.ArrayList;
import java.util.List;

/**
 * A heap allocator that knows every buffer it handed out and not yet freed, so that a test asserts zero leaks at
 * a point of its choosing instead of waiting for the garbage collector to let the leak detector report one.
 * (Netty's leak detector still wraps each buffer, so a paranoid run reports through it as well.)
 * Single-threaded, like the embedded event loop it serves.
 */
public final class TrackingAllocator extends AbstractByteBufAllocator {

    private final List<Tracked> live = new ArrayList<>();
    private long allocated;

    public TrackingAllocator() {
        super(false);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        Tracked buf = new Tracked(this, initialCapacity, maxCapacity);
        live.add(buf);
        allocated++;
        return buf;
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return newHeapBuffer(initialCapacity, maxCapacity); // the pipeline cannot tell, and heap is cheaper here
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    /** Buffers handed out and not yet freed. */
    public int outstanding() {
        return live.size();
    }

    /** Buffers handed out since the start. */
    public long allocated() {
        return allocated;
    }

    /** What the outstanding buffers are, for a finding: size, reference count and the first bytes. */
    public String describeOutstanding() {
        StringBuilder s = new StringBuilder();
        for (Tracked b : live) {
            if (!s.isEmpty()) {
                s.append(", ");
            }
            int n = Math.min(24, b.capacity());
            byte[] head = new byte[n];
            b.getBytes(0, head);
            s.append(b.capacity()).append(" B refCnt ").append(b.refCnt()).append(' ')
                .append(java.util.HexFormat.of().formatHex(head));
        }
        return s.toString();
    }

    /** Frees what is still outstanding (after reporting it), so that one leak is reported once. */
    public void forgetOutstanding() {
        live.clear();
    }

    private final class Tracked extends UnpooledHeapByteBuf {
        Tracked(ByteBufAllocator alloc, int initialCapacity, int maxCapacity) {
            super(alloc, initialCapacity, maxCapacity);
        }

        @Override
        protected void deallocate() {
            super.deallocate();
            // released in any order; the list stays short (a handful per input)
            for (int i = live.size() - 1; i >= 0; i--) {
                if (live.get(i) == this) {
                    live.remove(i);
                    return;
                }
            }
        }
    }
}
