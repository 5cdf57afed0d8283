package dev.kpcload.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kpcload.slo.MeasurementCodec;
import dev.kpcload.slo.Window;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines a sharded capacity search's processes exchange, one JSON object per line: a shard says it is ready for
 * a step ({@code {"next":true}}), the coordinator sends the step or says it is done, the shard sends what the step
 * measured. Everything a step's verdict needs travels exactly (histograms encoded), so the fleet's verdict is made
 * on the sum, never on shards' percentiles.
 */
final class ShardProtocol {

    static final ObjectMapper JSON = new ObjectMapper();

    private ShardProtocol() {
    }

    static String ready() {
        return "{\"next\":true}";
    }

    static String done() {
        return "{\"done\":true}";
    }

    static String step(SteppedPlan.Step step) {
        ObjectNode node = JSON.createObjectNode();
        ObjectNode s = node.putObject("step");
        s.put("index", step.index());
        s.put("rate", step.ratePerSecond());
        s.put("ramp", step.rampNanos());
        s.put("settle", step.settleNanos());
        s.put("measure", step.measureNanos());
        s.put("from", step.fromPerSecond());
        return node.toString();
    }

    /** The step a line carries, or null when it says the search is done. */
    static SteppedPlan.Step readStep(JsonNode line) {
        if (line.has("done")) {
            return null;
        }
        JsonNode s = line.get("step");
        if (s == null) {
            throw new IllegalArgumentException("expected a step or done, got " + line);
        }
        return new SteppedPlan.Step(s.get("index").asInt(), s.get("rate").asDouble(), s.get("ramp").asLong(),
            s.get("settle").asLong(), s.get("measure").asLong(), s.path("from").asDouble(0));
    }

    static String measured(SteppedPlan.StepMeasurement m) {
        return measured(m, null);
    }

    /** @param busiestShare the shard's busiest I/O thread's CPU share over the step, or null when unknown */
    static String measured(SteppedPlan.StepMeasurement m, Double busiestShare) {
        ObjectNode node = JSON.createObjectNode();
        ObjectNode r = node.putObject("measured");
        if (busiestShare != null) {
            r.put("busiestShare", busiestShare);
        }
        r.put("index", m.step().index());
        r.set("whole", MeasurementCodec.encode(m.whole()));
        ArrayNode windows = r.putArray("windows");
        for (Window w : m.windows()) {
            ObjectNode wn = windows.addObject();
            wn.put("start", w.startSeconds());
            wn.put("end", w.endSeconds());
            wn.set("measurement", MeasurementCodec.encode(w.measurement()));
        }
        r.put("startSeconds", m.startSeconds());
        r.put("measureStartSeconds", m.measureStartSeconds());
        r.put("endSeconds", m.endSeconds());
        r.put("drained", m.drained());
        return node.toString();
    }

    /** The shard's busiest I/O thread's CPU share in a measurement line, or null when it could not tell. */
    static Double busiestShare(JsonNode line) {
        JsonNode share = line.path("measured").get("busiestShare");
        return share == null || !share.isNumber() ? null : share.asDouble();
    }

    static SteppedPlan.StepMeasurement readMeasured(JsonNode line, SteppedPlan.Step step) {
        JsonNode r = line.get("measured");
        if (r == null || r.get("index").asInt() != step.index()) {
            throw new IllegalArgumentException("expected the measurement of step " + step.index() + ", got " + line);
        }
        List<Window> windows = new ArrayList<>();
        for (JsonNode w : r.get("windows")) {
            windows.add(new Window(w.get("start").asDouble(), w.get("end").asDouble(),
                MeasurementCodec.decode(w.get("measurement"))));
        }
        return new SteppedPlan.StepMeasurement(step, MeasurementCodec.decode(r.get("whole")), windows,
            r.get("startSeconds").asDouble(), r.get("measureStartSeconds").asDouble(), r.get("endSeconds").asDouble(),
            r.get("drained").asBoolean());
    }
}
