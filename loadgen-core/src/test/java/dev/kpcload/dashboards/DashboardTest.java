package dev.kpcload.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Structure checks of dashboards/loadgen.json: variables, datasources, and that every query is honest. */
class DashboardTest {

    static final Path DASHBOARD = Path.of("../dashboards/loadgen.json");

    /** The metrics the load generator exports (the contract), without the histogram suffixes. */
    static final Set<String> GAUGES = Set.of("loadgen_devices_target", "loadgen_devices_connecting",
            "loadgen_devices_connected", "loadgen_messages_in_flight", "loadgen_messages_queued",
            "loadgen_target_messages_per_second", "loadgen_achieved_messages_per_second");
    static final Set<String> COUNTERS = Set.of("loadgen_connect_attempts_total", "loadgen_connect_failures_total",
            "loadgen_disconnects_total", "loadgen_reconnects_total", "loadgen_messages_scheduled_total",
            "loadgen_messages_sent_total", "loadgen_messages_confirmed_total", "loadgen_messages_failed_total",
            "loadgen_error_replies_total", "loadgen_messages_timed_out_total", "loadgen_messages_dropped_total",
            "loadgen_bytes_sent_total", "loadgen_bytes_received_total", "loadgen_handler_errors_total",
            "loadgen_tls_handshakes_total");
    static final Set<String> HISTOGRAMS = Set.of("loadgen_connect_latency_seconds", "loadgen_tcp_connect_seconds",
            "loadgen_tls_handshake_seconds",
            "loadgen_reconnect_latency_seconds", "loadgen_puback_latency_seconds", "loadgen_status_latency_seconds",
            "loadgen_service_time_seconds", "loadgen_send_lag_seconds");
    /**
     * The labels of each exported family besides {@code run_id} and {@code shard} (and {@code le} on buckets).
     * Families with {@code kind} are message-level: the dashboard's kind selection applies to them. Families not
     * listed have no further labels.
     */
    static final Map<String, Set<String>> LABELS = Map.ofEntries(
            Map.entry("loadgen_puback_latency_seconds", Set.of("kind")),
            Map.entry("loadgen_status_latency_seconds", Set.of("kind")),
            Map.entry("loadgen_service_time_seconds", Set.of("kind")),
            Map.entry("loadgen_send_lag_seconds", Set.of("kind")),
            Map.entry("loadgen_messages_scheduled_total", Set.of("kind")),
            Map.entry("loadgen_messages_sent_total", Set.of("kind")),
            Map.entry("loadgen_messages_confirmed_total", Set.of("kind")),
            Map.entry("loadgen_messages_timed_out_total", Set.of("kind")),
            Map.entry("loadgen_messages_failed_total", Set.of("kind", "reason")),
            Map.entry("loadgen_messages_dropped_total", Set.of("kind", "reason")),
            Map.entry("loadgen_error_replies_total", Set.of("kind", "status_code")),
            Map.entry("loadgen_connect_failures_total", Set.of("reason")),
            Map.entry("loadgen_disconnects_total", Set.of("reason")),
            Map.entry("loadgen_tls_handshakes_total", Set.of("session")));
    static final String KIND_FILTER = "kind=~\"$kind\"";
    /**
     * Micrometer binder names as its Prometheus registry exports them (checked against Micrometer 1.17.2's
     * PrometheusMeterRegistry scrape): JvmMemoryMetrics, JvmGcMetrics (a summary without buckets), and
     * NettyAllocatorMetrics (gauges without a base unit, so no _bytes suffix).
     */
    static final Set<String> BINDERS = Set.of("jvm_memory_used_bytes", "jvm_memory_committed_bytes",
            "jvm_memory_max_bytes", "jvm_gc_pause_seconds_count", "jvm_gc_pause_seconds_sum",
            "jvm_gc_pause_seconds_max", "netty_allocator_memory_used_bytes",
            "netty_allocator_pooled_arenas", "netty_allocator_pooled_cache_size",
            "netty_allocator_pooled_threadlocal_caches", "netty_allocator_pooled_chunk_size");

    static Set<String> knownMetrics() {
        Set<String> known = new HashSet<>(GAUGES);
        known.addAll(COUNTERS);
        known.addAll(BINDERS);
        for (String h : HISTOGRAMS) {
            for (String suffix : List.of("_bucket", "_count", "_sum", "_max")) {
                known.add(h + suffix);
            }
        }
        return known;
    }

    /** The family of an exported series: histogram suffixes removed. */
    static String family(String metric) {
        for (String h : HISTOGRAMS) {
            if (metric.startsWith(h + "_") && knownMetrics().contains(metric)) {
                return h;
            }
        }
        return metric;
    }

    static boolean messageLevel(String metric) {
        return LABELS.getOrDefault(family(metric), Set.of()).contains("kind");
    }

    static JsonNode dashboard;
    static List<DashboardQueries.Query> queries;

    @BeforeAll
    static void load() throws IOException {
        dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        queries = DashboardQueries.queries(DASHBOARD);
    }

    @Test
    void classicModelWithTheAgreedIdentity() {
        assertTrue(dashboard.path("schemaVersion").asInt() >= 39, "schemaVersion " + dashboard.path("schemaVersion"));
        assertEquals("kpc-loadgen", dashboard.path("uid").asText());
        assertEquals("kpc-loadgen", dashboard.path("title").asText());
        assertTrue(dashboard.path("panels").isArray(), "classic model: top-level panels");
        assertFalse(dashboard.has("elements"), "not the v2 schema");
    }

    @Test
    void datasourceIsAVariableNotAnImportInput() throws IOException {
        String raw = Files.readString(DASHBOARD);
        assertFalse(raw.contains("${DS_"), "no ${DS_...} import placeholders");
        assertFalse(dashboard.has("__inputs"), "no __inputs");
        JsonNode ds = variable("datasource");
        assertEquals("datasource", ds.path("type").asText());
        assertEquals("prometheus", ds.path("query").asText());
    }

    @Test
    void runAndShardVariablesAreMultiWithAll() {
        JsonNode runId = variable("run_id");
        JsonNode shard = variable("shard");
        assertEquals("label_values(loadgen_devices_target, run_id)", variableQuery(runId));
        assertEquals("label_values(loadgen_devices_target{run_id=~\"$run_id\"}, shard)", variableQuery(shard));
        for (JsonNode v : List.of(runId, shard)) {
            assertEquals("query", v.path("type").asText());
            assertTrue(v.path("multi").asBoolean(), v.path("name") + " multi");
            assertTrue(v.path("includeAll").asBoolean(), v.path("name") + " includeAll");
            assertUsesDatasourceVariable(v.path("datasource"), "variable " + v.path("name"));
        }
    }

    @Test
    void kindVariableIsMultiWithAllOverTheRunsMessageKinds() {
        JsonNode kind = variable("kind");
        assertEquals("label_values(loadgen_messages_scheduled_total{run_id=~\"$run_id\"}, kind)", variableQuery(kind));
        assertEquals(variableQuery(kind), kind.path("definition").asText());
        assertEquals("query", kind.path("type").asText());
        assertTrue(kind.path("multi").asBoolean(), "kind multi");
        assertTrue(kind.path("includeAll").asBoolean(), "kind includeAll");
        assertEquals(".*", kind.path("allValue").asText(), "All matches every kind");
        assertUsesDatasourceVariable(kind.path("datasource"), "variable kind");
    }

    @Test
    void everyPanelAndTargetUsesTheDatasourceVariable() {
        for (JsonNode panel : DashboardQueries.panels(dashboard)) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            String where = "panel " + panel.path("id") + " " + panel.path("title");
            assertUsesDatasourceVariable(panel.path("datasource"), where);
            assertTrue(panel.path("targets").size() > 0, where + " has targets");
            for (JsonNode target : panel.path("targets")) {
                assertUsesDatasourceVariable(target.path("datasource"), where + " target " + target.path("refId"));
            }
        }
    }

    @Test
    void everyPanelSaysWhatItShows() {
        for (JsonNode panel : DashboardQueries.panels(dashboard)) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            String where = "panel " + panel.path("id") + " " + panel.path("title");
            assertFalse(panel.path("description").asText().isBlank(), where + " description");
            assertFalse(panel.path("fieldConfig").path("defaults").path("unit").asText().isBlank(), where + " unit");
        }
    }

    @Test
    void panelIdsAreUniqueAndPanelsDoNotOverlap() {
        Set<Integer> ids = new HashSet<>();
        List<int[]> boxes = new ArrayList<>();
        for (JsonNode panel : DashboardQueries.panels(dashboard)) {
            int id = panel.path("id").asInt(-1);
            assertTrue(id > 0, "panel id " + panel.path("id"));
            assertTrue(ids.add(id), "duplicate panel id " + id);
            JsonNode g = panel.path("gridPos");
            int[] box = {g.path("x").asInt(), g.path("y").asInt(), g.path("w").asInt(), g.path("h").asInt(), id};
            assertTrue(box[2] > 0 && box[3] > 0 && box[0] + box[2] <= 24, "gridPos of panel " + id);
            for (int[] other : boxes) {
                boolean overlap = box[0] < other[0] + other[2] && other[0] < box[0] + box[2]
                        && box[1] < other[1] + other[3] && other[1] < box[1] + box[3];
                assertFalse(overlap, "panels " + id + " and " + other[4] + " overlap");
            }
            boxes.add(box);
        }
    }

    @Test
    void everySelectorFiltersRunAndShardAndNamesAnExportedMetric() {
        assertTrue(queries.size() > 20, "found " + queries.size() + " queries");
        Set<String> known = knownMetrics();
        for (DashboardQueries.Query q : queries) {
            List<PromqlSelectors.Selector> selectors = PromqlSelectors.selectors(q.expr());
            assertFalse(selectors.isEmpty(), where(q) + ": no selector");
            for (PromqlSelectors.Selector s : selectors) {
                assertTrue(known.contains(s.metric()), where(q) + ": unknown metric '" + s.metric() + "'");
                assertTrue(s.matchers().contains("run_id=~\"$run_id\""), where(q) + ": " + s.metric() + " not filtered by run_id");
                assertTrue(s.matchers().contains("shard=~\"$shard\""), where(q) + ": " + s.metric() + " not filtered by shard");
            }
        }
    }

    @Test
    void messageLevelSelectorsAndOnlyThoseFilterByKind() {
        int filtered = 0;
        for (DashboardQueries.Query q : queries) {
            for (PromqlSelectors.Selector s : PromqlSelectors.selectors(q.expr())) {
                if (messageLevel(s.metric())) {
                    assertTrue(s.matchers().contains(KIND_FILTER), where(q) + ": " + s.metric() + " not filtered by kind");
                    filtered++;
                } else {
                    // a series without the label would vanish as soon as one kind is selected
                    assertFalse(s.labels().contains("kind"), where(q) + ": " + s.metric() + " has no kind label");
                }
            }
        }
        assertTrue(filtered >= 25, "message-level selectors: " + filtered);
    }

    @Test
    void queriesMatchAndGroupOnlyByLabelsTheSeriesHave() {
        for (DashboardQueries.Query q : queries) {
            List<PromqlSelectors.Selector> selectors = PromqlSelectors.selectors(q.expr());
            if (selectors.stream().anyMatch(s -> BINDERS.contains(s.metric()))) {
                continue; // Micrometer's binder labels are Micrometer's business
            }
            for (String label : PromqlSelectors.groupingLabels(q.expr())) {
                for (PromqlSelectors.Selector s : selectors) {
                    assertTrue(labelsOf(s.metric()).contains(label),
                            where(q) + ": groups by " + label + ", which " + s.metric() + " does not have");
                }
            }
            for (PromqlSelectors.Selector s : selectors) {
                for (String label : s.labels()) {
                    assertTrue(labelsOf(s.metric()).contains(label), where(q) + ": " + s.metric() + " has no " + label);
                }
            }
        }
    }

    @Test
    void legendsNameOnlyLabelsTheQueryKeeps() {
        Pattern legendLabel = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");
        for (JsonNode panel : DashboardQueries.panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                Set<String> kept = PromqlSelectors.groupingLabels(expr);
                Matcher m = legendLabel.matcher(target.path("legendFormat").asText());
                while (m.find()) {
                    assertTrue(kept.contains(m.group(1)), "panel " + panel.path("id") + " " + panel.path("title")
                            + " legend names " + m.group(1) + ", which " + expr + " sums away");
                }
            }
        }
    }

    private static final Pattern QUANTILE_OF_MERGED_BUCKETS = Pattern.compile(
            "histogram_quantile\\(\\s*0?\\.\\d+\\s*,\\s*sum by \\(le(?:, kind)?\\) \\(rate\\((\\w+)_bucket\\{[^}]*}\\[\\$__rate_interval]\\)\\)\\)");

    @Test
    void percentilesComeFromBucketsSummedOverAllProcesses() {
        int quantiles = 0;
        for (DashboardQueries.Query q : queries) {
            int calls = count(q.expr(), "histogram_quantile(");
            int buckets = count(q.expr(), "_bucket{");
            Matcher m = QUANTILE_OF_MERGED_BUCKETS.matcher(q.expr());
            int good = 0;
            while (m.find()) {
                assertTrue(HISTOGRAMS.contains(m.group(1)), where(q) + ": not a contract histogram: " + m.group(1));
                good++;
            }
            assertEquals(calls, good,
                    where(q) + ": histogram_quantile must wrap sum by (le[, kind]) (rate(..._bucket[..]))");
            assertEquals(calls, buckets, where(q) + ": _bucket series only inside histogram_quantile");
            quantiles += calls;
        }
        assertTrue(quantiles >= 17, "latency panels present: " + quantiles);
    }

    @Test
    void ratesUseTheRateIntervalAndGaugesAreNotRated() {
        for (DashboardQueries.Query q : queries) {
            Matcher m = Pattern.compile("rate\\((\\w+)\\{[^}]*}\\[([^\\]]+)]\\)").matcher(q.expr());
            while (m.find()) {
                assertEquals("$__rate_interval", m.group(2), where(q));
                String metric = m.group(1);
                assertTrue(COUNTERS.contains(metric) || metric.endsWith("_bucket") || metric.endsWith("_sum")
                        || metric.endsWith("_count"), where(q) + ": rate() of a gauge " + metric);
            }
        }
    }

    @Test
    void substitutionLeavesNoVariableBehind() {
        for (DashboardQueries.Query q : queries) {
            String s = DashboardQueries.substitute(q.expr(), ".*", ".*", ".*", "1m");
            assertFalse(s.contains("$") || s.contains("[["), where(q) + ": " + s);
        }
    }

    @Test
    void theContractsHeadlinePanelsArePresent() {
        List<String> exprs = queries.stream().map(DashboardQueries.Query::expr).toList();
        String f = "{run_id=~\"$run_id\", shard=~\"$shard\"}";
        String fk = "{run_id=~\"$run_id\", shard=~\"$shard\", kind=~\"$kind\"}";
        for (String expected : List.of(
                "sum(loadgen_target_messages_per_second" + f + ")",
                "sum(rate(loadgen_messages_scheduled_total" + fk + "[$__rate_interval]))",
                "sum(rate(loadgen_messages_sent_total" + fk + "[$__rate_interval]))",
                "sum(rate(loadgen_messages_confirmed_total" + fk + "[$__rate_interval]))",
                "sum by (shard) (rate(loadgen_messages_sent_total" + fk + "[$__rate_interval]))",
                "sum by (kind) (rate(loadgen_messages_sent_total" + fk + "[$__rate_interval]))",
                "sum by (kind) (rate(loadgen_messages_confirmed_total" + fk + "[$__rate_interval]))",
                "sum by (reason) (rate(loadgen_messages_failed_total" + fk + "[$__rate_interval]))",
                "sum(loadgen_handler_errors_total" + f + ")",
                "histogram_quantile(0.99, sum by (le) (rate(loadgen_status_latency_seconds_bucket" + fk + "[$__rate_interval])))",
                "histogram_quantile(0.99, sum by (le, kind) (rate(loadgen_status_latency_seconds_bucket" + fk + "[$__rate_interval])))",
                "histogram_quantile(0.99, sum by (le) (rate(loadgen_service_time_seconds_bucket" + fk + "[$__rate_interval])))",
                "histogram_quantile(0.99, sum by (le) (rate(loadgen_send_lag_seconds_bucket" + fk + "[$__rate_interval])))",
                "histogram_quantile(0.5, sum by (le) (rate(loadgen_reconnect_latency_seconds_bucket" + f + "[$__rate_interval])))",
                "histogram_quantile(0.99, sum by (le) (rate(loadgen_reconnect_latency_seconds_bucket" + f + "[$__rate_interval])))")) {
            assertTrue(exprs.contains(expected), "missing: " + expected);
        }
        for (String h : List.of("loadgen_connect_latency_seconds", "loadgen_puback_latency_seconds",
                "loadgen_status_latency_seconds")) {
            for (String quantile : List.of("0.5", "0.9", "0.99", "0.999")) {
                String expected = "histogram_quantile(" + quantile + ", sum by (le) (rate(" + h + "_bucket"
                        + (messageLevel(h) ? fk : f) + "[$__rate_interval])))";
                assertTrue(exprs.contains(expected), "missing: " + expected);
            }
        }
        JsonNode target = panelTitled("Target vs achieved rate");
        assertTrue(target.path("gridPos").path("w").asInt() == 24, "the rate profile reads across the full width");
        assertEquals("target", target.path("targets").get(0).path("legendFormat").asText());
        JsonNode targetStyle = target.path("fieldConfig").path("overrides").get(0);
        assertEquals("target", targetStyle.path("matcher").path("options").asText(), "target drawn as its own line");
        JsonNode sendLag = panelTitled("Send lag: is the generator healthy?");
        JsonNode steps = sendLag.path("fieldConfig").path("defaults").path("thresholds").path("steps");
        assertEquals(0.002, steps.get(steps.size() - 1).path("value").asDouble(), "send lag threshold at 2 ms");
    }

    // --- DashboardQueries itself

    @Test
    void expressionsIncludePanelsInsideCollapsedRows(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("d.json");
        Files.writeString(file, """
                {"panels": [
                  {"id": 1, "type": "timeseries", "targets": [{"refId": "A", "expr": "up"}, {"refId": "B"}]},
                  {"id": 2, "type": "row", "collapsed": true, "panels": [
                    {"id": 3, "type": "stat", "targets": [{"refId": "A", "expr": "sum(x)"}]}]}
                ]}""");
        assertEquals(List.of("up", "sum(x)"), DashboardQueries.expressions(file));
    }

    @Test
    void substituteFillsEveryVariableForm() {
        String expr = "rate(m{run_id=~\"$run_id\", shard=~\"${shard}\", a=~\"${run_id:regex}\", b=~\"[[shard]]\", "
                + "kind=~\"$kind\", c=~\"${kind:pipe}\"}[$__rate_interval]) + rate(n[${__rate_interval}]) + $other";
        assertEquals("rate(m{run_id=~\"r1|r2\", shard=~\"0\", a=~\"r1|r2\", b=~\"0\", kind=~\"epmx-get\", "
                        + "c=~\"epmx-get\"}[30s]) + rate(n[30s]) + $other",
                DashboardQueries.substitute(expr, "r1|r2", "0", "epmx-get", "30s"));
        assertEquals("m{run_id=~\"run\\\\.1\"}", DashboardQueries.substitute("m{run_id=~\"$run_id\"}", "run\\.1", "", "", "1m"),
                "regex backslashes are escaped for the PromQL string");
    }

    @Test
    void selectorScannerFindsNamesAndMatchers() {
        List<PromqlSelectors.Selector> s = PromqlSelectors.selectors(
                "histogram_quantile(0.99, sum by (le) (rate(a_bucket{x=\"}\"}[1m]))) / on (y) b > 0.5 and c");
        assertEquals(List.of(new PromqlSelectors.Selector("a_bucket", "x=\"}\""),
                new PromqlSelectors.Selector("b", ""), new PromqlSelectors.Selector("c", "")), s);
    }

    @Test
    void selectorScannerNamesMatcherLabelsAndGroupingLabels() {
        PromqlSelectors.Selector s = new PromqlSelectors.Selector("m",
                "run_id=~\"a,b=\\\"c\", shard!=\"0\", kind =~ \"$kind\", x=\"\"");
        assertEquals(List.of("run_id", "shard", "kind", "x"), s.labels());
        assertEquals(Set.of("le", "kind", "reason"), PromqlSelectors.groupingLabels(
                "histogram_quantile(0.9, sum by (le, kind) (m)) / on (y) sum without(reason) (n)"));
    }

    // --- helpers

    /** The labels a series of {@code metric} has, as far as the contract says. */
    static Set<String> labelsOf(String metric) {
        Set<String> labels = new HashSet<>(Set.of("run_id", "shard"));
        labels.addAll(LABELS.getOrDefault(family(metric), Set.of()));
        if (metric.endsWith("_bucket")) {
            labels.add("le");
        }
        return labels;
    }

    static JsonNode variable(String name) {
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        return fail("no variable " + name);
    }

    static String variableQuery(JsonNode v) {
        JsonNode query = v.path("query");
        return query.isObject() ? query.path("query").asText() : query.asText();
    }

    static JsonNode panelTitled(String title) {
        for (JsonNode panel : DashboardQueries.panels(dashboard)) {
            if (panel.path("title").asText().equals(title)) {
                return panel;
            }
        }
        return fail("no panel titled " + title);
    }

    static void assertUsesDatasourceVariable(JsonNode ds, String where) {
        assertEquals("prometheus", ds.path("type").asText(), where + " datasource type");
        assertEquals("${datasource}", ds.path("uid").asText(), where + " datasource uid");
    }

    static String where(DashboardQueries.Query q) {
        return "panel " + q.panelId() + " '" + q.panelTitle() + "' " + q.refId();
    }

    static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
