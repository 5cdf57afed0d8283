package dev.kpcload.run;

import dev.kpcload.InvalidInputException;
import dev.kpcload.Sourced;
import dev.kpcload.client.BacklogPolicy;
import dev.kpcload.client.ConfirmMode;
import dev.kpcload.client.ReconnectBackoff;
import dev.kpcload.client.SessionSettings;
import dev.kpcload.fleet.FleetOptions;
import dev.kpcload.kp.KpTopics;
import dev.kpcload.plan.DurationParser;
import dev.kpcload.profile.Profile;
import dev.kpcload.slo.Slo;
import dev.kpcload.slo.SloParser;
import dev.kpcload.tls.ClientIdentity;
import dev.kpcload.tls.TlsGroup;
import dev.kpcload.tls.TlsProvider;
import dev.kpcload.tls.TlsResumption;
import dev.kpcload.tls.TlsSettings;
import dev.kpcload.tls.TlsVersion;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Turns raw {@link Settings} into a checked {@link RunSpec}. Every problem is one line that names where the value
 * came from; nothing here connects or opens a file.
 */
public final class RunSpecReader {

    private final Settings s;
    private final Profile profile;

    private RunSpecReader(Settings settings, Profile profile) {
        this.s = settings;
        this.profile = profile;
    }

    /**
     * @param runIdIfAbsent the run ID to use when none is given (the caller generates one)
     * @param shardFromEnvironment the shard index from the environment (a Kubernetes Indexed Job's
     *                             {@code JOB_COMPLETION_INDEX}), or null
     */
    public static RunSpec read(Settings settings, String runIdIfAbsent, Sourced<String> shardFromEnvironment) {
        return read(settings, null, runIdIfAbsent, shardFromEnvironment);
    }

    /**
     * A run from a profile and the flags that override it.
     *
     * @param flags   the settings given on the command line
     * @param profile the profile, or null
     */
    public static RunSpec read(Settings flags, Profile profile, String runIdIfAbsent,
                               Sourced<String> shardFromEnvironment) {
        Settings merged = profile == null ? flags : ProfileSettings.of(profile).overriddenBy(flags);
        return new RunSpecReader(merged, profile).read(runIdIfAbsent, shardFromEnvironment);
    }

    private RunSpec read(String runIdIfAbsent, Sourced<String> shardFromEnvironment) {
        // a malformed objective is the cheapest mistake to find: before the token file is even looked for
        List<Slo> slos = SloParser.parseAll(s.slos());
        StartAt startAt = s.given(Setting.START_AT) ? StartAt.parse(text(Setting.START_AT), where(Setting.START_AT))
            : null;
        if (startAt == null && s.given(Setting.START_GRACE)) {
            throw new InvalidInputException(where(Setting.START_GRACE) + ": is how late a shard may be for its start"
                + " time, but no start-at is given");
        }
        Sourced<String> tokens = require(Setting.TOKENS);
        TlsSettings tls = tls();
        List<InetSocketAddress> servers = s.given(Setting.SERVER)
            ? Values.servers(text(Setting.SERVER), where(Setting.SERVER), tls.enabled() ? TLS_PORT : -1) : null;
        SessionSettings session = session();
        RunSpec.ShardSpec shards = shards(shardFromEnvironment);
        boolean seedGiven = s.given(Setting.SEED);
        long seed = seedGiven ? Values.seed(text(Setting.SEED), where(Setting.SEED))
            : ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        FleetOptions fleet = new FleetOptions(text(Setting.MODEL), text(Setting.USERNAME), text(Setting.PASSWORD),
            seed, deviceLimit(), tokens.value(), where(Setting.DEVICES));
        LoadSpec load = LoadSpecReader.read(s, profile, session.confirm(), session.reconnect().enabled());
        SloChecks.check(slos, session, load.publish().mix());
        List<InetAddress> bind = s.given(Setting.BIND)
            ? Values.sourceAddresses(text(Setting.BIND), where(Setting.BIND)) : null;
        return new RunSpec(Path.of(tokens.value()), tokens.value(), fleet, seedGiven, servers, bind, load, session,
            duration(Setting.GRACE, true), duration(Setting.REPORT_INTERVAL, false),
            intSetting(Setting.IO_THREADS, 1, 1024), duration(Setting.SIM_RESPONSE_DELAY, true),
            outputs(runIdIfAbsent, shards.index()), duration(Setting.METRICS_LINGER, true), shards,
            profile == null ? null : profile.source(), slos, path(Setting.JUNIT), tls,
            Values.choice(text(Setting.TLS_RESUMPTION), where(Setting.TLS_RESUMPTION), TlsResumption.class),
            Values.bool(text(Setting.ALLOW_EXPIRED_CLIENT_CERTS), where(Setting.ALLOW_EXPIRED_CLIENT_CERTS)),
            startAt == null ? null
                : new RunSpec.StartSpec(startAt, duration(Setting.START_GRACE, true), where(Setting.START_GRACE)));
    }

    /** MQTT over TLS: the port a server given without one gets. */
    static final int TLS_PORT = 8883;

    private static final List<Setting> NEED_TLS = List.of(Setting.CA, Setting.TLS_INSECURE, Setting.TLS_VERSIONS,
        Setting.TLS_PROVIDER, Setting.TLS_HANDSHAKE_TIMEOUT, Setting.TLS_RESUMPTION, Setting.TLS_GROUPS, Setting.CLIENT_CERT, Setting.CLIENT_KEY,
        Setting.CERTS_DIR, Setting.ALLOW_EXPIRED_CLIENT_CERTS);

    /** The client's TLS; its files are read later, with the token file (nothing here opens a file). */
    private TlsSettings tls() {
        boolean on = Values.bool(text(Setting.TLS), where(Setting.TLS));
        if (!on) {
            for (Setting setting : NEED_TLS) {
                // a TLS setting without TLS is a mistake: the run would quietly go over plain TCP
                boolean switchedOff = (setting == Setting.TLS_INSECURE || setting == Setting.ALLOW_EXPIRED_CLIENT_CERTS)
                    && !Values.bool(text(setting), where(setting));
                if (s.given(setting) && !switchedOff) {
                    throw new InvalidInputException(where(setting) + ": is a TLS setting, but TLS is off; add --tls");
                }
            }
            return TlsSettings.disabled();
        }
        boolean insecure = Values.bool(text(Setting.TLS_INSECURE), where(Setting.TLS_INSECURE));
        if (insecure && s.given(Setting.CA)) {
            throw new InvalidInputException(where(Setting.TLS_INSECURE) + ": verifies nothing, so "
                + where(Setting.CA) + " would be ignored; give one of them");
        }
        if (s.given(Setting.CLIENT_CERT) != s.given(Setting.CLIENT_KEY)) {
            Setting given = s.given(Setting.CLIENT_CERT) ? Setting.CLIENT_CERT : Setting.CLIENT_KEY;
            Setting missing = given == Setting.CLIENT_CERT ? Setting.CLIENT_KEY : Setting.CLIENT_CERT;
            throw new InvalidInputException(where(given) + ": needs --" + missing.key() + " as well (a client "
                + "certificate and its private key)");
        }
        if (s.given(Setting.CLIENT_CERT) && s.given(Setting.CERTS_DIR)) {
            throw new InvalidInputException(where(Setting.CERTS_DIR) + ": gives every device its own certificate, so "
                + where(Setting.CLIENT_CERT) + " would be ignored; give one of them");
        }
        List<TlsVersion> versions = new ArrayList<>();
        for (String part : text(Setting.TLS_VERSIONS).split(",", -1)) {
            versions.add(TlsVersion.parse(part, where(Setting.TLS_VERSIONS)));
        }
        ClientIdentity fleet = s.given(Setting.CLIENT_CERT)
            ? ClientIdentity.of(Path.of(text(Setting.CLIENT_CERT)), Path.of(text(Setting.CLIENT_KEY)))
            : ClientIdentity.none();
        return TlsSettings.defaults()
            .withCaFile(path(Setting.CA))
            .withInsecure(insecure)
            .withVersions(versions)
            .withProvider(Values.choice(text(Setting.TLS_PROVIDER), where(Setting.TLS_PROVIDER), TlsProvider.class))
            .withHandshakeTimeout(duration(Setting.TLS_HANDSHAKE_TIMEOUT, false))
            .withFleetIdentity(fleet)
            .withCertsDir(path(Setting.CERTS_DIR))
            .withGroups(s.given(Setting.TLS_GROUPS)
                ? TlsGroup.parseList(text(Setting.TLS_GROUPS), where(Setting.TLS_GROUPS)) : null);
    }

    /** The first N tokens; 0 (all of them) only by leaving the setting out, so that a 0 typed by mistake is caught. */
    private int deviceLimit() {
        if (!s.given(Setting.DEVICES)) {
            return 0;
        }
        Sourced<String> devices = s.get(Setting.DEVICES);
        try {
            if (Integer.parseInt(devices.value().trim()) == 0) {
                throw devices.problem("expected 1 or more devices, got 0 (leave it out to use every token)");
            }
        } catch (NumberFormatException e) {
            // reported below with the expected range
        }
        return intSetting(Setting.DEVICES, 1, Integer.MAX_VALUE);
    }

    private SessionSettings session() {
        checkName(Setting.APP_VERSION);
        checkName(Setting.EPMX_INSTANCE);
        ConfirmMode mode = Values.choice(text(Setting.CONFIRM), where(Setting.CONFIRM), ConfirmMode.class);
        int qos = switch (mode) {
            case STATUS -> s.given(Setting.QOS) ? intSetting(Setting.QOS, 0, 1) : 1;
            case PUBACK -> fixedQos(1, mode);
            case NONE -> fixedQos(0, mode);
        };
        Duration keepalive = Values.durationOrSeconds(text(Setting.KEEPALIVE), where(Setting.KEEPALIVE), true);
        if (keepalive.toSeconds() > 65_535 || keepalive.toNanos() % 1_000_000_000L != 0) {
            throw new InvalidInputException(where(Setting.KEEPALIVE) + ": expected whole seconds from 0 to 65535, got '"
                + text(Setting.KEEPALIVE) + "'");
        }
        return new SessionSettings(text(Setting.APP_VERSION), text(Setting.EPMX_INSTANCE), mode, qos,
            intSetting(Setting.INFLIGHT, 1, 65_535),
            Values.choice(text(Setting.BACKLOG), where(Setting.BACKLOG), BacklogPolicy.class),
            intSetting(Setting.MAX_BACKLOG, 0, 100_000_000),
            duration(Setting.RESPONSE_TIMEOUT, false).toNanos(), (int) keepalive.toSeconds(),
            duration(Setting.CONNECT_TIMEOUT, false).toNanos(), reconnectBackoff(),
            timerSlack().toNanos());
    }

    /** At most 100 ms: beyond that the slack is no longer a batching budget but a change of the plan. */
    private Duration timerSlack() {
        Duration slack = duration(Setting.TIMER_SLACK, true);
        if (slack.compareTo(Duration.ofMillis(100)) > 0) {
            throw new InvalidInputException(where(Setting.TIMER_SLACK) + " " + text(Setting.TIMER_SLACK)
                + ": expected at most 100ms (it delays messages by up to that much)");
        }
        return slack;
    }

    private ReconnectBackoff reconnectBackoff() {
        Duration first = duration(Setting.RECONNECT_DELAY, true);
        Duration max = duration(Setting.RECONNECT_MAX_DELAY, false);
        if (!first.isZero() && max.compareTo(first) < 0) {
            throw new InvalidInputException(where(Setting.RECONNECT_MAX_DELAY) + " " + text(Setting.RECONNECT_MAX_DELAY)
                + ": must not be shorter than " + where(Setting.RECONNECT_DELAY) + " " + text(Setting.RECONNECT_DELAY));
        }
        return new ReconnectBackoff(first.toNanos(), max.toNanos());
    }

    private int fixedQos(int level, ConfirmMode mode) {
        if (s.given(Setting.QOS) && intSetting(Setting.QOS, 0, 1) != level) {
            throw new InvalidInputException(where(Setting.QOS) + " " + text(Setting.QOS) + ": " + where(Setting.CONFIRM)
                + " " + mode.name().toLowerCase() + " always uses QoS " + level);
        }
        return level;
    }

    private RunSpec.ShardSpec shards(Sourced<String> fromEnvironment) {
        int count = intSetting(Setting.SHARDS, 1, 100_000);
        Sourced<String> index = s.given(Setting.SHARD_INDEX) ? s.get(Setting.SHARD_INDEX) : fromEnvironment;
        int value = index == null ? 0 : Values.intInRange(index.value(), index.where(), 0, 99_999);
        return new RunSpec.ShardSpec(count, value, where(Setting.SHARDS),
            index == null ? where(Setting.SHARD_INDEX) : index.where());
    }

    private RunOutputs outputs(String runIdIfAbsent, int shard) {
        String id = s.given(Setting.RUN_ID) ? text(Setting.RUN_ID) : runIdIfAbsent;
        if (id.isBlank() || id.length() > 128) {
            throw new InvalidInputException(where(Setting.RUN_ID) + ": expected 1 to 128 characters, got '" + id + "'");
        }
        Integer port = s.given(Setting.METRICS_PORT) ? intSetting(Setting.METRICS_PORT, 0, 65_535) : null;
        return new RunOutputs(id, String.valueOf(shard), port, text(Setting.METRICS_BIND), path(Setting.HLOG),
            path(Setting.OUT), path(Setting.JSON_OUT), new RunOutputs.Sources(where(Setting.OUT),
            where(Setting.HLOG), where(Setting.JSON_OUT), where(Setting.METRICS_PORT)));
    }

    /** Names that become topic levels must be valid topic levels. */
    private void checkName(Setting setting) {
        if (!KpTopics.isValidToken(text(setting))) {
            throw new InvalidInputException(where(setting) + ": expected a non-empty name without '/', '+', '#' or"
                + " white space, got '" + text(setting) + "'");
        }
    }

    private Sourced<String> require(Setting setting) {
        Sourced<String> value = s.get(setting);
        if (value == null) {
            throw new InvalidInputException("no " + setting.key() + " given: it is required (the flag --"
                + setting.key() + " or the profile key '" + setting.key() + "')");
        }
        return value;
    }

    private int intSetting(Setting setting, int min, int max) {
        return Values.intInRange(text(setting), where(setting), min, max);
    }

    private Duration duration(Setting setting, boolean allowZero) {
        return DurationParser.parse(text(setting), where(setting), allowZero);
    }

    private Path path(Setting setting) {
        return s.given(setting) ? Path.of(text(setting)) : null;
    }

    private String text(Setting setting) {
        return s.text(setting);
    }

    private String where(Setting setting) {
        Sourced<String> value = s.get(setting);
        return value == null ? setting.key() : value.where();
    }
}
