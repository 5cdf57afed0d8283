package dev.kpcload.slo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kpcload.InvalidInputException;
import dev.kpcload.IoReason;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A Grafana dashboard of a run's SLOs (classic JSON model, as {@code dashboards/loadgen.json}: the same
 * {@code datasource} and {@code run_id} variables, no import inputs): one stat panel per SLO, titled with the SLO as
 * written, showing {@link SloPromql#grafana()}'s value over the dashboard's time range, green or red at the SLO's
 * threshold, in milliseconds or percent. A sustained SLO's panel shows its worst value over its window within the time
 * range (the highest for an upper bound, the lowest for a lower one).
 *
 * <p>The panels approximate the verdict (see {@link SloPromql}); the verdict itself is judged on HdrHistogram. Grafana
 * colours a value from a threshold step up, the step included, so a value exactly at the threshold shows red for
 * {@code <=} and green for {@code >}, the other way round from the verdict.
 */
public final class SloDashboard {

    /** The name a run gives it in its {@code --out} folder. */
    public static final String FILE_NAME = "slo-dashboard.json";
    public static final String UID = "kpc-loadgen-slo";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int PANEL_WIDTH = 8;
    private static final int PANEL_HEIGHT = 6;
    private static final int PER_ROW = 24 / PANEL_WIDTH;

    private SloDashboard() {
    }

    /**
     * @param runId the run its {@code run_id} variable selects at first; null for none
     * @param from  the start of its time range; null: the last 30 minutes, live
     * @param to    the end of its time range; null: now
     */
    public static ObjectNode tree(List<Slo> slos, String runId, Instant from, Instant to) {
        SloPromql promql = SloPromql.grafana();
        ObjectNode d = JSON.createObjectNode();
        ObjectNode annotation = d.putObject("annotations").putArray("list").addObject();
        annotation.put("builtIn", 1);
        datasource(annotation, "grafana", "-- Grafana --");
        annotation.put("enable", true).put("hide", true).put("iconColor", "rgba(0, 211, 255, 1)")
            .put("name", "Annotations & Alerts").put("type", "dashboard");
        d.put("description", "kpc-loadgen: the run's SLOs as PromQL over the exported metrics. An approximation for"
            + " watching: the verdict (summary JSON, console, JUnit) is judged on HdrHistogram and the run's own counts.");
        d.put("editable", true);
        d.put("fiscalYearStartMonth", 0);
        d.put("graphTooltip", 1);
        d.putNull("id");
        ObjectNode link = d.putArray("links").addObject();
        link.put("asDropdown", false).put("includeVars", true).put("keepTime", true).put("title", "kpc-loadgen")
            .put("type", "dashboards").putArray("tags").add("kpc-loadgen");
        ArrayNode panels = d.putArray("panels");
        for (int i = 0; i < slos.size(); i++) {
            panels.add(panel(slos.get(i), promql, i));
        }
        d.put("refresh", to == null ? "10s" : "");
        d.put("schemaVersion", 39);
        d.putArray("tags").add("kpc-loadgen").add("slo");
        ArrayNode variables = d.putObject("templating").putArray("list");
        datasourceVariable(variables.addObject());
        runIdVariable(variables.addObject(), runId);
        d.putObject("time").put("from", from == null ? "now-30m" : from.toString())
            .put("to", to == null ? "now" : to.toString());
        d.putObject("timepicker");
        d.put("timezone", "browser");
        d.put("title", "kpc-loadgen SLOs");
        d.put("uid", UID);
        d.put("version", 1);
        d.put("weekStart", "");
        return d;
    }

    /** The dashboard as JSON text, live (the last 30 minutes). */
    public static String json(List<Slo> slos, String runId) {
        return json(slos, runId, null, null);
    }

    public static String json(List<Slo> slos, String runId, Instant from, Instant to) {
        try {
            return JSON.writeValueAsString(tree(slos, runId, from, to)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree that cannot be written", e);
        }
    }

    /**
     * Writes {@link #FILE_NAME} into {@code folder}, its time range the run's when given.
     *
     * @return the file written
     */
    public static Path write(List<Slo> slos, String runId, Instant from, Instant to, Path folder) {
        Path file = folder.resolve(FILE_NAME);
        try {
            Files.createDirectories(folder);
            Files.writeString(file, json(slos, runId, from, to), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot write the SLO dashboard: " + IoReason.of(e));
        }
    }

    private static ObjectNode panel(Slo slo, SloPromql promql, int index) {
        ObjectNode p = JSON.createObjectNode();
        datasource(p, "prometheus", "${datasource}");
        p.put("description", promql.note(slo));
        ObjectNode fieldConfig = p.putObject("fieldConfig");
        ObjectNode defaults = fieldConfig.putObject("defaults");
        defaults.putObject("color").put("mode", "thresholds");
        ObjectNode thresholds = defaults.putObject("thresholds");
        thresholds.put("mode", "absolute");
        ArrayNode steps = thresholds.putArray("steps");
        double threshold = slo.displayValue(slo.threshold());
        boolean upper = slo.comparison().upperBound();
        steps.addObject().put("color", upper ? "green" : "red").putNull("value");
        steps.addObject().put("color", upper ? "red" : "green").put("value", threshold);
        defaults.put("unit", slo.metric().isRatio() ? "percentunit" : "ms");
        fieldConfig.putArray("overrides");
        p.putObject("gridPos").put("h", PANEL_HEIGHT).put("w", PANEL_WIDTH).put("x", index % PER_ROW * PANEL_WIDTH)
            .put("y", index / PER_ROW * PANEL_HEIGHT);
        p.put("id", index + 1);
        if (slo.sustained()) {
            // steps no longer than the window over hours, so that no window of it is skipped (11,000: Prometheus's
            // most points a query returns)
            p.put("maxDataPoints", 11_000);
        }
        ObjectNode options = p.putObject("options");
        options.put("colorMode", "background").put("graphMode", slo.sustained() ? "area" : "none")
            .put("justifyMode", "auto").put("orientation", "auto");
        ObjectNode reduce = options.putObject("reduceOptions");
        // a whole-run SLO: one value over the whole range; a sustained one: its worst window in the range
        reduce.putArray("calcs").add(slo.sustained() ? (upper ? "max" : "min") : "lastNotNull");
        reduce.put("fields", "").put("values", false);
        options.put("textMode", "value").put("wideLayout", true);
        ObjectNode target = p.putArray("targets").addObject();
        datasource(target, "prometheus", "${datasource}");
        target.put("editorMode", "code").put("expr", promql.value(slo)).put("instant", !slo.sustained())
            .put("legendFormat", slo.measureName()).put("range", slo.sustained()).put("refId", "A");
        p.put("title", slo.text());
        p.put("type", "stat");
        return p;
    }

    private static void datasource(ObjectNode node, String type, String uid) {
        node.putObject("datasource").put("type", type).put("uid", uid);
    }

    /** As in {@code dashboards/loadgen.json}: any Prometheus datasource, picked in the dashboard. */
    private static void datasourceVariable(ObjectNode v) {
        v.putObject("current");
        v.put("hide", 0).put("includeAll", false).put("label", "Data source").put("multi", false)
            .put("name", "datasource");
        v.putArray("options");
        v.put("query", "prometheus").put("refresh", 1).put("regex", "").put("type", "datasource");
    }

    /** One run: a verdict is of one run (its shards summed), so neither several nor All. */
    private static void runIdVariable(ObjectNode v, String runId) {
        ObjectNode current = v.putObject("current");
        if (runId != null) {
            current.put("selected", true).put("text", runId).put("value", runId);
        }
        datasource(v, "prometheus", "${datasource}");
        String query = "label_values(loadgen_devices_target, run_id)";
        v.put("definition", query).put("includeAll", false).put("label", "Run").put("multi", false)
            .put("name", "run_id");
        v.putArray("options");
        v.putObject("query").put("qryType", 1).put("query", query)
            .put("refId", "PrometheusVariableQueryEditor-VariableQuery");
        v.put("refresh", 2).put("regex", "").put("sort", 1).put("type", "query");
    }
}
