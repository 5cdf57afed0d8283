package dev.kpcload.profile;

/** How events are spread within a rate: evenly, or as a seeded Poisson process of the same mean. */
public enum Arrivals {
    UNIFORM("uniform"),
    POISSON("poisson");

    private final String tag;

    Arrivals(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
