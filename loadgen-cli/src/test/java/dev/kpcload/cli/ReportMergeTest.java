package dev.kpcload.cli;

import dev.kpcload.metrics.HlogMerge;
import dev.kpcload.metrics.IntervalLog;
import dev.kpcload.metrics.LatencyRecorders;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code loadgen report merge}: the merged distribution is exactly the sum of the shards'. */
class ReportMergeTest {

    @TempDir
    Path dir;

    private Path shardLog(String name, long startMillis, long... valuesMicros) {
        Path file = dir.resolve(name);
        try (IntervalLog log = new IntervalLog(file, startMillis, name)) {
            for (int interval = 0; interval < 3; interval++) {
                Histogram h = LatencyRecorders.newHistogram();
                h.setStartTimeStamp(startMillis + interval * 1000L);
                h.setEndTimeStamp(startMillis + (interval + 1) * 1000L);
                for (long micros : valuesMicros) {
                    h.recordValue(micros * 1000);
                }
                log.write("status", h);
                log.write("connect", h);
            }
        }
        return file;
    }

    @Test
    void mergesShardLogsIntoOneExactDistribution() {
        long t0 = 1_795_000_000_000L;
        Path a = shardLog("a.hlog", t0, 100, 200, 300);
        Path b = shardLog("b.hlog", t0 + 500, 10_000, 20_000);
        Path out = dir.resolve("merged.hlog");
        CliHarness result = CliHarness.run("report", "merge", out.toString(), a.toString(), b.toString());
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("merged 2 logs into " + out), result.out());
        assertTrue(result.out().lines().anyMatch(l -> l.startsWith("status") && l.contains(" 15 ")), result.out());

        Map<String, Histogram> merged = HlogMerge.merge(List.of(out), dir.resolve("again.hlog"));
        Histogram status = merged.get("status");
        assertEquals(15, status.getTotalCount());
        assertEquals(9, status.getCountBetweenValues(0, 1_000_000));
        assertEquals(20_000_000, status.getMaxValue(), 20_000_000 * 0.001);
        assertEquals(15, merged.get("connect").getTotalCount());
    }

    @Test
    void badInputIsOneLine() {
        CliHarness missing = CliHarness.run("report", "merge", dir.resolve("o.hlog").toString(),
            dir.resolve("nope.hlog").toString());
        assertEquals(2, missing.exitCode());
        assertEquals(1, missing.errLines().size(), missing.err());
        assertTrue(missing.err().contains("nope.hlog: no such file"), missing.err());

        CliHarness usage = CliHarness.run("report", "combine", "x");
        assertEquals(2, usage.exitCode());
        assertTrue(usage.err().contains("expected 'merge OUT IN...'"), usage.err());
    }
}
