package dev.kpcload.profile;

import com.fasterxml.jackson.core.JsonToken;

import java.util.List;
import java.util.Map;

/**
 * A YAML node with the place it starts at ({@code FILE:LINE:COLUMN}). Jackson's own trees forget where their
 * values were, and every problem in a profile must name its place, so the profile reader walks these instead.
 */
public sealed interface Node {

    String where();

    /** How the node reads in a message: {@code 'fast'}, {@code a list}, {@code no value}. */
    String describe();

    /**
     * A plain value. {@code token} is Jackson's type for it: {@code VALUE_STRING} for text, quoted or not,
     * {@code VALUE_NUMBER_INT}/{@code _FLOAT} for unquoted numbers, {@code VALUE_TRUE}/{@code _FALSE},
     * {@code VALUE_NULL} for {@code ~}, {@code null} or nothing at all.
     */
    record Scalar(String text, JsonToken token, String where) implements Node {

        public boolean isNull() {
            return token == JsonToken.VALUE_NULL;
        }

        public boolean isNumber() {
            return token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT;
        }

        @Override
        public String describe() {
            return isNull() ? "no value" : "'" + text + "'";
        }
    }

    /** A key of a mapping, with the place of the key itself (where an unknown key is reported). */
    record Key(String name, String where) {
    }

    /** A mapping in document order; keys are unique (duplicates are refused while reading). */
    record Mapping(Map<String, Key> keys, Map<String, Node> values, String where) implements Node {

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    record Sequence(List<Node> items, String where) implements Node {

        @Override
        public String describe() {
            return "a list";
        }
    }
}
