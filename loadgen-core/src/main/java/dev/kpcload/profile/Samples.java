package dev.kpcload.profile;

/** Samples per DCX batch: {@code 10} is {@code 10..10}; {@code 5..20} picks a count in it for each message. */
public record Samples(int min, int max) {

    public Samples {
        if (min < 1 || max < min) {
            throw new IllegalArgumentException("samples " + min + ".." + max);
        }
    }

    public boolean isFixed() {
        return min == max;
    }
}
