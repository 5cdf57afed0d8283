package dev.kpcload.run;

import dev.kpcload.InvalidInputException;
import dev.kpcload.metrics.HlogMerge;
import dev.kpcload.result.RunOutcome;
import dev.kpcload.result.RunSummary;
import dev.kpcload.result.SummaryJson;
import dev.kpcload.slo.SloOutcome;
import dev.kpcload.slo.SloParser;
import dev.kpcload.slo.SloResult;
import dev.kpcload.testing.ShardFixture;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One verdict for a sharded run, from hand-made shard outputs. */
class ShardMergeTest {

    private static final String WHOLE = "p99(status) < 5ms";
    private static final String SUSTAINED = "p99(status) < 5ms for 2s";
    private static final String ERRORS = "error_ratio < 1%";
    private static final String ACHIEVED = "achieved_ratio >= 99% for 2s";

    @TempDir
    Path dir;

    /** Shard 0 answers in 1 ms throughout; shard 1 in 1 ms but for intervals 2 and 3, in 8 ms. */
    private ShardFixture fast() {
        return new ShardFixture(0, 2, "m").intervals(5, 100, 1000).slos(WHOLE, SUSTAINED);
    }

    private ShardFixture slowInTheMiddle() {
        return new ShardFixture(1, 2, "m").startingAt(1_795_000_002_000L).intervals(2, 100, 1000)
            .intervals(2, 100, 8000).intervals(1, 100, 1000).slos(SUSTAINED, WHOLE);
    }

    private ShardMerge.Options options(String... slos) {
        return new ShardMerge.Options(dir.resolve("fleet"), Stream.of(slos).map(s -> SloParser.parse(s, "--slo"))
            .toList(), null);
    }

    private List<ShardOutput> write(ShardFixture... fixtures) {
        return Stream.of(fixtures).map(f -> ShardOutput.fromDir(f.writeTo(dir.resolve("shard" + System.nanoTime()))))
            .toList();
    }

    private static SloResult result(RunSummary fleet, String slo) {
        return fleet.slo().results().stream().filter(r -> r.slo().equals(slo)).findFirst().orElseThrow();
    }

    @Test
    void theVerdictIsOnTheMergedHistogramsNotOnTheShardsPercentiles() throws Exception {
        ShardFixture a = fast();
        ShardFixture b = slowInTheMiddle();
        List<ShardOutput> shards = write(b, a);
        ShardMerge.Result merged = ShardMerge.merge(shards, options(WHOLE, SUSTAINED, ERRORS, ACHIEVED));
        RunSummary fleet = merged.fleet();

        assertEquals(0, merged.shards().get(0).shardIndex(), "in shard order");
        assertEquals(1000, fleet.messages().scheduled());
        Histogram union = a.status();
        union.add(b.status());
        assertEquals(union.getValueAtPercentile(99) / 1e6, fleet.latencies().get("status").p99());
        double meanOfShards = (a.status().getValueAtPercentile(99) + b.status().getValueAtPercentile(99)) / 2e6;
        assertTrue(meanOfShards < 5, "averaged, the shards' p99s would pass: " + meanOfShards);
        assertEquals(SloOutcome.FAIL, result(fleet, WHOLE).outcome());
        assertEquals(union.getValueAtPercentile(99) / 1e6, result(fleet, WHOLE).value());

        // intervals 2 and 3 (seconds 2 to 4) of the fleet break it, whatever the shards' wall clocks said
        SloResult sustained = result(fleet, SUSTAINED);
        assertEquals(SloOutcome.FAIL, sustained.outcome());
        assertEquals(2.0, sustained.firstBrokenAtSeconds());
        assertEquals(SloOutcome.PASS, result(fleet, ERRORS).outcome());
        assertEquals(SloOutcome.PASS, result(fleet, ACHIEVED).outcome(), result(fleet, ACHIEVED).toString());
        assertEquals(1.0, result(fleet, ACHIEVED).value(), 1e-9, "planned: the rate over the measured time");
        assertFalse(fleet.slo().passed());
        assertNull(fleet.slo().abortedBy());
        assertEquals(5, merged.intervals());
        assertTrue(merged.warnings().isEmpty(), merged.warnings().toString());

        Path out = dir.resolve("fleet");
        RunSummary written = SummaryJson.read(out.resolve("summary.json"));
        assertEquals(fleet.messages(), written.messages());
        assertEquals(fleet.slo(), written.slo());
        assertEquals("m", written.config().get("runId"));
        Map<String, Histogram> log = HlogMerge.merge(List.of(out.resolve("run.hlog")), dir.resolve("again.hlog"));
        assertEquals(union, log.get("status"));
        assertTrue(Files.readString(out.resolve("report.html")).contains(SUSTAINED.replace("<", "&lt;")));
        assertTrue(Files.isRegularFile(out.resolve("status.hgrm")));
    }

    @Test
    void withoutSlosGivenTheShardsOwnAreJudged() {
        ShardMerge.Result merged = ShardMerge.merge(write(fast(), slowInTheMiddle()), options());
        assertEquals(List.of(WHOLE, SUSTAINED), merged.fleet().slo().results().stream().map(SloResult::slo).toList());
        assertEquals("--slo", merged.fleet().slo().results().get(0).where());
        assertFalse(merged.fleet().slo().passed());
    }

    @Test
    void aFleetWithoutSlosHasNoVerdict() {
        ShardMerge.Result merged = ShardMerge.merge(write(new ShardFixture(0, 2, "n").intervals(2, 10, 500),
            new ShardFixture(1, 2, "n").intervals(2, 10, 500)), options());
        assertNull(merged.fleet().slo());
        assertEquals(RunOutcome.COMPLETED, merged.fleet().outcome());
    }

    @Test
    void shardsJudgedOnDifferentSlosNeedTheFleetsGiven() {
        List<ShardOutput> shards = write(fast(), new ShardFixture(1, 2, "m").intervals(5, 100, 1000).slos(WHOLE, ERRORS));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ShardMerge.merge(shards, options()));
        assertTrue(e.getMessage().contains("has '" + ERRORS + "' and lacks '" + SUSTAINED + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("--slo"), e.getMessage());
        assertNotNull(ShardMerge.merge(shards, options(ERRORS)).fleet().slo());
    }

    @Test
    void aShardsAbortIsTheFleets() {
        String abort = "p99(status) < 5ms for 2s abort";
        ShardMerge.Result merged = ShardMerge.merge(write(fast(), slowInTheMiddle().abortedBy(abort)),
            options(abort, ERRORS));
        assertEquals(RunOutcome.ABORTED, merged.fleet().outcome());
        assertEquals(abort, merged.fleet().slo().abortedBy());
        assertTrue(result(merged.fleet(), abort).aborted());
    }

    @Test
    void anAbortSloTheFleetBrokeButNoShardDidIsBrokenNotAborting() {
        String abort = "p99(status) < 5ms for 2s abort";
        ShardMerge.Result merged = ShardMerge.merge(write(fast(), slowInTheMiddle()), options(abort));
        assertEquals(RunOutcome.COMPLETED, merged.fleet().outcome());
        assertNull(merged.fleet().slo().abortedBy());
        assertEquals(SloOutcome.FAIL, result(merged.fleet(), abort).outcome());
        assertFalse(result(merged.fleet(), abort).aborted());
    }

    @Test
    void aKilledShardsJournalStillCounts() {
        ShardMerge.Result merged = ShardMerge.merge(write(fast(), slowInTheMiddle().killed()), options(ERRORS));
        assertEquals(RunOutcome.INCOMPLETE, merged.fleet().outcome());
        assertEquals(1000, merged.fleet().messages().scheduled());
        assertEquals(SloOutcome.PASS, result(merged.fleet(), ERRORS).outcome());
    }

    @Test
    void summaryFilesWithTheirLogsHaveNoIntervals() throws Exception {
        Path a = fast().writeTo(dir.resolve("a"));
        Path b = slowInTheMiddle().writeTo(dir.resolve("b"));
        List<ShardOutput> shards = List.of(
            ShardOutput.fromFiles(a.resolve("summary.json"), a.resolve("run.hlog")),
            ShardOutput.fromFiles(b.resolve("summary.json"), b.resolve("run.hlog")));
        ShardMerge.Result merged = ShardMerge.merge(shards, options(WHOLE, SUSTAINED));
        assertEquals(SloOutcome.FAIL, result(merged.fleet(), WHOLE).outcome());
        assertEquals(SloOutcome.NO_DATA, result(merged.fleet(), SUSTAINED).outcome());
        assertEquals(1, merged.warnings().size());
        assertTrue(merged.warnings().get(0).contains("sustained SLOs cannot be judged"), merged.warnings().get(0));
        assertEquals(0, merged.intervals());
    }

    @Test
    void shardsThatDoNotBelongTogetherAreRefusedInOneLine() {
        assertRefused("are of different runs", new ShardFixture(0, 2, "x").intervals(1, 1, 100),
            new ShardFixture(1, 2, "y").intervals(1, 1, 100));
        assertRefused("are both shard 0", new ShardFixture(0, 2, "x").intervals(1, 1, 100),
            new ShardFixture(0, 2, "x").intervals(1, 1, 100));
        assertRefused("disagree on how many shards", new ShardFixture(0, 2, "x").intervals(1, 1, 100),
            new ShardFixture(1, 3, "x").intervals(1, 1, 100));
        assertRefused("shard 1 of 2 is missing", new ShardFixture(0, 2, "x").intervals(1, 1, 100));
        assertRefused("shards 1, 2 of 3 are missing", new ShardFixture(0, 3, "x").intervals(1, 1, 100));
    }

    private void assertRefused(String expected, ShardFixture... fixtures) {
        List<ShardOutput> shards = write(fixtures);
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> ShardMerge.merge(shards, options()));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
