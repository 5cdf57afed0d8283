package dev.kpcload.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PromQL of a Grafana dashboard (classic JSON model) and fills in its template variables, so that tests
 * can check every query with promtool or run it against a real Prometheus.
 */
public final class DashboardQueries {

    /** One panel target. */
    public record Query(int panelId, String panelTitle, String refId, String expr) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private DashboardQueries() {
    }

    /** Every PromQL expression of every panel target, panels nested in (collapsed) rows included, in order. */
    public static List<String> expressions(Path dashboard) throws IOException {
        return queries(dashboard).stream().map(Query::expr).toList();
    }

    /** Every panel target with its panel, in dashboard order. */
    public static List<Query> queries(Path dashboard) throws IOException {
        List<Query> out = new ArrayList<>();
        for (JsonNode panel : panels(JSON.readTree(dashboard.toFile()))) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    out.add(new Query(panel.path("id").asInt(), panel.path("title").asText(),
                            target.path("refId").asText(), target.get("expr").asText()));
                }
            }
        }
        return out;
    }

    /** Every panel, rows and the panels inside collapsed rows included, in dashboard order. */
    public static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        collect(dashboard.path("panels"), out);
        return out;
    }

    private static void collect(JsonNode panels, List<JsonNode> out) {
        for (JsonNode panel : panels) {
            out.add(panel);
            collect(panel.path("panels"), out);
        }
    }

    private static final Pattern VARIABLE =
            Pattern.compile("\\$\\{(\\w+)(?::[^}]*)?}|\\[\\[(\\w+)(?::[^\\]]*)?]]|\\$(\\w+)");

    /**
     * Fills in {@code $run_id}, {@code $shard}, {@code $kind} and {@code $__rate_interval} (also as {@code ${name}},
     * {@code ${name:format}} and {@code [[name]]}). The three regexes are plain regular expressions (for example
     * {@code ".*"} or {@code "run-1|run-2"}); they are escaped for the double-quoted PromQL strings they land in.
     * The rate interval is a PromQL duration such as {@code "1m"}. Other variables are left as they are.
     */
    public static String substitute(String expr, String runIdRegex, String shardRegex, String kindRegex,
                                    String rateInterval) {
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            String value = switch (name) {
                case "run_id" -> promqlString(runIdRegex);
                case "shard" -> promqlString(shardRegex);
                case "kind" -> promqlString(kindRegex);
                case "__rate_interval" -> rateInterval;
                default -> m.group();
            };
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The content of a double-quoted PromQL string holding {@code s}. */
    static String promqlString(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
