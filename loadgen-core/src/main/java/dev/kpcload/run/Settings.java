package dev.kpcload.run;

import dev.kpcload.Sourced;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Raw setting values, each with where it came from. Flags and a profile each make one; the flags override the
 * profile ({@link #overriddenBy}); settings given nowhere take their default.
 */
public final class Settings {

    private final EnumMap<Setting, Sourced<String>> values;
    /** SLO expressions: a list, not a scalar; the flags' list replaces a profile's whole. */
    private final List<Sourced<String>> slos;

    private Settings(EnumMap<Setting, Sourced<String>> values, List<Sourced<String>> slos) {
        this.values = values;
        this.slos = List.copyOf(slos);
    }

    public static Settings empty() {
        return new Settings(new EnumMap<>(Setting.class), List.of());
    }

    /** A copy with these SLO expressions (none: keep what there is). */
    public Settings withSlos(List<Sourced<String>> expressions) {
        return new Settings(values, expressions.isEmpty() ? slos : expressions);
    }

    /** The SLO expressions given, each with where it came from. */
    public List<Sourced<String>> slos() {
        return slos;
    }

    /** A copy with {@code setting} given as {@code text} at {@code where}; a null text leaves it unset. */
    public Settings with(Setting setting, String text, String where) {
        EnumMap<Setting, Sourced<String>> copy = new EnumMap<>(values);
        if (text != null) {
            copy.put(setting, Sourced.of(text, where));
        }
        return new Settings(copy, slos);
    }

    /** These settings, with every one that {@code other} gives taken from there. */
    public Settings overriddenBy(Settings other) {
        EnumMap<Setting, Sourced<String>> copy = new EnumMap<>(values);
        copy.putAll(other.values);
        return new Settings(copy, other.slos.isEmpty() ? slos : other.slos);
    }

    public boolean given(Setting setting) {
        return values.containsKey(setting);
    }

    /** The value given, or the default (sourced as the setting's key), or null when neither exists. */
    public Sourced<String> get(Setting setting) {
        Sourced<String> given = values.get(setting);
        if (given != null) {
            return given;
        }
        return setting.defaultText() == null ? null : Sourced.of(setting.defaultText(), setting.key());
    }

    /** The text given or defaulted, or null. */
    public String text(Setting setting) {
        Sourced<String> value = get(setting);
        return value == null ? null : value.value();
    }

    public Map<Setting, Sourced<String>> givenValues() {
        return Map.copyOf(values);
    }
}
