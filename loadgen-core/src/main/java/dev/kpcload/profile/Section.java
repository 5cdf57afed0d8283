package dev.kpcload.profile;

import dev.kpcload.InvalidInputException;

import java.util.List;
import java.util.function.BiFunction;

/**
 * A mapping of a profile with the keys it may hold: refuses any other key on creation, then hands out its
 * values. {@code name} is how messages call it ({@code connect}, {@code stage}, {@code mix item}).
 */
final class Section {

    private final Node.Mapping mapping;
    private final String name;

    private Section(Node.Mapping mapping, String name) {
        this.mapping = mapping;
        this.name = name;
    }

    /** The node as a section named {@code name} that may hold only {@code keys}; null name: the top level. */
    static Section of(Node node, String name, List<String> keys) {
        if (!(node instanceof Node.Mapping mapping)) {
            String expected = name == null ? "expected a mapping of profile settings (key: value)"
                    : name + ": expected a mapping (key: value) of " + String.join(", ", keys);
            throw new InvalidInputException(node.where() + ": " + expected + ", got " + node.describe());
        }
        for (Node.Key key : mapping.keys().values()) {
            if (!keys.contains(key.name())) {
                throw new InvalidInputException(key.where() + ": unknown key '" + key.name() + "'"
                        + (name == null ? "" : " in " + name) + " (expected one of: " + String.join(", ", keys) + ")");
            }
        }
        return new Section(mapping, name);
    }

    String name() {
        return name;
    }

    String where() {
        return mapping.where();
    }

    boolean has(String key) {
        return mapping.values().containsKey(key);
    }

    Node node(String key) {
        return mapping.values().get(key);
    }

    /** Where the key itself is written (for problems with the key rather than its value). */
    String keyWhere(String key) {
        return mapping.keys().get(key).where();
    }

    List<String> keys() {
        return List.copyOf(mapping.keys().keySet());
    }

    /** The value under {@code key} converted, or null when the key is absent. */
    <T> T optional(String key, BiFunction<Node, String, T> convert) {
        Node node = node(key);
        return node == null ? null : convert.apply(node, key);
    }

    /** The value under {@code key} converted; a problem naming {@code what} when the key is absent. */
    <T> T required(String key, String what, BiFunction<Node, String, T> convert) {
        Node node = node(key);
        if (node == null) {
            throw problem(where(), "missing key '" + key + "' (" + what + ")");
        }
        return convert.apply(node, key);
    }

    /** Refuses {@code a} and {@code b} together, at whichever of them comes second. */
    void exclusive(String a, String b, String why) {
        if (has(a) && has(b)) {
            String second = keys().indexOf(a) < keys().indexOf(b) ? b : a;
            throw problem(keyWhere(second), a + " and " + b + " exclude each other: " + why);
        }
    }

    /** Refuses {@code key} unless {@code needed} is there too. */
    void needs(String key, String needed, String why) {
        if (has(key) && !has(needed)) {
            throw problem(keyWhere(key), key + " needs " + needed + " (" + why + ")");
        }
    }

    InvalidInputException problem(String where, String what) {
        return new InvalidInputException(where + ": " + (name == null ? "" : name + ": ") + what);
    }
}
