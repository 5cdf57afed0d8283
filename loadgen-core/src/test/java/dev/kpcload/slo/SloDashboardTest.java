package dev.kpcload.slo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kpcload.InvalidInputException;
import dev.kpcload.dashboards.DashboardQueries;
import dev.kpcload.testing.ExternalPrograms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SLO dashboard a run writes: read back as JSON, a stat panel per SLO with its PromQL and threshold. */
class SloDashboardTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static List<Slo> slos() {
        return SloPromqlTest.EVERY_FORM.stream().map(SloPromqlTest::slo).toList();
    }

    @Test
    void aStatPanelPerSloWithItsExpressionThresholdAndUnit() throws Exception {
        List<Slo> slos = slos();
        JsonNode d = JSON.readTree(SloDashboard.json(slos, "20261202-0400"));
        JsonNode panels = d.path("panels");
        assertEquals(slos.size(), panels.size());
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < slos.size(); i++) {
            Slo slo = slos.get(i);
            JsonNode p = panels.get(i);
            assertEquals("stat", p.path("type").asText());
            assertEquals(slo.text(), p.path("title").asText());
            assertTrue(ids.add(p.path("id").asInt()), "ids are unique");
            assertEquals("${datasource}", p.path("datasource").path("uid").asText());
            JsonNode targets = p.path("targets");
            assertEquals(1, targets.size());
            JsonNode target = targets.get(0);
            assertEquals(SloPromql.grafana().value(slo), target.path("expr").asText(), slo.text());
            assertEquals("${datasource}", target.path("datasource").path("uid").asText());
            assertEquals(!slo.sustained(), target.path("instant").asBoolean());
            assertEquals(slo.sustained(), target.path("range").asBoolean());
            assertEquals(SloPromql.grafana().note(slo), p.path("description").asText());

            JsonNode defaults = p.path("fieldConfig").path("defaults");
            assertEquals(slo.metric().isRatio() ? "percentunit" : "ms", defaults.path("unit").asText());
            assertEquals("thresholds", defaults.path("color").path("mode").asText());
            JsonNode steps = defaults.path("thresholds").path("steps");
            assertEquals(2, steps.size());
            assertTrue(steps.get(0).path("value").isNull(), "the base step");
            assertEquals(slo.displayValue(slo.threshold()), steps.get(1).path("value").asDouble(), slo.text());
            boolean upper = slo.comparison().upperBound();
            assertEquals(upper ? "green" : "red", steps.get(0).path("color").asText(), slo.text());
            assertEquals(upper ? "red" : "green", steps.get(1).path("color").asText(), slo.text());

            String calc = p.path("options").path("reduceOptions").path("calcs").get(0).asText();
            assertEquals(slo.sustained() ? (upper ? "max" : "min") : "lastNotNull", calc, slo.text());
            assertEquals(slo.sustained(), p.has("maxDataPoints"), slo.text());
        }
    }

    @Test
    void thresholdsInTheDisplayedUnit() throws Exception {
        JsonNode panels = JSON.readTree(SloDashboard.json(List.of(SloPromqlTest.slo("p99(status) < 250ms"),
            SloPromqlTest.slo("error_ratio < 0.1%"), SloPromqlTest.slo("achieved_ratio >= 99% for 30s")), null))
            .path("panels");
        assertEquals(250.0, panels.get(0).at("/fieldConfig/defaults/thresholds/steps/1/value").asDouble());
        assertEquals(0.001, panels.get(1).at("/fieldConfig/defaults/thresholds/steps/1/value").asDouble());
        assertEquals(0.99, panels.get(2).at("/fieldConfig/defaults/thresholds/steps/1/value").asDouble());
        assertEquals("red", panels.get(2).at("/fieldConfig/defaults/thresholds/steps/0/color").asText());
        assertTrue(panels.get(2).path("targets").get(0).path("expr").asText().contains("[30s]"));
    }

    @Test
    void theSameVariablesAsTheMainDashboardAndOneRun() throws Exception {
        JsonNode d = JSON.readTree(SloDashboard.json(slos(), "20261202-0400"));
        JsonNode main = JSON.readTree(Path.of("../dashboards/loadgen.json").toFile());
        JsonNode vars = d.path("templating").path("list");
        assertEquals(2, vars.size());
        assertEquals(main.at("/templating/list/0"), vars.get(0), "the datasource variable as in loadgen.json");
        JsonNode run = vars.get(1);
        assertEquals("run_id", run.path("name").asText());
        assertEquals(main.at("/templating/list/1/definition"), run.path("definition"));
        assertEquals(main.at("/templating/list/1/query"), run.path("query"));
        assertFalse(run.path("multi").asBoolean(), "a verdict is of one run");
        assertFalse(run.path("includeAll").asBoolean());
        assertEquals("20261202-0400", run.path("current").path("value").asText());
        assertEquals(39, d.path("schemaVersion").asInt());
        assertEquals(SloDashboard.UID, d.path("uid").asText());
        assertTrue(d.path("id").isNull());
        assertFalse(d.has("__inputs"), "no import inputs: file provisioning works");
        assertEquals("now-30m", d.at("/time/from").asText());
        assertTrue(JSON.readTree(SloDashboard.json(slos(), null)).at("/templating/list/1/current").isEmpty());
    }

    @Test
    void panelsDoNotOverlap() throws Exception {
        JsonNode panels = JSON.readTree(SloDashboard.json(slos(), null)).path("panels");
        Set<String> cells = new HashSet<>();
        for (JsonNode p : panels) {
            JsonNode g = p.path("gridPos");
            assertTrue(g.path("x").asInt() + g.path("w").asInt() <= 24);
            for (int x = g.path("x").asInt(); x < g.path("x").asInt() + g.path("w").asInt(); x++) {
                for (int y = g.path("y").asInt(); y < g.path("y").asInt() + g.path("h").asInt(); y++) {
                    assertTrue(cells.add(x + "," + y), p.path("title").asText() + " overlaps at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void writtenIntoTheOutFolderWithTheRunsTimeRange(@TempDir Path dir) throws Exception {
        Instant from = Instant.parse("2026-12-02T04:00:00Z");
        Instant to = Instant.parse("2026-12-02T05:00:00Z");
        Path file = SloDashboard.write(slos(), "20261202-0400", from, to, dir.resolve("out"));
        assertEquals(dir.resolve("out").resolve("slo-dashboard.json"), file);
        JsonNode d = JSON.readTree(file.toFile());
        assertEquals("2026-12-02T04:00:00Z", d.at("/time/from").asText());
        assertEquals("2026-12-02T05:00:00Z", d.at("/time/to").asText());
        assertEquals("", d.path("refresh").asText(), "a finished run does not refresh");
        assertEquals(slos().size(), DashboardQueries.queries(file).size());
    }

    @Test
    void aFolderThatCannotBeWrittenIsOneLine(@TempDir Path dir) throws Exception {
        Path plain = Files.writeString(dir.resolve("plain"), "x");
        String message = assertThrows(InvalidInputException.class,
            () -> SloDashboard.write(slos(), null, null, null, plain)).getMessage();
        assertTrue(message.startsWith(plain.resolve("slo-dashboard.json") + ": cannot write the SLO dashboard: "),
            message);
        assertFalse(message.contains("\n"));
    }

    @Test
    void everyPanelQueryParsesWithPromtool(@TempDir Path dir) throws Exception {
        Path promtool = ExternalPrograms.require("promtool");
        Path file = SloDashboard.write(slos(), "r-1", null, null, dir);
        StringBuilder rules = new StringBuilder("groups:\n  - name: slo_dashboard\n    rules:\n");
        List<DashboardQueries.Query> queries = DashboardQueries.queries(file);
        for (DashboardQueries.Query q : queries) {
            // as Grafana fills in the variables
            String expr = DashboardQueries.substitute(q.expr(), "r-1", ".*", ".*", "1m").replace("$__range", "2h");
            rules.append("      - record: slo_dashboard:panel_").append(q.panelId()).append("\n        expr: ")
                .append(JSON.writeValueAsString(expr)).append('\n');
        }
        Path rulesFile = dir.resolve("rules.yml");
        Files.writeString(rulesFile, rules);
        String out = SloPromqlTest.run(promtool, "check", "rules", rulesFile.toString());
        assertTrue(out.contains("SUCCESS: " + queries.size() + " rules found"), out);
    }
}
