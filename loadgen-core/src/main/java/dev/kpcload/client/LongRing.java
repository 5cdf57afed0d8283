package dev.kpcload.client;

/** A FIFO of longs (intended send times) that grows on demand up to a limit. Not thread-safe. */
final class LongRing {

    private static final long[] EMPTY = new long[0];

    private final int limit;
    private long[] items = EMPTY;
    private int head;
    private int size;

    LongRing(int limit) {
        this.limit = limit;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** Adds a value; false when the ring already holds {@code limit} values. */
    boolean offer(long value) {
        if (size == limit) {
            return false;
        }
        if (size == items.length) {
            grow();
        }
        items[(head + size) % items.length] = value;
        size++;
        return true;
    }

    long poll() {
        if (size == 0) {
            throw new IllegalStateException("empty");
        }
        long value = items[head];
        head = (head + 1) % items.length;
        size--;
        return value;
    }

    void clear() {
        head = 0;
        size = 0;
    }

    private void grow() {
        long[] bigger = new long[Math.min(limit, Math.max(4, items.length * 2))];
        for (int i = 0; i < size; i++) {
            bigger[i] = items[(head + i) % items.length];
        }
        items = bigger;
        head = 0;
    }
}
