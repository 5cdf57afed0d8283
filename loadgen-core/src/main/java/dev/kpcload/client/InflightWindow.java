package dev.kpcload.client;

/**
 * A device's messages awaiting confirmation: a fixed number of slots, each holding one message's request ID,
 * packet ID, intended and actual send time. The window is small (a few slots per device), so lookups scan.
 * Confined to the device's event loop.
 */
final class InflightWindow {

    static final int NONE = -1;

    private final int[] requestIds;
    private final int[] packetIds;
    private final long[] intendedNanos;
    private final long[] writtenNanos;
    private final boolean[] used;
    private final boolean[] planned;
    /** Each message's {@link dev.kpcload.metrics.LatencyStreams stream}: its kind in the mix, measured or warm-up. */
    private final int[] streams;
    private int size;
    private int plannedSize;

    InflightWindow(int capacity) {
        requestIds = new int[capacity];
        packetIds = new int[capacity];
        intendedNanos = new long[capacity];
        writtenNanos = new long[capacity];
        used = new boolean[capacity];
        planned = new boolean[capacity];
        streams = new int[capacity];
    }

    boolean hasRoom() {
        return size < used.length;
    }

    int size() {
        return size;
    }

    /** Messages of the plan in the window (the rest are the CONNACK reports). */
    int plannedSize() {
        return plannedSize;
    }

    /** Adds a message of stream 0; the caller has checked {@link #hasRoom()}. Returns its slot. */
    int add(int requestId, int packetId, long intended, long written, boolean isPlanned) {
        return add(requestId, packetId, intended, written, isPlanned, 0);
    }

    /** Adds a message; the caller has checked {@link #hasRoom()}. Returns its slot. */
    int add(int requestId, int packetId, long intended, long written, boolean isPlanned, int stream) {
        for (int i = 0; i < used.length; i++) {
            if (!used[i]) {
                used[i] = true;
                requestIds[i] = requestId;
                packetIds[i] = packetId;
                intendedNanos[i] = intended;
                writtenNanos[i] = written;
                planned[i] = isPlanned;
                streams[i] = stream;
                size++;
                if (isPlanned) {
                    plannedSize++;
                }
                return i;
            }
        }
        throw new IllegalStateException("window full");
    }

    int findByRequestId(int requestId) {
        for (int i = 0; i < used.length; i++) {
            if (used[i] && requestIds[i] == requestId) {
                return i;
            }
        }
        return NONE;
    }

    int findByPacketId(int packetId) {
        for (int i = 0; i < used.length; i++) {
            if (used[i] && packetIds[i] == packetId) {
                return i;
            }
        }
        return NONE;
    }

    /** Forgets the slot's packet ID once its PUBACK came, so that a reused ID cannot match it again. */
    void clearPacketId(int slot) {
        packetIds[slot] = 0;
    }

    long intended(int slot) {
        return intendedNanos[slot];
    }

    long written(int slot) {
        return writtenNanos[slot];
    }

    boolean planned(int slot) {
        return planned[slot];
    }

    int stream(int slot) {
        return streams[slot];
    }

    void release(int slot) {
        if (used[slot]) {
            used[slot] = false;
            size--;
            if (planned[slot]) {
                plannedSize--;
            }
        }
    }

    /** The first slot written at or before {@code writtenBefore}, or {@link #NONE}. */
    int findExpired(long writtenBefore) {
        if (size == 0) {
            return NONE;
        }
        for (int i = 0; i < used.length; i++) {
            if (used[i] && writtenNanos[i] <= writtenBefore) {
                return i;
            }
        }
        return NONE;
    }

    /** Forgets every message without a fate: used when the books are closed and they stay "in flight". */
    void clear() {
        java.util.Arrays.fill(used, false);
        size = 0;
        plannedSize = 0;
    }

    /** Any used slot, or {@link #NONE} when the window is empty. */
    int anyUsed() {
        for (int i = 0; i < used.length; i++) {
            if (used[i]) {
                return i;
            }
        }
        return NONE;
    }
}
