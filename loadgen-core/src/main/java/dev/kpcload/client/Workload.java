package dev.kpcload.client;

import dev.kpcload.kp.MessageKind;
import dev.kpcload.kp.SplitMix64;

import java.util.List;

/**
 * What the devices of a run send: the kinds of the mix in their order (a message's kind is its index here), the
 * seed their DCX meters and sample counts are drawn from, and the offset that turns a {@link
 * dev.kpcload.plan.NanoClock} time into epoch time (DCX samples carry wall-clock timestamps).
 */
public record Workload(List<MixEntry> mix, long seed, long epochOffsetNanos) {

    /** The tutorial's one message, EPMX {@code update/keys}. */
    public static final Workload TUTORIAL = new Workload(List.of(MixEntry.of(MessageKind.EPMX_UPDATE_KEYS, 1)), 1,
        0);

    public Workload {
        mix = List.copyOf(mix);
        if (mix.isEmpty()) {
            throw new IllegalArgumentException("a workload needs at least one kind");
        }
    }

    /** Epoch time now, as an offset to add to the run clock's nanoseconds. */
    public static long epochOffsetNanos(long clockNanos) {
        return System.currentTimeMillis() * 1_000_000L - clockNanos;
    }

    /**
     * The seed of one meter's DCX readings and sample counts: the run's seed and the meter's token mixed, so that a
     * meter reads the same in every shard layout and run with the seed, and meters differ from each other.
     */
    public static long meterSeed(long runSeed, String token) {
        return SplitMix64.mix(runSeed ^ token.hashCode() * 0x9E3779B97F4A7C15L);
    }

    public int kinds() {
        return mix.size();
    }
}
