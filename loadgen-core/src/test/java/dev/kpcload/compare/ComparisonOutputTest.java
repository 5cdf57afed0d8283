package dev.kpcload.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static dev.kpcload.compare.CompareFixtures.Run;
import static dev.kpcload.compare.CompareFixtures.scaled;
import static dev.kpcload.compare.CompareFixtures.spread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console table and the JSON say what the comparison holds. */
class ComparisonOutputTest {

    @TempDir
    Path dir;

    private static Comparison slowerWithErrors() {
        Histogram h = spread(10_000, 1, 50);
        Run base = new Run().latency("status", h).log();
        Run next = new Run().latency("status", scaled(h, 2));
        next.failed = 50;
        next.failedByKind.put("error_reply", 50L);
        next.confirmed = 9_950;
        next.config.put("confirm", "puback");
        return CompareFixtures.compare(base, next);
    }

    @Test
    void theConsoleTableHasEveryItemAndEndsWithTheVerdict() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ComparisonPrinter.print(slowerWithErrors(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        String text = String.join("\n", lines);
        assertEquals("== kpc-loadgen compare: BASE base vs NEW new ==", lines.get(0));
        assertTrue(text.contains("BASE     base: completed, interval log base/run.hlog"), text);
        assertTrue(text.contains("NEW      new: completed, no interval log"), text);
        assertTrue(text.contains("warning  not like for like: confirm differs (BASE status, NEW puback)"), text);
        assertTrue(lines.stream().anyMatch(l -> l.matches("  error_ratio +0\\.000 % +0\\.500 % +new  WORSE")), text);
        assertTrue(lines.stream().anyMatch(l -> l.matches("  status p50 +25\\.5\\d\\d +51\\.\\d+ +\\+100\\.0 %  WORSE")),
            text);
        assertTrue(lines.stream().anyMatch(l -> l.matches("  status max .*  \\(WORSE\\)")), text);
        assertTrue(text.contains("  status: 1/KP reply (from intended send), 10,000 vs 10,000 values, from the"
            + " summaries (NEW has no interval log)"), text);
        assertTrue(lines.stream().anyMatch(l -> l.matches("  error_reply +0 +50 +new +")), text);
        assertTrue(text.contains("not measured in either run: connect, tcp_connect, tls_handshake, puback, service, send_lag, reconnect"));
        assertEquals("verdict  WORSE: 5 worse (error_ratio, confirmed_ratio, status p50, status p99, status p99.9), 0"
            + " better, 4 same, 0 not comparable", lines.get(lines.size() - 1));
    }

    @Test
    void theJsonHoldsTheSidesTheRuleAndEveryItem() throws Exception {
        Path file = dir.resolve("sub/compare.json");
        ComparisonJson.write(slowerWithErrors(), file);
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertEquals("WORSE", root.get("verdict").asText());
        assertTrue(root.get("regression").asBoolean());
        assertEquals("base", root.get("base").get("label").asText());
        assertTrue(root.get("new").get("hlog").isNull());
        assertEquals(0.1, root.get("tolerance").get("relative").asDouble(), 1e-12);
        assertEquals(1.0, root.get("tolerance").get("minLatencyChangeMs").asDouble(), 1e-12);
        assertEquals(5, root.get("counts").get("WORSE").asInt());
        assertEquals(1, root.get("warnings").size());
        JsonNode error = root.get("ratios").get(0);
        assertEquals("error_ratio", error.get("item").asText());
        assertEquals(0.005, error.get("new").asDouble(), 1e-12);
        assertTrue(error.get("change").isNull(), "from none: no finite change");
        JsonNode status = root.get("latencies").get(0);
        assertEquals("status", status.get("latency").asText());
        assertEquals("SUMMARY", status.get("source").asText());
        assertEquals(10_000, status.get("new").get("count").asLong());
        JsonNode p50 = status.get("items").get(0);
        assertEquals("status p50", p50.get("item").asText());
        assertEquals("WORSE", p50.get("verdict").asText());
        assertEquals(1.0, p50.get("change").asDouble(), 0.01);
        assertTrue(root.get("shown").toString().contains("\"section\":\"failed by kind\",\"item\":\"error_reply\""));
    }
}
