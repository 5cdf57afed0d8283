package dev.kpcload.run;

import dev.kpcload.client.Endpoints;
import dev.kpcload.client.SessionSettings;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * What one process's run does, once its fleet is known: its share of the plans, where it connects, how its
 * devices talk.
 *
 * @param servers       where devices connect, device {@code i} to server {@code i mod size}
 * @param load          this process's connect plan, message plan and events
 * @param grace         after the plan ends, how long to wait for messages still in flight
 * @param ioThreads     event loops (lanes)
 * @param sourceAddresses local addresses connections leave from, device {@code i} from {@code i mod size}; empty
 *                      for the kernel's choice
 * @param seed          the run's seed: Poisson arrivals, sample counts, DCX meters, reconnect jitter, storms
 */
public record RunConfig(List<InetSocketAddress> servers, LoadSpec load, SessionSettings session, Duration grace,
                        Duration reportInterval, int ioThreads, List<InetAddress> sourceAddresses, long seed) {

    /** A constant-rate run ({@code --rate}, {@code --duration}, {@code --connect-rate}). */
    public RunConfig(List<InetSocketAddress> servers, double ratePerSecond, Duration duration,
                     double connectRatePerSecond, SessionSettings session, Duration grace, Duration reportInterval,
                     int ioThreads, List<InetAddress> sourceAddresses) {
        this(servers, LoadSpec.constant(ratePerSecond, duration, connectRatePerSecond), session, grace,
            reportInterval, ioThreads, sourceAddresses, 1);
    }

    /** A constant-rate run whose connections leave from the address the kernel chooses. */
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
        if (ioThreads < 1) {
            throw new IllegalArgumentException("ioThreads must be at least 1");
        }
    }

    public RunConfig withLoad(LoadSpec newLoad) {
        return new RunConfig(servers, newLoad, session, grace, reportInterval, ioThreads, sourceAddresses, seed);
    }

    public RunConfig withServers(List<InetSocketAddress> newServers) {
        return new RunConfig(newServers, load, session, grace, reportInterval, ioThreads, sourceAddresses, seed);
    }

    /** The message plan's highest rate (its only rate when constant); 0 without a message plan. */
    public double ratePerSecond() {
        return load.publish().peakPerSecond();
    }

    /** How long the message plan lasts; null when it runs until stopped. */
    public Duration duration() {
        return load.publish().duration();
    }

    /** The connect rate (the highest, with connect stages). */
    public double connectRatePerSecond() {
        var connect = load.connect();
        return connect.profile() != null ? connect.profile().peakPerSecond() : connect.perSecond();
    }

    public Endpoints endpoints() {
        return new Endpoints(servers, sourceAddresses);
    }
}
