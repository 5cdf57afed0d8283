package dev.kpcload.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kpcload.InvalidInputException;
import dev.kpcload.IoReason;
import dev.kpcload.metrics.LatencyStats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The comparison as JSON ({@code --json FILE}): the sides, the rule, the result and every item. A value a side
 * does not have, and a change that is not a number (BASE was 0), are {@code null}.
 */
public final class ComparisonJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ComparisonJson() {
    }

    public static String toJson(Comparison c) {
        ObjectNode root = JSON.createObjectNode();
        root.put("verdict", c.overall().name());
        root.put("regression", c.regression());
        side(root.putObject("base"), c.base());
        side(root.putObject("new"), c.next());
        ObjectNode rule = root.putObject("tolerance");
        rule.put("relative", c.tolerance().relative());
        rule.put("minLatencyChangeMs", c.tolerance().latencyFloorMs());
        rule.put("minRatioChange", c.tolerance().ratioFloor());
        rule.put("judgeMax", c.judgeMax());
        ObjectNode tally = root.putObject("counts");
        c.tally().forEach((v, n) -> tally.put(v.name(), n));
        ArrayNode warnings = root.putArray("warnings");
        c.warnings().forEach(warnings::add);
        ArrayNode shown = root.putArray("shown");
        for (Shown s : c.shown()) {
            ObjectNode o = shown.addObject();
            o.put("section", s.section());
            o.put("item", s.name());
            o.put("unit", s.unit().name().toLowerCase(java.util.Locale.ROOT));
            number(o, "base", s.base());
            number(o, "new", s.next());
            number(o, "change", s.change());
        }
        items(root.putArray("ratios"), c.ratios());
        ArrayNode latencies = root.putArray("latencies");
        for (LatencyComparison l : c.latencies()) {
            ObjectNode o = latencies.addObject();
            o.put("latency", l.tag());
            o.put("label", l.label());
            o.put("source", l.source().name());
            stats(o.putObject("base"), l.base());
            stats(o.putObject("new"), l.next());
            items(o.putArray("items"), l.items());
        }
        ArrayNode none = root.putArray("notMeasured");
        c.notMeasured().forEach(none::add);
        try {
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException("comparison is not serializable", e);
        }
    }

    public static void write(Comparison c, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, toJson(c), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot write: " + IoReason.of(e));
        }
    }

    private static void side(ObjectNode o, Comparison.Side side) {
        o.put("label", side.label());
        o.put("hlog", side.hlog());
        o.put("outcome", side.outcome());
    }

    private static void items(ArrayNode array, List<Judged> items) {
        for (Judged j : items) {
            ObjectNode o = array.addObject();
            o.put("item", j.name());
            o.put("unit", j.unit().name().toLowerCase(java.util.Locale.ROOT));
            number(o, "base", j.base());
            number(o, "new", j.next());
            number(o, "change", j.change());
            o.put("verdict", j.verdict().name());
            o.put("counted", j.counted());
            if (j.note() != null) {
                o.put("note", j.note());
            }
        }
    }

    private static void stats(ObjectNode o, LatencyStats s) {
        o.put("count", s.count());
        o.put("mean", s.mean());
        o.put("p50", s.p50());
        o.put("p90", s.p90());
        o.put("p99", s.p99());
        o.put("p999", s.p999());
        o.put("max", s.max());
    }

    private static void number(ObjectNode o, String field, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            o.putNull(field);
        } else {
            o.put(field, v);
        }
    }
}
