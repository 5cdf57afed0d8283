package dev.kpcload.compare;

/**
 * A number shown side by side without a verdict (a rate, a count of the books, one kind of error).
 *
 * @param section e.g. {@code rates}, {@code messages}, {@code failedByKind}
 */
public record Shown(String section, String name, Unit unit, double base, double next) {

    public double change() {
        return Change.relative(base, next);
    }
}
