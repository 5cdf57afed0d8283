package dev.kpcload.run;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The report-interval grid the shards of a merge share: with {@code --start-at} each shard cut its intervals at
 * {@code startAt + k x reportInterval} ({@link IntervalGrid}), so the fleet's interval {@code i} is every shard's
 * interval of grid index {@code i}; a shard that started late (and skipped the first indices) is lined up by its
 * first interval's end. Read from the summaries' {@code config.startAt} and {@code config.reportIntervalSeconds}.
 *
 * @param startAt         the shards' start time
 * @param intervalSeconds their report interval
 */
record ShardGrid(Instant startAt, double intervalSeconds) {

    /**
     * The grid the shards agree on, or null (then the merge lines the shards' intervals up by their own index, as
     * for shards started by hand), with one warning line when they are anchored but not on one grid.
     */
    static ShardGrid common(List<ShardOutput> shards, List<String> warnings) {
        List<ShardGrid> grids = new ArrayList<>();
        for (ShardOutput shard : shards) {
            grids.add(of(shard));
        }
        if (grids.stream().allMatch(Objects::isNull)) {
            return null;
        }
        ShardGrid first = grids.get(0);
        for (int s = 0; s < shards.size(); s++) {
            ShardGrid own = grids.get(s);
            if (own == null || !own.equals(first)) {
                warnings.add("the shards' report intervals are not on one grid: " + shards.get(0).label() + " "
                    + describe(first) + ", " + shards.get(s).label() + " " + describe(own)
                    + ": the fleet's intervals add each shard's by its own index, which may be different moments"
                    + " (give every shard the same --start-at and --report-interval)");
                return null;
            }
        }
        return first;
    }

    /** A shard's grid, or null when it was not anchored (or its summary predates {@code reportIntervalSeconds}). */
    static ShardGrid of(ShardOutput shard) {
        var config = shard.summary().config();
        if (config == null || !(config.get("startAt") instanceof String at)
            || !(config.get("reportIntervalSeconds") instanceof Number interval) || interval.doubleValue() <= 0) {
            return null;
        }
        try {
            return new ShardGrid(Instant.parse(at), interval.doubleValue());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The grid index of a shard's first interval, the one ending {@code firstEndSeconds} after its run started
     * ({@link ShardOutput#startMillis()}): how many fleet intervals it missed.
     */
    int firstIndex(ShardOutput shard, double firstEndSeconds) {
        double endMillis = shard.startMillis() + firstEndSeconds * 1000;
        double fromStart = endMillis - startAt.toEpochMilli();
        return (int) Math.max(0, Math.round(fromStart / (intervalSeconds * 1000)) - 1);
    }

    private static String describe(ShardGrid grid) {
        return grid == null ? "(no --start-at)" : "(start " + grid.startAt + ", every " + grid.intervalSeconds + " s)";
    }
}
