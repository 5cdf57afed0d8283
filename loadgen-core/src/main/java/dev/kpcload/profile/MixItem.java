package dev.kpcload.profile;

import dev.kpcload.kp.SampleCount;
import dev.kpcload.kp.MessageKind;
import dev.kpcload.Sourced;

/**
 * {@code {kind: dcx-json, weight: 3, samples: 5..20}}: {@code weight} of every {@code sum of weights} messages are
 * of this kind.
 *
 * @param weight  at least 1; null: 1
 * @param samples samples per DCX batch, {@code dcx-json} only; null: 1
 */
public record MixItem(Sourced<MessageKind> kind, Sourced<Integer> weight, Sourced<SampleCount> samples, String where) {

    public int weightOrOne() {
        return weight == null ? 1 : weight.value();
    }
}
