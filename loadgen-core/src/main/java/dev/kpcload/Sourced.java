package dev.kpcload;

/**
 * A setting's value and where it came from, so that a problem found later names its source: the flag
 * ({@code --rate}), or the place in a profile ({@code profiles/soak.yaml:12:11}).
 *
 * @param where a flag name or {@code FILE:LINE:COLUMN}
 */
public record Sourced<T>(T value, String where) {

    public static <T> Sourced<T> of(T value, String where) {
        return new Sourced<>(value, where);
    }

    /** A one-line problem with this value, ready for {@link InvalidInputException}. */
    public InvalidInputException problem(String what) {
        return new InvalidInputException(where + ": " + what);
    }
}
