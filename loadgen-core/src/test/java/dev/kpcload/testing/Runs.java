package dev.kpcload.testing;

import dev.kpcload.client.MixEntry;
import dev.kpcload.client.ReconnectBackoff;
import dev.kpcload.client.SessionSettings;
import dev.kpcload.fleet.Device;
import dev.kpcload.plan.RateProfile;
import dev.kpcload.result.RunSummary;
import dev.kpcload.run.LoadRun;
import dev.kpcload.run.LoadSpec;
import dev.kpcload.run.RunConfig;
import dev.kpcload.run.RunControl;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/** Builds load specs for end-to-end tests and carries out a {@link LoadRun}, keeping what it printed. */
public final class Runs {

    private Runs() {
    }

    /** A finished run: its summary, the run itself (timeline, totals) and its progress output. */
    public record Result(RunSummary summary, LoadRun run, String log) {
    }

    public static Result execute(List<Device> devices, RunConfig config) throws InterruptedException {
        return execute(devices, config, run -> { });
    }

    /** @param beforeStart attaches listeners to the run before it starts */
    public static Result execute(List<Device> devices, RunConfig config, Consumer<LoadRun> beforeStart)
        throws InterruptedException {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        LoadRun run = new LoadRun(devices, config, new RunControl(), new PrintStream(log, true, StandardCharsets.UTF_8));
        beforeStart.accept(run);
        RunSummary summary = run.execute();
        return new Result(summary, run, log.toString(StandardCharsets.UTF_8));
    }

    /** A staged message plan of {@code mix}, devices connecting at {@code connectPerSecond}, with these storms. */
    public static LoadSpec staged(RateProfile profile, List<MixEntry> mix, double connectPerSecond,
                                  List<LoadSpec.StormSpec> storms) {
        return new LoadSpec(new LoadSpec.PublishSpec(profile, 0, false, mix),
            LoadSpec.ConnectSpec.constant(connectPerSecond), storms);
    }

    /** The same settings, reconnecting lost devices after {@code first} (doubling up to {@code max}), jittered. */
    public static SessionSettings reconnecting(SessionSettings s, long firstNanos, long maxNanos) {
        return new SessionSettings(s.appVersion(), s.epmxInstance(), s.confirm(), s.qos(), s.inflight(),
            s.backlogPolicy(), s.maxBacklog(), s.responseTimeoutNanos(), s.keepaliveSeconds(), s.connectTimeoutNanos(),
            new ReconnectBackoff(firstNanos, maxNanos));
    }

    /** A run config like {@link RunConfigs#run} with the given load and seed. */
    public static RunConfig config(int port, LoadSpec load, SessionSettings session, long seed) {
        RunConfig base = RunConfigs.run(port, 1, java.time.Duration.ofSeconds(1), 1, session);
        return new RunConfig(base.servers(), load, session, base.grace(), base.reportInterval(), base.ioThreads(),
            base.sourceAddresses(), seed);
    }
}
