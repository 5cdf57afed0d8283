package dev.kpcload.metrics;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts by kind over a closed set (an enum): one counter per kind, indexed by its ordinal, so that counting is
 * an array read and an add, with neither hashing nor allocation. Every kind exists from the start, at zero.
 * The JSON summary, the exported labels and the dashboards see the kinds by their {@link Tagged#tag() tags}.
 * Safe for any number of threads.
 */
public final class Tally<K extends Enum<K> & Tagged> {

    private final List<K> kinds;
    private final LongAdder[] counts;
    private final Map<String, K> byTag = new HashMap<>();

    public Tally(Class<K> type) {
        K[] constants = type.getEnumConstants();
        kinds = List.of(constants);
        counts = new LongAdder[constants.length];
        for (K kind : constants) {
            counts[kind.ordinal()] = new LongAdder();
            if (byTag.put(kind.tag(), kind) != null) {
                throw new IllegalArgumentException(type.getSimpleName() + ": tag " + kind.tag() + " twice");
            }
        }
    }

    public void increment(K kind) {
        counts[kind.ordinal()].increment();
    }

    public void add(K kind, long n) {
        if (n != 0) {
            counts[kind.ordinal()].add(n);
        }
    }

    public long get(K kind) {
        return counts[kind.ordinal()].sum();
    }

    /** The counter of one kind, for exporters that read it at scrape time. */
    public LongAdder adder(K kind) {
        return counts[kind.ordinal()];
    }

    /** Every kind, in declaration order. */
    public List<K> kinds() {
        return Collections.unmodifiableList(kinds);
    }

    public long total() {
        long sum = 0;
        for (LongAdder adder : counts) {
            sum += adder.sum();
        }
        return sum;
    }

    /** The non-zero counts by tag, sorted by tag. */
    public Map<String, Long> snapshot() {
        TreeMap<String, Long> copy = new TreeMap<>();
        for (K kind : kinds) {
            long value = counts[kind.ordinal()].sum();
            if (value != 0) {
                copy.put(kind.tag(), value);
            }
        }
        return copy;
    }

    /** The kind with this tag; for callers that hold a tag (tests, tools), not for the hot path. */
    public K kind(String tag) {
        K kind = byTag.get(tag);
        if (kind == null) {
            throw new IllegalArgumentException("no kind tagged " + tag + " among " + byTag.keySet());
        }
        return kind;
    }

    /** By tag (see {@link #kind(String)}); an unknown tag is a mistake and throws. */
    public void increment(String tag) {
        increment(kind(tag));
    }

    /** By tag (see {@link #kind(String)}); an unknown tag is a mistake and throws. */
    public void add(String tag, long n) {
        add(kind(tag), n);
    }

    /** By tag; 0 for a tag no kind has. */
    public long get(String tag) {
        K kind = byTag.get(tag);
        return kind == null ? 0 : get(kind);
    }
}
