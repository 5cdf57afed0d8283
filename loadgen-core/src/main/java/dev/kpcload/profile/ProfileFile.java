package dev.kpcload.profile;

import dev.kpcload.InvalidInputException;
import dev.kpcload.Sourced;
import dev.kpcload.client.ConfirmMode;
import dev.kpcload.kp.KpTopics;
import dev.kpcload.slo.SloParser;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a load profile (a YAML file, see profiles/README.md) into a {@link Profile}. Unknown keys, wrong types,
 * impossible values, duplicate keys and malformed YAML are refused with an {@link InvalidInputException} whose
 * message is {@code FILE:LINE:COLUMN: what is wrong}.
 */
public final class ProfileFile {

    static final List<String> SESSION_KEYS = List.of("confirm", "qos", "inflight", "keepalive", "response-timeout",
            "grace", "report-interval", "app-version", "connect-timeout", "reconnect-delay", "reconnect-max-delay",
            "timer-slack");
    static final List<String> TOP_KEYS = concat(List.of("description", "tokens", "server", "devices", "seed",
            "connect", "publish", "events", "slo", "start-at", "start-grace"), SESSION_KEYS);
    static final List<String> EVENT_KEYS = List.of("at", "reconnect-storm");
    static final List<String> STORM_KEYS = List.of("share");

    private ProfileFile() {
    }

    /** Reads {@code file}; places in messages start with the path as given. */
    public static Profile load(Path file) {
        return parse(YamlTree.readFile(file), file.toString());
    }

    /**
     * Parses profile text; {@code fileName} starts every place in messages, and {@code tokens:} is resolved against
     * its directory.
     */
    public static Profile parse(String text, String fileName) {
        Node root = YamlTree.read(text, fileName);
        if (root == null) {
            throw new InvalidInputException(fileName + ":1:1: empty profile: expected settings such as"
                    + " 'publish: {rate: 500/s, duration: 1m}'");
        }
        Section top = Section.of(root, null, TOP_KEYS);
        return new Profile(fileName,
                top.optional("description", Values::text),
                top.optional("tokens", (n, k) -> tokens(n, k, fileName)),
                top.optional("server", Values::text),
                top.optional("devices", (n, k) -> Values.integer(n, k, 1, Integer.MAX_VALUE)),
                top.optional("seed", Values::longValue),
                top.optional("connect", (n, k) -> ShapeReader.connect(n)),
                top.optional("publish", (n, k) -> ShapeReader.publish(n)),
                top.has("events") ? events(top.node("events")) : List.of(),
                session(top),
                top.has("slo") ? slo(top.node("slo"), text) : List.of(),
                top.optional("start-at", Values::text),
                top.optional("start-grace", (n, k) -> Values.duration(n, k, true)));
    }

    private static Sourced<Path> tokens(Node node, String key, String fileName) {
        Sourced<String> text = Values.text(node, key);
        try {
            Path path = Path.of(text.value());
            Path directory = Path.of(fileName).getParent();
            return Sourced.of(directory == null ? path : directory.resolve(path), text.where());
        } catch (InvalidPathException e) {
            throw Values.problem(node, key, "not a file path: " + e.getReason() + ", got " + node.describe());
        }
    }

    private static Session session(Section top) {
        return new Session(
                top.optional("confirm", (n, k) -> Values.choice(n, k, ConfirmMode.class,
                        mode -> mode.name().toLowerCase(Locale.ROOT))),
                top.optional("qos", (n, k) -> Values.integer(n, k, 0, 1)),
                top.optional("inflight", (n, k) -> Values.integer(n, k, 1, 65_535)),
                top.optional("keepalive", Values::keepalive),
                top.optional("response-timeout", (n, k) -> Values.duration(n, k, false)),
                top.optional("grace", (n, k) -> Values.duration(n, k, true)),
                top.optional("report-interval", (n, k) -> Values.duration(n, k, false)),
                top.optional("app-version", ProfileFile::appVersion),
                top.optional("connect-timeout", (n, k) -> Values.duration(n, k, false)),
                top.optional("reconnect-delay", (n, k) -> Values.duration(n, k, true)),
                top.optional("reconnect-max-delay", (n, k) -> Values.duration(n, k, false)),
                top.optional("timer-slack", (n, k) -> Values.duration(n, k, true)));
    }

    /** It becomes a topic level, so it must be a valid one (as {@code --app-version} checks). */
    private static Sourced<String> appVersion(Node node, String key) {
        Sourced<String> name = Values.text(node, key);
        if (!KpTopics.isValidToken(name.value())) {
            throw Values.problem(node, key, "expected a non-empty name without '/', '+', '#' or white space, got "
                    + node.describe());
        }
        return name;
    }

    private static List<Event> events(Node node) {
        List<Event> events = new ArrayList<>();
        for (Node item : ShapeReader.list(node, "events", "event")) {
            Section event = Section.of(item, "event", EVENT_KEYS);
            Sourced<Duration> at = event.required("at", "when, after the start of the message plan, like 30s",
                    (n, k) -> Values.duration(n, k, true));
            if (!event.has("reconnect-storm")) {
                throw event.problem(event.where(), "missing what happens (expected one of: reconnect-storm)");
            }
            events.add(new ReconnectStorm(at, stormShare(event.node("reconnect-storm")), event.where()));
        }
        return events;
    }

    /** {@code reconnect-storm:} alone, {@code {}} or {@code {share: 50%}}. */
    private static Sourced<Double> stormShare(Node node) {
        if (node instanceof Node.Scalar scalar && scalar.isNull()) {
            return null;
        }
        return Section.of(node, "reconnect-storm", STORM_KEYS).optional("share", Values::share);
    }

    /**
     * Each objective, its syntax checked, with the place of its first character rather than of its scalar: the SLO
     * parser adds its own index to that column, and a quoted scalar starts one column before its text (at the quote).
     */
    private static List<Sourced<String>> slo(Node node, String source) {
        List<Sourced<String>> slo = new ArrayList<>();
        for (Node item : ShapeReader.list(node, "slo", "objective")) {
            Sourced<String> text = Values.text(item, "slo");
            Sourced<String> expression = Sourced.of(text.value(), textPlace(text.where(), source));
            // parsed here as well as by the run, so that a profile is checked whole: also when --slo replaces the
            // list, and by 'loadgen profile'
            SloParser.parse(expression);
            slo.add(expression);
        }
        return slo;
    }

    /**
     * The place of a scalar's text: one column after the scalar's start when it starts with a quote. (An escape
     * such as {@code \"} before a problem still shifts the column by its extra characters; SLOs need none.)
     */
    static String textPlace(String where, String source) {
        int lastColon = where.lastIndexOf(':');
        int lineColon = where.lastIndexOf(':', lastColon - 1);
        int line = Integer.parseInt(where.substring(lineColon + 1, lastColon));
        int column = Integer.parseInt(where.substring(lastColon + 1));
        String[] lines = source.split("\n", -1);
        if (line < 1 || line > lines.length || column < 1 || column > lines[line - 1].length()) {
            return where;
        }
        char first = lines[line - 1].charAt(column - 1);
        return first == '"' || first == '\'' ? where.substring(0, lastColon + 1) + (column + 1) : where;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
