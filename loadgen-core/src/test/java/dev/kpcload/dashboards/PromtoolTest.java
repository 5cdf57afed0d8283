package dev.kpcload.dashboards;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kpcload.testing.ExternalPrograms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Prometheus's own checker on the dashboard's queries, the rules and the example scrape configuration. Needs
 * promtool (Debian package {@code prometheus}); skipped without it unless {@code LOADGEN_REQUIRE_EXTERNAL=1}.
 */
class PromtoolTest {

    static final Path DASHBOARDS = Path.of("../dashboards");

    @Test
    void everyDashboardQueryParses(@TempDir Path dir) throws Exception {
        Path promtool = ExternalPrograms.require("promtool");
        ObjectMapper json = new ObjectMapper();
        List<DashboardQueries.Query> queries = DashboardQueries.queries(DashboardTest.DASHBOARD);
        assertTrue(queries.size() > 20, "found " + queries.size() + " queries");
        // Two substitutions: the All value, and a multi-value regex as Grafana builds it.
        String[][] values = {{".*", ".*", ".*", "1m"}, {"run-1|run-2", "0|1|2", "epmx-get|dcx-json", "20s"}};
        StringBuilder rules = new StringBuilder("groups:\n");
        for (int v = 0; v < values.length; v++) {
            rules.append("  - name: dashboard_").append(v).append("\n    rules:\n");
            for (DashboardQueries.Query q : queries) {
                String expr = DashboardQueries.substitute(q.expr(), values[v][0], values[v][1], values[v][2],
                        values[v][3]);
                rules.append("      - record: dashboard_").append(v).append(":panel_").append(q.panelId()).append('_').append(q.refId())
                        .append("\n        expr: ").append(json.writeValueAsString(expr)).append('\n');
            }
        }
        Path file = dir.resolve("dashboard-queries.yml");
        Files.writeString(file, rules);
        String out = run(promtool, "check", "rules", file.toString());
        assertTrue(out.contains("SUCCESS: " + 2 * queries.size() + " rules found"), out);
    }

    @Test
    void rulesFileIsValid() throws Exception {
        Path promtool = ExternalPrograms.require("promtool");
        run(promtool, "check", "rules", DASHBOARDS.resolve("rules/loadgen-rules.yml").toString());
    }

    @Test
    void rulesBehaveAsDocumented() throws Exception {
        Path promtool = ExternalPrograms.require("promtool");
        run(promtool, "test", "rules", DASHBOARDS.resolve("rules/loadgen-rules.test.yml").toString());
    }

    @Test
    void exampleScrapeConfigIsValidWithItsRules() throws Exception {
        Path promtool = ExternalPrograms.require("promtool");
        // rule_files are relative to the configuration file, so the checked-in file is checked where it is
        String out = run(promtool, "check", "config", DASHBOARDS.resolve("prometheus.yml").toString());
        assertTrue(out.contains("1 rule files found"), out);
    }

    static String run(Path program, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(program.toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        String out = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + out);
        return out;
    }
}
