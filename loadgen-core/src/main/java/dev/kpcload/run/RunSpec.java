package dev.kpcload.run;

import dev.kpcload.tls.TlsResumption;
import dev.kpcload.tls.TlsSettings;
import dev.kpcload.client.SessionSettings;
import dev.kpcload.fleet.FleetOptions;
import dev.kpcload.slo.Slo;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything a run is, checked, before anything connects: what flags and a profile both produce and
 * {@link RunLauncher} carries out. Rates here are the whole run's; a shard runs its share of them.
 *
 * @param tokens         the token file
 * @param tokensLabel    the token file as the user named it, for messages and the summary
 * @param fleet          what the token file may leave out, and how much of it to use
 * @param seedGiven      whether the seed was chosen by the user (else it is random, and printed)
 * @param servers        where devices connect; null for the embedded simulator
 * @param bind           local source addresses; null to choose (loopback servers: 127.0.0.2 to .9)
 * @param load           the connect plan, the message plan and its events, for the whole run
 * @param profile        the profile's file as given, or null
 * @param simResponseDelay the embedded simulator's reply delay
 * @param metricsLinger  how long {@code /metrics} keeps serving after the run
 * @param slos           the run's service level objectives (the flags', else the profile's)
 * @param junit          where the SLO verdict goes as JUnit XML, or null
 * @param tls            TLS to the servers (or to the embedded simulator), or {@link TlsSettings#disabled()}
 * @param tlsResumption  which TLS sessions a connection may resume
 * @param sendOutOfDateClientCerts send expired or not-yet-valid client certificates (a warning, not an error)
 * @param start          when the plans begin on the wall clock ({@code --start-at}), or null for as soon as ready
 */
public record RunSpec(Path tokens, String tokensLabel, FleetOptions fleet, boolean seedGiven,
                      List<InetSocketAddress> servers, List<InetAddress> bind, LoadSpec load,
                      SessionSettings session, Duration grace, Duration reportInterval, int ioThreads,
                      Duration simResponseDelay, RunOutputs outputs, Duration metricsLinger, ShardSpec shards,
                      String profile, List<Slo> slos, Path junit, TlsSettings tls,
                      TlsResumption tlsResumption, boolean sendOutOfDateClientCerts, StartSpec start) {

    public RunSpec {
        slos = slos == null ? List.of() : List.copyOf(slos);
        tls = tls == null ? TlsSettings.disabled() : tls;
        tlsResumption = tlsResumption == null ? TlsResumption.DEVICE : tlsResumption;
    }

    /** This run without SLOs judged by the run itself (the capacity search judges them per step). */
    public RunSpec withoutSlos() {
        return new RunSpec(tokens, tokensLabel, fleet, seedGiven, servers, bind, load, session, grace, reportInterval,
            ioThreads, simResponseDelay, outputs, metricsLinger, shards, profile, List.of(), null, tls,
            tlsResumption, sendOutOfDateClientCerts, start);
    }

    /**
     * A start time on the wall clock.
     *
     * @param grace      how late after it the process may be ready and still run
     * @param graceWhere where the grace was given (or its default's key)
     */
    public record StartSpec(StartAt at, Duration grace, String graceWhere) {
    }

    /** This process's part of a run split over {@code count} processes. */
    public record ShardSpec(int count, int index, String countWhere, String indexWhere) {
    }
}
