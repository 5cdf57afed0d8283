package dev.kpcload.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kpcload.result.JournalLine;
import dev.kpcload.result.RunOutcome;
import dev.kpcload.result.RunSummary;
import dev.kpcload.result.SummaryJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run killed with SIGKILL mid-plan: its out folder still holds every whole interval, and the report is rebuilt. */
class KilledRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aKilledRunIsRebuiltFromItsLastWholeInterval() throws Exception {
        Path tokens = dir.resolve("tokens.csv");
        assertEquals(0, CliHarness.run("tokens", "--count", "300", "--seed", "3", "--out", tokens.toString())
            .exitCode());
        Path out = dir.resolve("out");
        Process run = JavaProcesses.start(dir.resolve("run.log"), "run", "--tokens", tokens.toString(), "--rate",
            "300/s", "--duration", "10m", "--report-interval", "200ms", "--out", out.toString());
        Path journal = out.resolve("intervals.jsonl");
        try {
            // killed once it has written a few intervals of publishing, whenever that is on a busy machine
            awaitPublishingLines(journal, 4, run);
        } finally {
            run.destroyForcibly(); // SIGKILL: no shutdown hook, no summary, nothing flushed late
            assertTrue(run.waitFor(30, TimeUnit.SECONDS));
        }
        assertFalse(Files.exists(out.resolve("summary.json")), "a killed run wrote no summary itself");
        List<JournalLine> lines = wholeLines(journal);
        for (JournalLine line : lines) {
            RunSummary.Messages m = line.summary().messages();
            assertTrue(m.balanced(), "every whole interval's books balance: " + m);
        }
        RunSummary last = lines.get(lines.size() - 1).summary();
        assertTrue(last.messages().scheduled() > 0, "it had published");

        CliHarness rebuilt = CliHarness.run("report", "html", out.toString());
        assertEquals(0, rebuilt.exitCode(), rebuilt.err());
        assertTrue(rebuilt.out().contains("the run did not finish"), rebuilt.out());
        RunSummary summary = SummaryJson.read(out.resolve("summary.json"));
        assertEquals(RunOutcome.INCOMPLETE, summary.outcome());
        assertEquals(last.messages(), summary.messages(), "the counts of the last interval written");
        assertEquals(last.devices(), summary.devices());
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("incomplete"), "the report says the run did not finish");
    }

    private static List<JournalLine> wholeLines(Path journal) throws Exception {
        List<JournalLine> lines = new ArrayList<>();
        for (String text : Files.readAllLines(journal)) {
            try {
                lines.add(JSON.readValue(text, JournalLine.class));
            } catch (java.io.IOException torn) {
                break; // the line the process died writing
            }
        }
        return lines;
    }

    private static void awaitPublishingLines(Path journal, int count, Process run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (Files.exists(journal)) {
                long publishing = Files.readAllLines(journal).stream().filter(l -> l.contains("\"phase\":\"publish\""))
                    .count();
                if (publishing >= count) {
                    return;
                }
            }
            assertTrue(run.isAlive(), "the run ended before it could be killed");
            Thread.sleep(100);
        }
        throw new AssertionError("no " + count + " publishing intervals in " + journal);
    }
}
