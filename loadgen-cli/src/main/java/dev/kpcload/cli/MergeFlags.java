package dev.kpcload.cli;

import com.beust.jcommander.Parameter;

import java.util.ArrayList;
import java.util.List;

/** The flags of {@code loadgen report merge --out DIR SHARD...}: one summary and one verdict for a sharded run. */
final class MergeFlags {

    @Parameter(names = "--out", description = "merge: the fleet's folder: summary.json, run.hlog, report.html of the"
        + " shards (their --out folders, or summary .json files each followed by its .hlog) together; compare: write "
        + CompareFlags.HTML_FILE + " and " + CompareFlags.JSON_FILE + " into this folder")
    String out;
    @Parameter(names = "--slo", description = "merge --out: judge the fleet on this SLO, repeatable (default: the"
        + " shards' own, which must agree)")
    List<String> slo = new ArrayList<>();
    @Parameter(names = "--junit", description = "merge --out: write the fleet's SLO verdict to this file as JUnit XML")
    String junit;

    boolean given() {
        return out != null || !slo.isEmpty() || junit != null;
    }
}
