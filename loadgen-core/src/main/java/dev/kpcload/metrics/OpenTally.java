package dev.kpcload.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts by a name from an open set (a reply's status code, a source address): each name becomes a counter the
 * first time it is seen. For a closed set of kinds use {@link Tally}, which is cheaper and exports every kind
 * from the start.
 */
public final class OpenTally {

    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
    private volatile java.util.function.BiConsumer<String, LongAdder> newKindListener;

    public void increment(String kind) {
        add(kind, 1);
    }

    /** Adds {@code n}; adding 0 makes the kind known (and exported) without counting anything. */
    public void add(String kind, long n) {
        LongAdder adder = counts.get(kind);
        if (adder == null) {
            LongAdder fresh = new LongAdder();
            adder = counts.putIfAbsent(kind, fresh);
            if (adder == null) {
                adder = fresh;
                var listener = newKindListener;
                if (listener != null) {
                    listener.accept(kind, fresh);
                }
            }
        }
        if (n != 0) {
            adder.add(n);
        }
    }

    /** Hears of every kind, those known already and each new one once, with its counter. */
    public void onNewKind(java.util.function.BiConsumer<String, LongAdder> listener) {
        newKindListener = listener;
        counts.forEach(listener);
    }

    public long get(String kind) {
        LongAdder adder = counts.get(kind);
        return adder == null ? 0 : adder.sum();
    }

    public long total() {
        long sum = 0;
        for (LongAdder adder : counts.values()) {
            sum += adder.sum();
        }
        return sum;
    }

    /** A sorted copy of the non-zero counts. */
    public Map<String, Long> snapshot() {
        TreeMap<String, Long> copy = new TreeMap<>();
        counts.forEach((kind, adder) -> {
            long value = adder.sum();
            if (value != 0) {
                copy.put(kind, value);
            }
        });
        return copy;
    }
}
