package dev.kpcload.profile;

import dev.kpcload.Sourced;
import dev.kpcload.client.ConfirmMode;

import java.time.Duration;

/**
 * The session settings a profile may fix, each overridden by the flag of the same name ({@code --confirm},
 * {@code --qos}, ...). Each is null when the profile leaves it to the flag's default. Checks between two of them
 * (QoS against the confirm mode, the reconnect delays against each other) wait until flags are merged in.
 *
 * @param qos       0 or 1
 * @param inflight  1 to 65535
 * @param keepalive whole seconds, 0 to 65535 (0: off)
 * @param grace     0 allowed
 * @param reconnectDelay 0 allowed (never reconnect)
 */
public record Session(Sourced<ConfirmMode> confirm, Sourced<Integer> qos, Sourced<Integer> inflight,
                      Sourced<Duration> keepalive, Sourced<Duration> responseTimeout, Sourced<Duration> grace,
                      Sourced<Duration> reportInterval, Sourced<String> appVersion,
                      Sourced<Duration> connectTimeout, Sourced<Duration> reconnectDelay,
                      Sourced<Duration> reconnectMaxDelay, Sourced<Duration> timerSlack) {
}
