package dev.kpcload.fleet;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/** Random endpoint tokens like Kaa's ({@code JTjdbENzHh}): 10 alphanumerics, unique, reproducible for a seed. */
public final class TokenGenerator {

    public static final int LENGTH = 10;
    static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private TokenGenerator() {
    }

    public static List<String> generate(int count, long seed) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be at least 0: " + count);
        }
        // SplittableRandom's algorithm is specified, so a seed gives the same tokens on every JVM.
        SplittableRandom random = new SplittableRandom(seed);
        Set<String> seen = new HashSet<>(count * 2);
        List<String> tokens = new ArrayList<>(count);
        char[] token = new char[LENGTH];
        while (tokens.size() < count) {
            for (int i = 0; i < LENGTH; i++) {
                token[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            }
            String candidate = new String(token);
            if (seen.add(candidate)) {
                tokens.add(candidate);
            }
        }
        return tokens;
    }
}
