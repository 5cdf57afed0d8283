package dev.kpcload.run;

import dev.kpcload.client.Endpoints;
import dev.kpcload.client.SessionSettings;

import java.net.InetAddress;
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
 * @param sourceAddresses local addresses connections leave from, device {@code i} from {@code i mod size}; empty
 *                      for the kernel's choice
 */
public record RunConfig(List<InetSocketAddress> servers, double ratePerSecond, Duration duration,
                        double connectRatePerSecond, SessionSettings session, Duration grace,
                        Duration reportInterval, int ioThreads, List<InetAddress> sourceAddresses) {

    /** A run whose connections leave from the address the kernel chooses. */
    public RunConfig(List<InetSocketAddress> servers, double ratePerSecond, Duration duration,
                     double connectRatePerSecond, SessionSettings session, Duration grace, Duration reportInterval,
                     int ioThreads) {
        this(servers, ratePerSecond, duration, connectRatePerSecond, session, grace, reportInterval, ioThreads,
            List.of());
    }

    public RunConfig {
        servers = List.copyOf(servers);
        sourceAddresses = List.copyOf(sourceAddresses);
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

    public Endpoints endpoints() {
        return new Endpoints(servers, sourceAddresses);
    }
}
