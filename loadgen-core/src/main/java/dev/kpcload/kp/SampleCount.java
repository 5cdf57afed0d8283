package dev.kpcload.kp;

import dev.kpcload.InvalidInputException;
import dev.kpcload.Sourced;

/**
 * How many readings a DCX batch carries: a fixed count ({@code 10}) or a range ({@code 5..20}) from which each
 * message draws its own count, a pure function of the device's seed and the message's index, so a replay sends
 * the same batches.
 *
 * @param min at least 1
 * @param max {@code min..}{@value #MAX_SAMPLES}
 */
public record SampleCount(int min, int max) {

    /** About 66 bytes a reading: 500 keep a batch near 33 KB, below the simulator's 64 KiB packet limit. */
    public static final int MAX_SAMPLES = 500;
    private static final String RANGE = "..";
    private static final long COUNT_SALT = 0x73616D706C65735FL;

    public SampleCount {
        if (min < 1 || max < min || max > MAX_SAMPLES) {
            throw new IllegalArgumentException("sample count must be 1 <= min <= max <= " + MAX_SAMPLES + ", got "
                    + min + ".." + max);
        }
    }

    public static SampleCount fixed(int count) {
        return new SampleCount(count, count);
    }

    public boolean isFixed() {
        return min == max;
    }

    /**
     * The count of one message.
     *
     * @param deviceSeed the device's seed
     * @param k          the message's index (the plan's k, or the device's own message counter)
     */
    public int forMessage(long deviceSeed, long k) {
        if (min == max) {
            return min;
        }
        return min + (int) SplitMix64.below(SplitMix64.at(deviceSeed ^ COUNT_SALT, k), max - min + 1);
    }

    /** Parses {@code 10} or {@code 5..20} (white space around the numbers allowed). */
    public static SampleCount parse(Sourced<String> text) {
        return parse(text.value(), text.where());
    }

    /**
     * Parses {@code 10} or {@code 5..20}.
     *
     * @param where the flag or {@code FILE:LINE:COLUMN} named in the error
     * @throws InvalidInputException naming {@code where} and what was expected
     */
    public static SampleCount parse(String text, String where) {
        if (text == null) {
            throw problem(where, "missing sample count, expected a count like 10 or a range like 5..20");
        }
        int dots = text.indexOf(RANGE);
        int min = count(dots < 0 ? text : text.substring(0, dots), text, where);
        int max = dots < 0 ? min : count(text.substring(dots + RANGE.length()), text, where);
        if (max < min) {
            throw problem(where, "sample count range '" + text.strip() + "' goes down: write it as min..max");
        }
        return new SampleCount(min, max);
    }

    private static int count(String part, String whole, String where) {
        String digits = part.strip();
        boolean ok = !digits.isEmpty() && digits.length() <= 9;
        for (int i = 0; ok && i < digits.length(); i++) {
            ok = digits.charAt(i) >= '0' && digits.charAt(i) <= '9';
        }
        if (!ok) {
            throw problem(where, "expected a sample count like 10 or a range like 5..20, got '" + whole.strip() + "'");
        }
        int value = Integer.parseInt(digits);
        if (value < 1 || value > MAX_SAMPLES) {
            throw problem(where, "samples per batch must be 1.." + MAX_SAMPLES + ", got " + value);
        }
        return value;
    }

    private static InvalidInputException problem(String where, String what) {
        return new InvalidInputException(where + ": " + what);
    }

    /** {@code 10} or {@code 5..20}, as parsed. */
    @Override
    public String toString() {
        return isFixed() ? Integer.toString(min) : min + RANGE + max;
    }
}
