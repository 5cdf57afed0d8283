package dev.kpcload.run;

import dev.kpcload.client.SessionSettings;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * What a run does, once its fleet is known.
 *
 * @param servers       where devices connect, device {@code i} to server {@code i mod size}
 * @param duration      how long the message plan lasts; null to run until stopped
 * @param grace         after the plan ends, how long to wait for messages still in flight
 * @param ioThreads     event loops (lanes)
 */
public record RunConfig(List<InetSocketAddress> servers, double ratePerSecond, Duration duration,
                        double connectRatePerSecond, SessionSettings session, Duration grace,
                        Duration reportInterval, int ioThreads) {

    public RunConfig {
        servers = List.copyOf(servers);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("at least one server");
        }
        if (!(ratePerSecond > 0) || !(connectRatePerSecond > 0)) {
            throw new IllegalArgumentException("rates must be positive");
        }
        if (ioThreads < 1) {
            throw new IllegalArgumentException("ioThreads must be at least 1");
        }
    }
}
