package dev.kpcload.compare;

import dev.kpcload.InvalidInputException;
import dev.kpcload.metrics.IntervalLog;
import dev.kpcload.metrics.LatencyRecorders;
import dev.kpcload.result.SummaryJson;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunOutputsReaderTest {

    private static final long T0 = 1_795_000_000_000L;

    @TempDir
    Path dir;

    /** An --out folder: summary.json and a run.hlog of two intervals with a kind and a warm-up tag. */
    private Path outFolder(String name) throws Exception {
        Path out = Files.createDirectories(dir.resolve(name));
        SummaryJson.write(new CompareFixtures.Run().summary(), out.resolve("summary.json"));
        writeLog(out.resolve("run.hlog"));
        return out;
    }

    private static void writeLog(Path file) {
        try (IntervalLog log = new IntervalLog(file, T0, "test")) {
            for (int i = 0; i < 2; i++) {
                log.write("status", interval(i, 100, 1_000_000));
                log.write("status.dcx-json", interval(i, 40, 2_000_000));
                log.write("warmup.status", interval(i, 7, 9_000_000));
            }
        }
    }

    private static Histogram interval(int i, int count, long nanos) {
        Histogram h = LatencyRecorders.newHistogram();
        h.setStartTimeStamp(T0 + i * 1000L);
        h.setEndTimeStamp(T0 + (i + 1) * 1000L);
        h.recordValueWithCount(nanos, count);
        return h;
    }

    @Test
    void anOutFolderIsReadWithItsIntervalLogWarmUpLeftOut() throws Exception {
        Path out = outFolder("a");
        ComparedRun run = RunOutputsReader.read(out, null, "BASE", "--base-hlog");
        assertEquals(out.toString(), run.label());
        assertEquals(out.resolve("run.hlog").toAbsolutePath(), run.hlog().toAbsolutePath());
        assertEquals(Set.of("status", "status.dcx-json"), run.histograms().keySet());
        assertEquals(200, run.histograms().get("status").getTotalCount(), "both intervals added up");
        assertEquals(80, run.histograms().get("status.dcx-json").getTotalCount());
        assertEquals(10_000, run.summary().messages().scheduled());
        assertTrue(run.hasHistograms());
    }

    @Test
    void aSummaryFileFindsTheLogBesideItOrGoesWithout() throws Exception {
        Path out = outFolder("b");
        ComparedRun beside = RunOutputsReader.read(out.resolve("summary.json"), null, "NEW", "--new-hlog");
        assertTrue(beside.hasHistograms());

        Path alone = Files.createDirectories(dir.resolve("alone")).resolve("run.json");
        Files.copy(out.resolve("summary.json"), alone);
        ComparedRun summaryOnly = RunOutputsReader.read(alone, null, "NEW", "--new-hlog");
        assertNull(summaryOnly.hlog());
        assertTrue(summaryOnly.histograms().isEmpty());

        ComparedRun given = RunOutputsReader.read(alone, out.resolve("run.hlog"), "NEW", "--new-hlog");
        assertEquals(200, given.histograms().get("status").getTotalCount());
    }

    @Test
    void anEmptyLogBesideASummaryIsAsGoodAsNone() throws Exception {
        Path out = outFolder("c");
        Files.writeString(out.resolve("run.hlog"), "");
        ComparedRun run = RunOutputsReader.read(out, null, "BASE", "--base-hlog");
        assertNull(run.hlog());
        assertTrue(run.histograms().isEmpty());
    }

    @Test
    void badPathsAreOneLineNamingThePathAndWhatWasExpected() throws Exception {
        Path missing = dir.resolve("nope");
        assertEquals("BASE " + missing + ": no such file or directory (expected a run's --out folder or its summary"
            + " JSON)", fail(missing, null));

        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals("BASE " + empty + ": no summary.json in this folder (expected a run's --out folder; a killed"
            + " run's summary is rebuilt by 'loadgen report html " + empty + "')", fail(empty, null));

        Path notJson = Files.writeString(dir.resolve("x.json"), "hello {");
        String message = fail(notJson, null);
        assertTrue(message.startsWith("BASE " + notJson + ": not a run summary JSON ("), message);
        assertTrue(!message.contains("\n"), message);

        Path otherJson = Files.writeString(dir.resolve("other.json"), "{\"outcome\": \"completed\"}");
        assertEquals("BASE " + otherJson + ": not a run summary JSON (it has no 'messages'; expected the"
            + " summary.json of a run's --out folder or its --json-out file)", fail(otherJson, null));

        Path out = outFolder("d");
        Path noLog = dir.resolve("no.hlog");
        assertEquals("--base-hlog " + noLog + ": no such file (expected a run's interval log, such as the run.hlog"
            + " of its --out folder)", fail(out, noLog));
        Path textLog = Files.writeString(dir.resolve("text.hlog"), "not a log\n");
        assertEquals("--base-hlog " + textLog + ": holds no interval histograms (expected an HdrHistogram interval"
            + " log, such as a run's run.hlog)", fail(out, textLog));
    }

    private static String fail(Path path, Path hlog) {
        return assertThrows(InvalidInputException.class, () -> RunOutputsReader.read(path, hlog, "BASE",
            "--base-hlog")).getMessage();
    }
}
