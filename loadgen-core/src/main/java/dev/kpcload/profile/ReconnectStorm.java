package dev.kpcload.profile;

import dev.kpcload.Sourced;

import java.time.Duration;

/**
 * {@code {at: 30s, reconnect-storm: {share: 50%}}}: that share of the connected devices drop their connections at
 * once and reconnect (with the reconnect delay and its back-off).
 *
 * @param share a fraction in (0, 1]; null: all of them
 */
public record ReconnectStorm(Sourced<Duration> at, Sourced<Double> share, String where) implements Event {

    public double shareOrAll() {
        return share == null ? 1.0 : share.value();
    }
}
