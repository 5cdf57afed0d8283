package dev.kpcload.profile;

import dev.kpcload.Sourced;

import java.util.List;

/**
 * The {@code publish:} section: the message plan.
 *
 * @param shape    {@link Steady}, {@link Staged} or {@link NoMessages}; null: {@code --rate} and {@code --duration}
 * @param arrivals null: uniform
 * @param mix      kinds and weights in file order, each kind at most once; empty: {@code epmx-update-keys} alone
 */
public record Publish(PublishShape shape, Sourced<Arrivals> arrivals, List<MixItem> mix) {

    public Publish {
        mix = List.copyOf(mix);
    }
}
