package dev.kpcload.cli;

import dev.kpcload.InvalidInputException;
import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.LatencyStats;
import dev.kpcload.result.RunSummary;
import dev.kpcload.run.ShardMerge;
import dev.kpcload.run.ShardOutput;
import dev.kpcload.run.SummaryPrinter;
import dev.kpcload.slo.Slo;
import dev.kpcload.slo.SloParser;
import dev.kpcload.slo.SloVerdict;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code loadgen report merge --out DIR SHARD...}: reads the shards' outputs, prints a line per shard and the fleet's
 * summary with its SLO verdict, and exits as {@code loadgen run} would have for the whole fleet (0, 99 broken, 98 a
 * shard aborted by an SLO, 3 a shard connected no device, 2 bad input).
 */
final class FleetMerge {

    private final PrintStream out;

    FleetMerge(PrintStream out) {
        this.out = out;
    }

    /** Whether {@code report merge} was given the new form: its flags, or a shard's folder. */
    static boolean wanted(MergeFlags flags, List<String> inputs) {
        return flags.given() || inputs.stream().anyMatch(i -> Files.isDirectory(Path.of(i)));
    }

    int call(MergeFlags flags, List<String> inputs) {
        if (flags.out == null) {
            throw new InvalidInputException("merge: the shards' folders need --out DIR, where the fleet's summary"
                + " goes: 'report merge --out DIR SHARD...' (or 'merge OUT.hlog IN.hlog...' for interval logs alone)");
        }
        if (inputs.isEmpty()) {
            throw new InvalidInputException("merge --out " + flags.out + ": no shards given: expected their --out"
                + " folders, or summary .json files each followed by its .hlog");
        }
        Path dir = Path.of(flags.out);
        List<ShardOutput> shards = read(inputs, dir);
        List<Slo> slos = flags.slo.stream().map(text -> SloParser.parse(text, "--slo")).toList();
        ShardMerge.Result result = ShardMerge.merge(shards, new ShardMerge.Options(dir, slos,
            flags.junit == null ? null : Path.of(flags.junit)));
        RunSummary fleet = result.fleet();
        Object runId = fleet.config().get("runId");
        out.printf(Locale.ROOT, "report merge: %d shard%s%s%n", result.shards().size(),
            result.shards().size() == 1 ? "" : "s", runId == null ? "" : " of run " + runId);
        result.shards().forEach(shard -> out.println(shardLine(shard)));
        result.warnings().forEach(w -> out.println("warning: " + w));
        SummaryPrinter.print(fleet, out);
        int count = result.shards().size();
        out.println("fleet of " + count + (count == 1 ? " shard, " : " shards, ") + result.intervals()
            + " report intervals; written: " + result.written().stream().map(Path::toString)
            .collect(Collectors.joining(", ")));
        return ExitCodes.of(fleet);
    }

    /** Each input: a folder, or a summary file followed by its interval log. */
    private static List<ShardOutput> read(List<String> inputs, Path dir) {
        List<ShardOutput> shards = new ArrayList<>();
        Path target = dir.toAbsolutePath().normalize();
        for (int i = 0; i < inputs.size(); i++) {
            Path input = Path.of(inputs.get(i));
            if (input.toAbsolutePath().normalize().equals(target)) {
                throw new InvalidInputException("merge: --out " + dir + " is also a shard");
            }
            if (Files.isDirectory(input)) {
                shards.add(ShardOutput.fromDir(input));
                continue;
            }
            if (!Files.exists(input)) {
                throw new InvalidInputException("merge: " + input + ": no such file or directory");
            }
            String next = i + 1 < inputs.size() ? inputs.get(i + 1) : null;
            if (!input.toString().endsWith(".json") || next == null || !next.endsWith(".hlog")) {
                throw new InvalidInputException("merge: " + input + ": expected a shard's --out folder, or its summary"
                    + " (.json) followed by its interval log (.hlog)");
            }
            shards.add(ShardOutput.fromFiles(input, Path.of(next)));
            i++;
        }
        return shards;
    }

    private static String shardLine(ShardOutput shard) {
        RunSummary s = shard.summary();
        var m = s.messages();
        LatencyStats status = s.latencies().get(LatencyKind.STATUS.tag());
        boolean replies = status != null && status.count() > 0;
        LatencyStats reply = replies ? status : s.latencies().get(LatencyKind.PUBACK.tag());
        return String.format(Locale.ROOT, "shard %-4s %s: %s, %d/%d devices connected, %d scheduled, %d confirmed,"
                + " %d failed, %d timed out, %d dropped%s%s", shard.shardIndex() == null ? "?" : shard.shardIndex(),
            shard.label(), s.outcome(), s.devices().connected(), s.devices().targeted(), m.scheduled(), m.confirmed(),
            m.failed(), m.timedOut(), m.dropped(), reply == null || reply.count() == 0 ? ""
                : String.format(Locale.ROOT, ", %s p99 %.3f ms", replies ? "status" : "puback", reply.p99()),
            verdict(s.slo()));
    }

    private static String verdict(SloVerdict slo) {
        if (slo == null || slo.results().isEmpty()) {
            return "";
        }
        if (slo.aborted()) {
            return "; aborted by SLO '" + slo.abortedBy() + "'";
        }
        return slo.passed() ? "; its SLOs met" : "; " + slo.failures().size() + " of " + slo.results().size()
            + " of its SLOs broken";
    }
}
