package dev.kpcload.capacity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kpcload.InvalidInputException;
import dev.kpcload.metrics.LatencyStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CapacityResultTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theModelServersCapacityAndKneeAreFound() {
        CapacityResult r = CapacityFixtures.found();
        assertEquals(SearchOutcome.FOUND, r.outcome());
        // The SLO's capacity is where 0.5 / (1 - load) = 250 ms: 998/s.
        assertTrue(r.maxSustainableRate() <= 998 && r.maxSustainableRate() >= 998 / 1.03, "" + r.maxSustainableRate());
        assertEquals("status", r.latency());
        CapacityResult.Knee knee = r.knee();
        assertEquals("status", knee.latency());
        assertEquals("p99", knee.statistic());
        // The knee is a measured step: its rate was offered and its latency is that step's p99.
        assertTrue(r.steps().stream().anyMatch(s -> s.offeredRate() == knee.rate()), "" + knee);
        assertEquals(CapacityFixtures.p99(knee.rate()), knee.latencyMs(), 1e-9);
        // A queue's latency climbs without bound towards saturation: the bend is at the last step before the climb,
        // between 95 % of the service rate and the first failure.
        assertTrue(knee.rate() >= 950 && knee.rate() < r.bracket().firstFail(), "" + knee);
    }

    @Test
    void theKneeLeavesOutInconclusiveStepsAndFollowsTheSlosStatistic() {
        CapacityResult base = CapacityFixtures.found();
        List<CapacityStep> steps = base.steps();
        CapacityResult.Knee p99 = CapacityResult.knee(steps, "status", "p99");
        CapacityResult.Knee p999 = CapacityResult.knee(steps, "status", "p99.9");
        assertEquals(p99.rate(), p999.rate(), 1e-9, "p99.9 is 2 x p99 in the model: same shape");
        assertEquals(2 * p99.latencyMs(), p999.latencyMs(), 1e-9);
        assertNull(CapacityResult.knee(steps, "service", "p99"), "no such latency measured: no knee");
        assertThrows(IllegalArgumentException.class, () -> CapacityResult.knee(steps, "status", "p42"));
        // The same steps, all inconclusive: nothing to find a knee on.
        List<CapacityStep> inconclusive = steps.stream().map(s -> new CapacityStep(s.index(), s.purpose(),
            s.offeredRate(), s.achievedRate(), s.confirmedRate(), StepOutcome.INCONCLUSIVE, s.failedSlos(),
            s.latencies(), s.errorRatio(), s.timeoutRatio(), s.messagesMeasured(), s.percentileStable(),
            s.startSeconds(), s.measureStartSeconds(), s.endSeconds(), s.note())).toList();
        assertNull(CapacityResult.knee(inconclusive, "status", "p99"));
        // Without latency SLOs the charts and the knee use status, and puback without status.
        SearchResult search = new SearchResult(SearchOutcome.FOUND, 1.0, new Bracket(1.0, 2.0), 1, List.of(), null,
            "x", null);
        CapacityResult noSlo = CapacityResult.of(search, steps, base.settings(), List.of(), List.of());
        assertEquals("status", noSlo.latency());
        assertEquals("p99", noSlo.knee().statistic());
        List<CapacityStep> pubackOnly = steps.stream().map(s -> new CapacityStep(s.index(), s.purpose(),
            s.offeredRate(), s.achievedRate(), s.confirmedRate(), s.verdict(), s.failedSlos(),
            Map.of("puback", s.latencies().get("puback"), "status", new LatencyStats(0, 0, 0, 0, 0, 0, 0)),
            s.errorRatio(), s.timeoutRatio(), s.messagesMeasured(), s.percentileStable(), s.startSeconds(),
            s.measureStartSeconds(), s.endSeconds(), s.note())).toList();
        assertEquals("puback", CapacityResult.of(search, pubackOnly, base.settings(), List.of(), List.of()).latency());
    }

    @Test
    void jsonHasTheFieldsTheIssueNames(@TempDir Path dir) throws Exception {
        CapacityResult r = CapacityFixtures.found();
        Path file = dir.resolve("out").resolve("capacity.json");
        CapacityJson.write(r, file);
        String text = Files.readString(file);
        assertEquals(CapacityJson.toJson(r), text);
        Files.writeString(Path.of("target", "capacity-fixture.json"), text);
        JsonNode root = JSON.readTree(text);
        assertEquals("found", root.get("outcome").asText());
        assertEquals(r.maxSustainableRate(), root.get("maxSustainableRate").asDouble(), 1e-9);
        JsonNode knee = root.get("knee");
        assertEquals(r.knee().rate(), knee.get("rate").asDouble(), 1e-9);
        assertEquals(r.knee().latencyMs(), knee.get("latencyMs").asDouble(), 1e-9);
        assertEquals("status", knee.get("latency").asText());
        assertEquals("p99", knee.get("statistic").asText());
        assertEquals(r.bracket().lastPass(), root.get("bracket").get("lastPass").asDouble(), 1e-9);
        assertEquals(r.bracket().firstFail(), root.get("bracket").get("firstFail").asDouble(), 1e-9);
        JsonNode steps = root.get("steps");
        assertEquals(r.steps().size(), steps.size());
        JsonNode first = steps.get(0);
        assertEquals(1, first.get("index").asInt());
        assertEquals("probe", first.get("purpose").asText());
        assertEquals("pass", first.get("verdict").asText());
        assertEquals(100, first.get("offeredRate").asDouble(), 1e-9);
        for (String field : List.of("achievedRate", "confirmedRate", "failedSlos", "latencies", "errorRatio",
            "timeoutRatio", "messagesMeasured", "percentileStable", "startSeconds", "measureStartSeconds",
            "endSeconds", "note")) {
            assertTrue(first.has(field), "step field " + field);
        }
        assertTrue(first.get("latencies").get("status").has("p999"), "latency stats by name");
        JsonNode failed = null;
        for (JsonNode s : steps) {
            if ("fail".equals(s.get("verdict").asText())) {
                failed = s;
                break;
            }
        }
        JsonNode miss = failed.get("failedSlos").get(0);
        assertEquals(CapacityFixtures.SLO, miss.get("slo").asText());
        assertEquals(250, miss.get("threshold").asDouble(), 1e-9);
        assertTrue(miss.get("measured").asDouble() > 250);
        assertEquals("ms", miss.get("unit").asText());
        assertTrue(miss.get("by").asText().startsWith("+"));
        assertEquals("confirm", steps.get(steps.size() - 1).get("purpose").asText());
        JsonNode settings = root.get("settings");
        assertEquals(100, settings.get("startRate").asDouble(), 1e-9);
        assertEquals(1.5, settings.get("factor").asDouble(), 1e-9);
        assertEquals(10, settings.get("rampSeconds").asDouble(), 1e-9);
        assertEquals(30, settings.get("measureSeconds").asDouble(), 1e-9);
        assertEquals(10, settings.get("floorRate").asDouble(), 1e-9);
        assertTrue(settings.get("maxRate").isNull());
        assertFalse(settings.has("ramp"), "durations only as seconds");
        assertEquals(CapacityFixtures.SLO, root.get("slos").get(0).asText());
        assertEquals(250, root.get("thresholds").get(0).get("thresholdMs").asDouble(), 1e-9);
        assertTrue(root.get("explanation").asText().startsWith("KPC sustained"));
        assertTrue(root.get("remedy").isNull());
    }

    @Test
    void jsonWithoutARateOrAKneeSaysNull() throws Exception {
        JsonNode root = JSON.readTree(CapacityJson.toJson(CapacityFixtures.stoppedAtOnce()));
        assertEquals("stopped", root.get("outcome").asText());
        assertTrue(root.has("maxSustainableRate") && root.get("maxSustainableRate").isNull());
        assertTrue(root.has("knee") && root.get("knee").isNull());
        assertEquals(0, root.get("steps").size());

        JsonNode limited = JSON.readTree(CapacityJson.toJson(CapacityFixtures.generatorLimited(600)));
        assertEquals("generator_limited", limited.get("outcome").asText());
        JsonNode steps = limited.get("steps");
        assertEquals("inconclusive", steps.get(steps.size() - 1).get("verdict").asText());
        assertTrue(limited.get("remedy").asText().contains("--shards N"));
    }

    @Test
    void writeFailureIsOneLine(@TempDir Path dir) throws Exception {
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "x");
        Path file = blocker.resolve("capacity.json");
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> CapacityJson.write(CapacityFixtures.found(), file));
        assertTrue(e.getMessage().startsWith(file + ": cannot write: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
