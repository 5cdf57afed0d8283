package dev.kpcload.fleet;

import dev.kpcload.InvalidInputException;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a fleet over {@code N} processes: shard {@code I} takes devices {@code I, I+N, I+2N, ...} (re-indexed
 * from 0), and runs 1/N of the rate, so that N shards together make exactly one run. The whole fleet is built
 * first, with one seed, so that generated MACs stay unique across shards.
 */
public final class Shards {

    private Shards() {
    }

    public static List<Device> select(List<Device> fleet, int shards, int index) {
        return select(fleet, shards, index, "shards", "shard-index");
    }

    /** As {@link #select(List, int, int)}; problems name where the shard count and index came from. */
    public static List<Device> select(List<Device> fleet, int shards, int index, String shardsWhere,
                                      String indexWhere) {
        if (shards < 1) {
            throw new InvalidInputException(shardsWhere + ": expected 1 or more, got " + shards);
        }
        if (index < 0 || index >= shards) {
            throw new InvalidInputException(indexWhere + " " + index + ": expected 0 to " + (shards - 1)
                + " for " + shardsWhere + " " + shards);
        }
        if (fleet.size() < shards) {
            throw new InvalidInputException(shardsWhere + " " + shards + ": more shards than the " + fleet.size()
                + " devices");
        }
        List<Device> mine = new ArrayList<>();
        for (int i = index; i < fleet.size(); i += shards) {
            Device d = fleet.get(i);
            mine.add(new Device(mine.size(), d.token(), d.clientId(), d.username(), d.password(), d.mac(), d.model()));
        }
        return List.copyOf(mine);
    }
}
