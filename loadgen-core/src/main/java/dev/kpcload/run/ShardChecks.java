package dev.kpcload.run;

import dev.kpcload.InvalidInputException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks that the outputs given to {@code report merge} are the shards of one run: one run id, one shard count,
 * each index once, none missing. A missing shard is an error, not a warning: its share of the plan was never
 * offered (or never measured), so a verdict on the others would judge a lighter load than the one planned, and a
 * CI job would pass on it.
 */
final class ShardChecks {

    private ShardChecks() {
    }

    /** @return the shards in index order (shards whose summary does not say theirs last) and any warnings */
    static List<ShardOutput> check(List<ShardOutput> shards, List<String> warnings) {
        if (shards.isEmpty()) {
            throw new InvalidInputException("merge: no shards given");
        }
        Map<String, String> runIds = new LinkedHashMap<>();
        Map<Integer, String> counts = new LinkedHashMap<>();
        Map<Integer, String> indices = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (ShardOutput shard : shards) {
            if (shard.runId() != null) {
                runIds.putIfAbsent(shard.runId(), shard.label());
            }
            if (shard.shardCount() != null) {
                counts.putIfAbsent(shard.shardCount(), shard.label());
            }
            Integer index = shard.shardIndex();
            if (index == null) {
                unknown.add(shard.label());
                continue;
            }
            String other = indices.putIfAbsent(index, shard.label());
            if (other != null) {
                throw new InvalidInputException("merge: " + other + " and " + shard.label() + " are both shard "
                    + index + ": give each shard of the run once");
            }
        }
        if (runIds.size() > 1) {
            throw new InvalidInputException("merge: the shards are of different runs: " + describe(runIds)
                + " (the shards of one run share one --run-id)");
        }
        if (counts.size() > 1) {
            throw new InvalidInputException("merge: the shards disagree on how many shards the run had: "
                + describe(counts));
        }
        if (!unknown.isEmpty()) {
            warnings.add("cannot check that " + String.join(", ", unknown) + " belong"
                + (unknown.size() == 1 ? "s" : "")
                + " with the others: " + (unknown.size() == 1 ? "its summary does not" : "their summaries do not")
                + " say which shard it is");
        } else if (!counts.isEmpty()) {
            int count = counts.keySet().iterator().next();
            TreeSet<Integer> missing = new TreeSet<>();
            for (int i = 0; i < count; i++) {
                missing.add(i);
            }
            missing.removeAll(indices.keySet());
            if (!missing.isEmpty()) {
                throw new InvalidInputException("merge: shard" + (missing.size() == 1 ? " " : "s ")
                    + missing.stream().map(String::valueOf).collect(Collectors.joining(", ")) + " of " + count
                    + (missing.size() == 1 ? " is" : " are") + " missing (a verdict on part of the fleet would judge a"
                    + " lighter load than the run's): give every shard's output");
            }
            for (int index : indices.keySet()) {
                if (index >= count) {
                    throw new InvalidInputException("merge: " + indices.get(index) + " is shard " + index
                        + ", but the run had " + count + " shards");
                }
            }
        }
        List<ShardOutput> sorted = new ArrayList<>(shards);
        sorted.sort(Comparator.comparing(ShardOutput::shardIndex, Comparator.nullsLast(Comparator.naturalOrder())));
        return sorted;
    }

    private static String describe(Map<?, String> firstSeen) {
        return firstSeen.entrySet().stream().map(e -> e.getValue() + " says " + e.getKey())
            .collect(Collectors.joining(", "));
    }
}
