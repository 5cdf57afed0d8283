package dev.kpcload.sim;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The DCX data the simulator holds, per endpoint token: a {@link DcxSeries} each, replaced as a whole on every
 * batch (records are immutable), so a test may read while event loops write.
 */
public final class DcxStore {

    private final ConcurrentHashMap<String, DcxSeries> byToken = new ConcurrentHashMap<>();

    /** The token's series; empty when the endpoint never sent an accepted DCX request. */
    public Optional<DcxSeries> get(String token) {
        return Optional.ofNullable(byToken.get(token));
    }

    /** Endpoints that sent DCX data. */
    public int size() {
        return byToken.size();
    }

    /** Forgets everything. */
    public void clear() {
        byToken.clear();
    }

    /** Adds a batch to the token's series; returns the energy decreases it brought (for the counters). */
    long add(String token, DcxSeries.Batch batch) {
        long[] before = new long[1];
        DcxSeries after = byToken.compute(token, (t, old) -> {
            DcxSeries base = old == null ? DcxSeries.NONE : old;
            before[0] = base.energyDecreases();
            return base.plus(batch);
        });
        return after.energyDecreases() - before[0];
    }
}
