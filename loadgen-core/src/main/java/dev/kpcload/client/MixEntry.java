package dev.kpcload.client;

import dev.kpcload.kp.MessageKind;
import dev.kpcload.kp.SampleCount;

/**
 * One kind of a run's message mix: {@code weight} of every {@code sum of weights} messages are of this kind.
 *
 * @param samples samples per DCX batch ({@code dcx-json}); 1 for the other kinds
 */
public record MixEntry(MessageKind kind, int weight, SampleCount samples) {

    public MixEntry {
        if (weight < 1) {
            throw new IllegalArgumentException("weight must be at least 1");
        }
    }

    public static MixEntry of(MessageKind kind, int weight) {
        return new MixEntry(kind, weight, SampleCount.fixed(1));
    }
}
