package dev.kpcload.client;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.random.RandomGenerator;

/** A random source that returns the doubles a test scripts, in order, and fails on anything else. */
final class ScriptedRandom implements RandomGenerator {

    private final Deque<Double> doubles = new ArrayDeque<>();

    ScriptedRandom(double... values) {
        for (double v : values) {
            doubles.add(v);
        }
    }

    @Override
    public double nextDouble() {
        Double next = doubles.poll();
        if (next == null) {
            throw new AssertionError("the script of random doubles ran out");
        }
        return next;
    }

    @Override
    public long nextLong() {
        throw new AssertionError("only nextDouble() is scripted");
    }

    int left() {
        return doubles.size();
    }
}
