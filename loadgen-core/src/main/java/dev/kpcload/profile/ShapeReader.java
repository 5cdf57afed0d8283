package dev.kpcload.profile;

import dev.kpcload.kp.MessageKind;
import dev.kpcload.InvalidInputException;
import dev.kpcload.Sourced;
import dev.kpcload.plan.Rate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads the {@code connect:} and {@code publish:} sections: a steady rate or stages, and the mix. */
final class ShapeReader {

    static final List<String> CONNECT_KEYS = List.of("rate", "start", "stages", "arrivals");
    static final List<String> PUBLISH_KEYS = List.of("rate", "duration", "start", "stages", "arrivals", "mix");
    static final List<String> STAGE_KEYS = List.of("duration", "target", "warmup", "step", "spike");
    static final List<String> STEP_KEYS = List.of("from", "by", "times", "hold", "ramp");
    static final List<String> SPIKE_KEYS = List.of("to", "ramp", "hold", "back");
    static final List<String> MIX_KEYS = List.of("kind", "weight", "samples");
    static final int MAX_STEPS = 10_000;
    static final int MAX_WEIGHT = 1_000_000;

    private ShapeReader() {
    }

    static Connect connect(Node node) {
        Section section = Section.of(node, "connect", CONNECT_KEYS);
        checkRateOrStages(section);
        Sourced<Arrivals> arrivals = section.optional("arrivals", ShapeReader::arrivals);
        ConnectShape shape = null;
        if (section.has("rate") && isAll(section.node("rate"))) {
            if (arrivals != null) {
                throw section.problem(section.keyWhere("arrivals"),
                        "arrivals and rate: all exclude each other: every device starts at the same instant");
            }
            shape = new AllAtOnce(section.node("rate").where());
        } else if (section.has("rate")) {
            shape = new Steady(Values.rate(section.node("rate"), "rate"), null, section.where());
        } else if (section.has("stages")) {
            shape = staged(section);
        }
        return new Connect(shape, arrivals);
    }

    static Publish publish(Node node) {
        if (node instanceof Node.Scalar scalar && !scalar.isNull()
                && scalar.text().strip().toLowerCase(Locale.ROOT).equals("none")) {
            return new Publish(new NoMessages(scalar.where()), null, List.of());
        }
        if (node instanceof Node.Scalar) {
            throw new InvalidInputException(node.where() + ": publish: expected a mapping (key: value) of "
                    + String.join(", ", PUBLISH_KEYS) + ", or none, got " + node.describe());
        }
        Section section = Section.of(node, "publish", PUBLISH_KEYS);
        checkRateOrStages(section);
        section.exclusive("duration", "stages", "the stages give the duration");
        section.needs("duration", "rate", "one steady rate held this long");
        PublishShape shape = null;
        if (section.has("rate") && isAll(section.node("rate"))) {
            throw section.problem(section.node("rate").where(),
                    "rate: all is for connect (every device at once); messages need a rate like 500/s");
        } else if (section.has("rate")) {
            shape = new Steady(Values.rate(section.node("rate"), "rate"),
                    section.optional("duration", (n, k) -> Values.duration(n, k, false)), section.where());
        } else if (section.has("stages")) {
            shape = staged(section);
        }
        return new Publish(shape, section.optional("arrivals", ShapeReader::arrivals), mix(section));
    }

    private static void checkRateOrStages(Section section) {
        section.exclusive("rate", "stages", "give rate for one steady rate, or start and stages");
        section.needs("start", "stages", "the rate before the first stage; for one steady rate write rate");
    }

    private static boolean isAll(Node node) {
        return node instanceof Node.Scalar scalar && scalar.text().strip().equalsIgnoreCase("all");
    }

    private static Sourced<Arrivals> arrivals(Node node, String key) {
        return Values.choice(node, key, Arrivals.class, Arrivals::tag);
    }

    private static Staged staged(Section section) {
        Sourced<Double> start = section.optional("start", Values::level);
        List<StageItem> items = new ArrayList<>();
        for (Node item : list(section.node("stages"), section.name() + ": stages", "stage")) {
            items.add(stageItem(item));
        }
        return new Staged(start, items, section.keyWhere("stages"));
    }

    /** A list with at least one item, or a problem naming {@code key} and what an {@code item} is. */
    static List<Node> list(Node node, String key, String item) {
        if (!(node instanceof Node.Sequence sequence)) {
            throw new InvalidInputException(node.where() + ": " + key + ": expected a list of " + item + "s (lines"
                    + " starting with '- '), got " + node.describe());
        }
        if (sequence.items().isEmpty()) {
            throw new InvalidInputException(node.where() + ": " + key + ": expected at least one " + item
                    + ", got an empty list");
        }
        return sequence.items();
    }

    private static StageItem stageItem(Node node) {
        Section item = Section.of(node, "stage", STAGE_KEYS);
        for (String convenience : List.of("step", "spike")) {
            if (item.has(convenience)) {
                for (String other : item.keys()) {
                    if (!other.equals(convenience)) {
                        throw item.problem(item.keyWhere(other), "a " + convenience + " item holds only "
                                + convenience + ":, found '" + other + "' beside it");
                    }
                }
                Node body = item.node(convenience);
                return convenience.equals("step") ? step(body, item.where()) : spike(body, item.where());
            }
        }
        Sourced<Duration> duration = item.required("duration", "how long the stage lasts, like 30s",
                (n, k) -> Values.duration(n, k, false));
        return new Stage(duration, item.optional("target", Values::level), item.optional("warmup", Values::bool),
                item.where());
    }

    private static Step step(Node node, String where) {
        Section step = Section.of(node, "step", STEP_KEYS);
        Sourced<Rate> from = step.optional("from", Values::rate);
        Sourced<Rate> by = step.required("by", "the rate added per level, like 1000/s", Values::rate);
        Sourced<Integer> times = step.required("times", "how many levels", (n, k) -> Values.integer(n, k, 1, MAX_STEPS));
        Sourced<Duration> hold = step.required("hold", "how long each level is held, like 1m",
                (n, k) -> Values.duration(n, k, false));
        Sourced<Duration> ramp = step.optional("ramp", (n, k) -> Values.duration(n, k, true));
        return new Step(from, by, times, hold, ramp, where);
    }

    private static Spike spike(Node node, String where) {
        Section spike = Section.of(node, "spike", SPIKE_KEYS);
        Sourced<Rate> to = spike.required("to", "the peak rate, like 10000/s", Values::rate);
        Sourced<Duration> ramp = spike.optional("ramp", (n, k) -> Values.duration(n, k, true));
        Sourced<Duration> hold = spike.required("hold", "how long the peak lasts, like 30s",
                (n, k) -> Values.duration(n, k, false));
        Sourced<Duration> back = spike.optional("back", (n, k) -> Values.duration(n, k, true));
        return new Spike(to, ramp, hold, back, where);
    }

    private static List<MixItem> mix(Section publish) {
        if (!publish.has("mix")) {
            return List.of();
        }
        List<MixItem> mix = new ArrayList<>();
        for (Node node : list(publish.node("mix"), "publish: mix", "mix item")) {
            Section item = Section.of(node, "mix item", MIX_KEYS);
            Sourced<MessageKind> kind = item.required("kind", "one of: epmx-update-keys, epmx-get, dcx-json",
                    (n, k) -> Values.choice(n, k, MessageKind.class, MessageKind::tag));
            for (MixItem earlier : mix) {
                if (earlier.kind().value() == kind.value()) {
                    throw item.problem(kind.where(), "kind '" + kind.value().tag() + "' is in the mix already (line "
                            + YamlTree.line(earlier.kind().where()) + "): give each kind once, with its whole weight");
                }
            }
            if (item.has("samples") && kind.value() != MessageKind.DCX_JSON) {
                throw item.problem(item.keyWhere("samples"), "samples is for dcx-json only ("
                        + kind.value().tag() + " messages carry no samples)");
            }
            mix.add(new MixItem(kind, item.optional("weight", (n, k) -> Values.integer(n, k, 1, MAX_WEIGHT)),
                    item.optional("samples", Values::samples), item.where()));
        }
        return mix;
    }
}
