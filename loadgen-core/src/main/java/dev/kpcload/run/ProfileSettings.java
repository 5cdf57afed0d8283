package dev.kpcload.run;

import dev.kpcload.Sourced;
import dev.kpcload.profile.Profile;
import dev.kpcload.profile.Session;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * The scalar settings a profile gives, as {@link Settings} sourced at their {@code FILE:LINE:COLUMN}, so that the
 * flags of the same name can override them. The profile's plan (connect, publish, events) is read by
 * {@link LoadSpecReader}.
 */
public final class ProfileSettings {

    private ProfileSettings() {
    }

    public static Settings of(Profile profile) {
        Settings s = Settings.empty().withSlos(profile.slo());
        s = put(s, Setting.TOKENS, profile.tokens() == null ? null
            : Sourced.of(profile.tokens().value().toString(), profile.tokens().where()));
        s = put(s, Setting.SERVER, profile.server());
        s = put(s, Setting.DEVICES, text(profile.devices()));
        s = put(s, Setting.SEED, text(profile.seed()));
        s = put(s, Setting.START_AT, profile.startAt());
        s = put(s, Setting.START_GRACE, duration(profile.startGrace()));
        Session session = profile.session();
        if (session != null) {
            s = put(s, Setting.CONFIRM, session.confirm() == null ? null
                : Sourced.of(session.confirm().value().name().toLowerCase(), session.confirm().where()));
            s = put(s, Setting.QOS, text(session.qos()));
            s = put(s, Setting.INFLIGHT, text(session.inflight()));
            s = put(s, Setting.KEEPALIVE, duration(session.keepalive()));
            s = put(s, Setting.RESPONSE_TIMEOUT, duration(session.responseTimeout()));
            s = put(s, Setting.GRACE, duration(session.grace()));
            s = put(s, Setting.REPORT_INTERVAL, duration(session.reportInterval()));
            s = put(s, Setting.APP_VERSION, session.appVersion());
            s = put(s, Setting.CONNECT_TIMEOUT, duration(session.connectTimeout()));
            s = put(s, Setting.RECONNECT_DELAY, duration(session.reconnectDelay()));
            s = put(s, Setting.RECONNECT_MAX_DELAY, duration(session.reconnectMaxDelay()));
            s = put(s, Setting.TIMER_SLACK, duration(session.timerSlack()));
        }
        return s;
    }

    private static Settings put(Settings s, Setting setting, Sourced<String> value) {
        return value == null ? s : s.with(setting, value.value(), value.where());
    }

    private static Sourced<String> text(Sourced<?> value) {
        return value == null ? null : Sourced.of(String.valueOf(value.value()), value.where());
    }

    /** A duration as text the setting parsers read back exactly: fractional seconds to the nanosecond. */
    private static Sourced<String> duration(Sourced<Duration> value) {
        if (value == null) {
            return null;
        }
        return Sourced.of(BigDecimal.valueOf(value.value().toNanos(), 9).stripTrailingZeros().toPlainString() + "s",
            value.where());
    }
}
