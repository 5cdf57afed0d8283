package dev.kpcload.capacity;

/**
 * Where the capacity lies: {@code lastPass} is the highest rate that passed below {@code firstFail}, the lowest
 * rate that failed. Either may be null (nothing passed yet; nothing failed yet).
 */
public record Bracket(Double lastPass, Double firstFail) {

    /** {@code (firstFail - lastPass) / lastPass}, or null without both ends. */
    public Double width() {
        return lastPass == null || firstFail == null ? null : (firstFail - lastPass) / lastPass;
    }
}
