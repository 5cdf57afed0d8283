package dev.kpcload.sim;

import dev.kpcload.InvalidInputException;
import dev.kpcload.profile.Node;
import dev.kpcload.profile.YamlTree;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads faults from a YAML fault plan ({@code --faults FILE}) and from the fault flags ({@code --stall at=10s,for=2s}).
 * Both go through the same {@link FaultFields}, so they take the same keys and values. A plan:
 *
 * <pre>
 * faults:
 *   - stall:                       # a fault kind, with its settings as a mapping (or nothing)
 *     at: 10s                      # first strikes 10 s after the simulator started (default 0s)
 *     for: 2s                      # lasts 2 s (windows; a restart's down time)
 *     every: 1m                    # and again every minute (default: once)
 *   - error-replies: {ratio: 10%, status: 503, reason: overloaded}
 *     at: 30s
 *     for: 10s
 * </pre>
 * Problems are one line: {@code FILE:LINE:COLUMN: what is wrong}, or {@code --flag: what is wrong}.
 */
public final class FaultPlanReader {

    static final List<String> TIMING_KEYS = List.of("at", "for", "every");

    private FaultPlanReader() {
    }

    /** The settings each kind takes, besides the timing. */
    static List<String> keysOf(FaultKind kind) {
        return switch (kind) {
            case STALL, RESTART -> List.of();
            case ERROR_REPLIES -> List.of("ratio", "status", "reason");
            case REFUSE_CONNECTS -> List.of("ratio", "code");
            case DROP_CONNECTIONS -> List.of("share", "rate");
            case HALF_OPEN -> List.of("share");
            case SLOW_READER -> List.of("bytes-per-second");
        };
    }

    /** A fault plan file; places in messages start with the path as given. */
    public static FaultPlan load(Path file) {
        return parse(YamlTree.readFile(file), file.toString());
    }

    public static FaultPlan parse(String text, String fileName) {
        Node root = YamlTree.read(text, fileName);
        if (root == null) {
            throw new InvalidInputException(fileName + ":1:1: empty fault plan: expected 'faults:' and a list of"
                    + " faults such as '- stall: {}' with 'at: 10s' and 'for: 2s'");
        }
        if (!(root instanceof Node.Mapping top)) {
            throw new InvalidInputException(root.where() + ": expected a mapping with the key 'faults', got "
                    + root.describe());
        }
        for (Node.Key key : top.keys().values()) {
            if (!key.name().equals("faults")) {
                throw new InvalidInputException(key.where() + ": unknown key '" + key.name() + "' (expected: faults)");
            }
        }
        Node list = top.values().get("faults");
        if (list == null) {
            throw new InvalidInputException(top.where() + ": missing key 'faults' (a list of faults)");
        }
        if (!(list instanceof Node.Sequence items)) {
            throw new InvalidInputException(list.where() + ": faults: expected a list of faults (items starting with"
                    + " '- '), got " + list.describe());
        }
        List<Fault> faults = new ArrayList<>();
        for (Node item : items.items()) {
            faults.add(item(item));
        }
        return new FaultPlan(faults);
    }

    private static Fault item(Node node) {
        List<String> allowed = new ArrayList<>(TIMING_KEYS);
        for (FaultKind kind : FaultKind.values()) {
            allowed.add(kind.tag());
        }
        if (!(node instanceof Node.Mapping item)) {
            throw new InvalidInputException(node.where() + ": a fault: expected a mapping of its kind ("
                    + FaultKind.tags() + ") and at, for, every, got " + node.describe());
        }
        Map<String, FaultFields.Field> fields = new LinkedHashMap<>();
        FaultKind kind = null;
        String kindWhere = null;
        for (Map.Entry<String, Node.Key> e : item.keys().entrySet()) {
            String name = e.getKey();
            Node value = item.values().get(name);
            FaultKind asKind = FaultKind.ofTag(name);
            if (asKind != null) {
                if (kind != null) {
                    throw new InvalidInputException(e.getValue().where() + ": one fault per item: '" + kind.tag()
                            + "' and '" + name + "' (write a second item)");
                }
                kind = asKind;
                kindWhere = e.getValue().where();
                settings(value, asKind, fields);
            } else if (TIMING_KEYS.contains(name)) {
                fields.put(name, scalar(value, name));
            } else {
                throw new InvalidInputException(e.getValue().where() + ": unknown key '" + name + "' in a fault"
                        + " (expected one of: " + String.join(", ", allowed) + ")");
            }
        }
        if (kind == null) {
            throw new InvalidInputException(item.where() + ": a fault without its kind (expected one of: "
                    + FaultKind.tags() + ")");
        }
        return build(kind, new FaultFields(fields, kindWhere, kind.tag()));
    }

    private static void settings(Node value, FaultKind kind, Map<String, FaultFields.Field> into) {
        if (value instanceof Node.Scalar scalar && scalar.isNull()) {
            return; // "stall:" alone
        }
        List<String> keys = keysOf(kind);
        if (!(value instanceof Node.Mapping mapping)) {
            throw new InvalidInputException(value.where() + ": " + kind.tag() + ": expected a mapping"
                    + (keys.isEmpty() ? " (empty: {})" : " of " + String.join(", ", keys)) + ", got "
                    + value.describe());
        }
        for (Map.Entry<String, Node.Key> e : mapping.keys().entrySet()) {
            if (!keys.contains(e.getKey())) {
                throw new InvalidInputException(e.getValue().where() + ": unknown key '" + e.getKey() + "' in "
                        + kind.tag() + (keys.isEmpty() ? " (it takes no settings; timing goes beside it: at, for,"
                        + " every)" : " (expected one of: " + String.join(", ", keys) + ")"));
            }
            into.put(e.getKey(), scalar(mapping.values().get(e.getKey()), e.getKey()));
        }
    }

    private static FaultFields.Field scalar(Node node, String key) {
        if (node instanceof Node.Scalar scalar && !scalar.isNull()) {
            return new FaultFields.Field(scalar.text().strip(), scalar.where());
        }
        throw new InvalidInputException(node.where() + ": " + key + ": expected a value, got " + node.describe());
    }

    /** The fault a flag ({@code --stall}, {@code --error-replies}, ...) describes. */
    public static Fault fromFlag(FaultKind kind, String text) {
        String flag = "--" + kind.tag();
        FaultFields fields = FaultFields.ofFlag(text, flag);
        List<String> allowed = new ArrayList<>(keysOf(kind));
        allowed.addAll(TIMING_KEYS);
        fields.onlyKeys(allowed);
        return build(kind, fields);
    }

    /** Checks and builds; every problem names the place of the value at fault. */
    static Fault build(FaultKind kind, FaultFields f) {
        long at = f.nanos("at", true, 0);
        long every = f.nanos("every", false, 0);
        long duration = f.nanos("for", false, 0);
        String place = f.where() + ": " + kind.tag() + ": ";
        boolean once = kind.shape() == FaultKind.Shape.ONCE
                || (kind == FaultKind.DROP_CONNECTIONS && f.has("share"));
        if (once && f.has("for")) {
            throw new InvalidInputException(place + "strikes at once and takes no 'for'"
                    + (kind == FaultKind.DROP_CONNECTIONS ? " (to drop connections over a while, give a rate)" : "")
                    + "; repeat it with 'every'");
        }
        if ((kind == FaultKind.STALL || kind == FaultKind.RESTART) && !f.has("for")) {
            throw f.missing("for", kind == FaultKind.STALL ? "how long it stalls, like 2s" : "how long it stays down,"
                    + " like 1s");
        }
        if (every > 0 && duration >= every) {
            throw new InvalidInputException(place + "'for' (" + SimText.duration(duration) + ") must be shorter than"
                    + " 'every' (" + SimText.duration(every) + ")");
        }
        FaultTiming timing = new FaultTiming(at, duration, every);
        return switch (kind) {
            case STALL -> new Fault.Stall(timing);
            case RESTART -> new Fault.Restart(timing);
            case ERROR_REPLIES -> {
                requireKey(f, "ratio", "the share of requests answered /error, like 10%");
                yield new Fault.ErrorReplies(timing, f.share("ratio"),
                        f.integer("status", 100, 599, Fault.ErrorReplies.DEFAULT_STATUS),
                        f.text("reason", Fault.ErrorReplies.DEFAULT_REASON));
            }
            case REFUSE_CONNECTS -> {
                requireKey(f, "ratio", "the share of CONNECTs refused, like 50%");
                yield new Fault.RefuseConnects(timing, f.share("ratio"),
                        f.returnCode("code", Fault.RefuseConnects.DEFAULT_CODE));
            }
            case DROP_CONNECTIONS -> {
                if (f.has("share") == f.has("rate")) {
                    throw new InvalidInputException(place + "expected either share (like 20%: that share of the"
                            + " connections at once) or rate (like 10/s: connections one at a time)"
                            + (f.has("share") ? ", not both" : ""));
                }
                yield f.has("share") ? new Fault.DropConnections(timing, f.share("share"), 0)
                        : new Fault.DropConnections(timing, 0, f.ratePerSecond("rate"));
            }
            case HALF_OPEN -> {
                requireKey(f, "share", "the share of connections that stop answering, like 10%");
                yield new Fault.HalfOpen(timing, f.share("share"));
            }
            case SLOW_READER -> {
                requireKey(f, "bytes-per-second", "the most each connection is read per second, like 2k");
                yield new Fault.SlowReader(timing, f.bytesPerSecond("bytes-per-second"));
            }
        };
    }

    private static void requireKey(FaultFields f, String key, String what) {
        if (!f.has(key)) {
            throw f.missing(key, what);
        }
    }
}
