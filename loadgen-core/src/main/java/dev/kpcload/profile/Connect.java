package dev.kpcload.profile;

import dev.kpcload.Sourced;

/**
 * The {@code connect:} section: the pace of new connections.
 *
 * @param shape    {@link Steady} (without duration), {@link Staged} or {@link AllAtOnce}; null: {@code --connect-rate}
 * @param arrivals null: uniform; never given with {@link AllAtOnce}
 */
public record Connect(ConnectShape shape, Sourced<Arrivals> arrivals) {
}
