package dev.kpcload.profile;

import dev.kpcload.Sourced;

import java.time.Duration;

/** Something that happens once during the message plan, {@code at} after its start. */
public sealed interface Event permits ReconnectStorm {

    Sourced<Duration> at();

    String where();
}
