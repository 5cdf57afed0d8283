package dev.kpcload.fuzz;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A pipeline under fuzz: makes one input from its own corpus and {@code random}, runs it on a fresh connection
 * beside a healthy one, and judges every property after it. Single-threaded; the same seed gives the same inputs.
 */
public interface FuzzTarget extends AutoCloseable {

    /** Short name for reports: {@code sim}, {@code client}. */
    String name();

    /** Generates one input from {@code random} and runs it. */
    Trial trial(SplittableRandom random);

    /** Runs exactly these reads (a regression input), with every property judged as in {@link #trial}. */
    Trial replay(List<byte[]> reads);

    /** Properties of the whole run, judged once at its end (books that must balance, leaks of the healthy side). */
    List<Problem> finish();

    @Override
    void close();
}
