package dev.kpcload.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes the fuzzed part of an input from a corpus of valid frames and PUBLISH templates, by a {@link Strategy}
 * drawn with fixed weights.
 */
public final class InputMaker {

    private final List<byte[]> frames;
    private final List<PublishTemplate> publishes;

    public InputMaker(List<byte[]> frames, List<PublishTemplate> publishes) {
        this.frames = List.copyOf(frames);
        this.publishes = List.copyOf(publishes);
    }

    public static Strategy strategy(SplittableRandom random) {
        int r = random.nextInt(100);
        return r < 40 ? Strategy.STRUCTURED : r < 80 ? Strategy.RAW_MUTATION : r < 92 ? Strategy.VALID_SEQUENCE
            : Strategy.RANDOM_BYTES;
    }

    /** The fuzzed bytes, by a strategy drawn from {@code random}. */
    public byte[] make(SplittableRandom random) {
        return make(strategy(random), random);
    }

    public byte[] make(Strategy strategy, SplittableRandom random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (strategy) {
            case STRUCTURED -> {
                int n = 1 + random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    PublishTemplate t = publishes.get(random.nextInt(publishes.size()));
                    out.writeBytes(random.nextInt(4) == 0 ? t.encode(random) : t.mutated(random));
                }
                if (random.nextInt(5) == 0) {
                    return Mutator.mutate(out.toByteArray(), random, frames);
                }
            }
            case RAW_MUTATION -> {
                int n = 1 + random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    out.writeBytes(pick(random));
                }
                return Mutator.mutate(out.toByteArray(), random, frames);
            }
            case VALID_SEQUENCE -> {
                int n = 1 + random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    out.writeBytes(pick(random));
                }
            }
            case RANDOM_BYTES -> {
                byte[] bytes = new byte[1 + random.nextInt(64)];
                random.nextBytes(bytes);
                if (random.nextBoolean()) {
                    bytes[0] = (byte) (random.nextInt(16) << 4 | (bytes[0] & 0x0F));
                }
                out.writeBytes(bytes);
            }
        }
        return out.toByteArray();
    }

    private byte[] pick(SplittableRandom random) {
        return random.nextInt(3) == 0 ? publishes.get(random.nextInt(publishes.size())).encode(random)
            : frames.get(random.nextInt(frames.size()));
    }
}
