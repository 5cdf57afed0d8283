package dev.kpcload.client;

/**
 * A FIFO of longs (intended send times), each with an int tag (the message's stream), that grows on demand up to a
 * limit. Not thread-safe.
 */
final class LongRing {

    private static final long[] EMPTY = new long[0];
    private static final int[] NO_TAGS = new int[0];

    private final int limit;
    private long[] items = EMPTY;
    private int[] tags = NO_TAGS;
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
        return offer(value, 0);
    }

    /** Adds a value with its tag; false when the ring already holds {@code limit} values. */
    boolean offer(long value, int tag) {
        if (size == limit) {
            return false;
        }
        if (size == items.length) {
            grow();
        }
        items[(head + size) % items.length] = value;
        tags[(head + size) % items.length] = tag;
        size++;
        return true;
    }

    /** The tag of the value {@link #poll()} returns next. */
    int headTag() {
        if (size == 0) {
            throw new IllegalStateException("empty");
        }
        return tags[head];
    }

    /** The tag of the {@code i}-th value from the head. */
    int tagAt(int i) {
        return tags[(head + i) % items.length];
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
        int[] biggerTags = new int[bigger.length];
        for (int i = 0; i < size; i++) {
            bigger[i] = items[(head + i) % items.length];
            biggerTags[i] = tags[(head + i) % items.length];
        }
        items = bigger;
        tags = biggerTags;
        head = 0;
    }
}
