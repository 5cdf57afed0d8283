package dev.kpcload.profile;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.kpcload.InvalidInputException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one YAML document into {@link Node}s that keep their places, with Jackson's streaming YAML parser.
 * Refuses what a profile never needs and what would hide a mistake: duplicate keys (YAML says the last one wins,
 * silently), aliases, a second document, and of course malformed YAML. Public for the simulator's fault plans.
 */
public final class YamlTree {

    // Not PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS: in 2.20 it also turns an empty value into "" instead of null.
    // YAML 1.1's yes/no/on/off booleans are refused by Values.bool, and text fields read the text as written.
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private final YAMLParser parser;
    private final String file;

    private YamlTree(YAMLParser parser, String file) {
        this.parser = parser;
        this.file = file;
    }

    /**
     * A YAML file's text, with one-line problems that start with the path as given: missing, a directory, not UTF-8
     * or unreadable.
     */
    public static String readFile(java.nio.file.Path file) {
        String source = file.toString();
        if (java.nio.file.Files.isDirectory(file)) {
            throw new InvalidInputException(source + ": cannot read: is a directory");
        }
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidInputException(source + ": no such file");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InvalidInputException(source + ": cannot read: not UTF-8 text");
        } catch (java.io.IOException e) {
            throw new InvalidInputException(source + ": cannot read: " + dev.kpcload.IoReason.of(e));
        }
    }

    /** The document's root node, or null when the text holds no document (empty, or only comments). */
    public static Node read(String text, String file) {
        try (YAMLParser parser = FACTORY.createParser(text)) {
            YamlTree tree = new YamlTree(parser, file);
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            Node root = tree.node(first);
            if (parser.nextToken() != null) {
                throw new InvalidInputException(tree.here() + ": a second YAML document: a profile is one document"
                        + " (remove the '---' before this line)");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw malformed(e, file);
        } catch (IOException e) {
            // reading from a String: only the parser's own errors above can happen
            throw new IllegalStateException(e);
        }
    }

    private Node node(JsonToken token) throws IOException {
        String where = here();
        if (parser.isCurrentAlias()) {
            throw new InvalidInputException(where + ": aliases (*" + parser.getText() + ") are not supported in"
                    + " profiles: write the value out");
        }
        return switch (token) {
            case START_OBJECT -> mapping(where);
            case START_ARRAY -> sequence(where);
            default -> new Node.Scalar(parser.getText(), token, where);
        };
    }

    private Node.Mapping mapping(String where) throws IOException {
        Map<String, Node.Key> keys = new LinkedHashMap<>();
        Map<String, Node> values = new LinkedHashMap<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            Node.Key key = new Node.Key(parser.currentName(), here());
            Node.Key first = keys.putIfAbsent(key.name(), key);
            if (first != null) {
                throw new InvalidInputException(key.where() + ": duplicate key '" + key.name() + "' (first on line "
                        + line(first.where()) + ")");
            }
            values.put(key.name(), node(parser.nextToken()));
        }
        return new Node.Mapping(keys, values, where);
    }

    private Node.Sequence sequence(String where) throws IOException {
        List<Node> items = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            items.add(node(token));
        }
        return new Node.Sequence(items, where);
    }

    private String here() {
        JsonLocation at = parser.currentTokenLocation();
        return file + ":" + at.getLineNr() + ":" + at.getColumnNr();
    }

    /** The line of a {@code FILE:LINE:COLUMN} place (file names may hold ':' too, so count from the end). */
    static String line(String where) {
        int lastColon = where.lastIndexOf(':');
        int lineColon = where.lastIndexOf(':', lastColon - 1);
        return where.substring(lineColon + 1, lastColon);
    }

    /**
     * SnakeYAML's own mark is the place of the problem (a tab at 3:1); Jackson's location is where its last token
     * ended, which may be lines earlier. Its message spans lines with a caret drawing: keep the problem only.
     */
    private static InvalidInputException malformed(JsonProcessingException e, String file) {
        String problem;
        int line;
        int column;
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            Mark mark = marked.getProblemMark();
            problem = marked.getProblem();
            line = mark.getLine() + 1;
            column = mark.getColumn() + 1;
        } else {
            problem = e.getOriginalMessage();
            JsonLocation at = e.getLocation();
            line = at == null ? 1 : Math.max(1, at.getLineNr());
            column = at == null ? 1 : Math.max(1, at.getColumnNr());
        }
        return new InvalidInputException(file + ":" + line + ":" + column + ": malformed YAML: " + tidy(problem));
    }

    private static String tidy(String problem) {
        if (problem == null || problem.isBlank()) {
            return "cannot parse";
        }
        if (problem.contains("\\t(TAB)")) {
            return "a tab character here; YAML indents with spaces only";
        }
        String firstLine = problem.strip().lines().findFirst().orElse(problem);
        return firstLine.replaceAll("\\s+", " ");
    }
}
