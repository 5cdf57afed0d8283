package dev.kpcload.run;

import dev.kpcload.client.MixEntry;
import dev.kpcload.InvalidInputException;
import dev.kpcload.Sourced;
import dev.kpcload.client.ConfirmMode;
import dev.kpcload.kp.MessageKind;
import dev.kpcload.kp.SampleCount;
import dev.kpcload.plan.DurationParser;
import dev.kpcload.plan.Rate;
import dev.kpcload.plan.RateProfile;
import dev.kpcload.plan.Stage;
import dev.kpcload.profile.AllAtOnce;
import dev.kpcload.profile.Arrivals;
import dev.kpcload.profile.Event;
import dev.kpcload.profile.MixItem;
import dev.kpcload.profile.NoMessages;
import dev.kpcload.profile.Profile;
import dev.kpcload.profile.ReconnectStorm;
import dev.kpcload.profile.Segment;
import dev.kpcload.profile.Staged;
import dev.kpcload.profile.Steady;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The connect plan, the message plan and the events of a run, from the flags and a profile: a flag overrides the
 * profile's part of the same name ({@code --rate} its publish shape, {@code --connect-rate} its connect shape),
 * the profile's mix and events are kept, and {@code --time-scale} divides every duration of the profile.
 */
final class LoadSpecReader {

    private final Settings s;
    private final Profile profile;
    private final double timeScale;

    private LoadSpecReader(Settings merged, Profile profile) {
        this.s = merged;
        this.profile = profile;
        Sourced<String> scale = merged.get(Setting.TIME_SCALE);
        this.timeScale = Values.positiveNumber(scale.value(), scale.where());
    }

    /** @param profile null when the run has none */
    static LoadSpec read(Settings merged, Profile profile, ConfirmMode confirm, boolean reconnects) {
        return new LoadSpecReader(merged, profile).read(confirm, reconnects);
    }

    private LoadSpec read(ConfirmMode confirm, boolean reconnects) {
        LoadSpec.PublishSpec publish = publish(confirm);
        LoadSpec.ConnectSpec connect = connect();
        List<LoadSpec.StormSpec> storms = storms(publish, reconnects);
        return new LoadSpec(publish, connect, storms);
    }

    private LoadSpec.PublishSpec publish(ConfirmMode confirm) {
        var section = profile == null ? null : profile.publish();
        boolean poisson = section != null && section.arrivals() != null
            && section.arrivals().value() == Arrivals.POISSON;
        List<MixEntry> mix = mix(section == null ? List.of() : section.mix(), confirm);
        if (s.given(Setting.RATE)) { // rate, duration and connect-rate come from flags only
            return steady(rate(Setting.RATE), durationOrNull(), poisson, mix);
        }
        if (section == null || section.shape() == null) {
            Sourced<String> rate = s.get(Setting.RATE);
            if (rate == null) {
                throw new InvalidInputException("no rate given: it is required (the flag --rate or the profile's"
                    + " publish section)");
            }
            return steady(rate(Setting.RATE), durationOrNull(), poisson, mix);
        }
        if (section.shape() instanceof Steady steady) {
            Duration d = s.given(Setting.DURATION) ? duration(Setting.DURATION)
                : steady.duration() == null ? null : scaled(steady.duration());
            return steady(steady.rate().value().perSecond(), d, poisson, mix);
        }
        refuseDurationFlag(section.shape() instanceof Staged st ? st.where() : ((NoMessages) section.shape()).where());
        if (section.shape() instanceof NoMessages) {
            return new LoadSpec.PublishSpec(null, 0, false, mix);
        }
        Staged staged = (Staged) section.shape();
        return new LoadSpec.PublishSpec(profileOf(staged), 0, poisson, mix);
    }

    private LoadSpec.PublishSpec steady(double perSecond, Duration duration, boolean poisson,
                                        List<MixEntry> mix) {
        RateProfile p = duration == null ? null : RateProfile.constant(perSecond, duration.toNanos());
        return new LoadSpec.PublishSpec(p, p == null ? perSecond : 0, poisson, mix);
    }

    private void refuseDurationFlag(String shapeWhere) {
        if (s.given(Setting.DURATION)) {
            throw new InvalidInputException(s.get(Setting.DURATION).where() + ": the profile's publish section ("
                + shapeWhere + ") fixes how long the plan lasts; shorten it with time-scale instead");
        }
    }

    private LoadSpec.ConnectSpec connect() {
        var section = profile == null ? null : profile.connect();
        if (s.given(Setting.CONNECT_RATE) || section == null || section.shape() == null) {
            return LoadSpec.ConnectSpec.constant(rate(Setting.CONNECT_RATE));
        }
        boolean poisson = section.arrivals() != null && section.arrivals().value() == Arrivals.POISSON;
        if (section.shape() instanceof AllAtOnce) {
            return LoadSpec.ConnectSpec.everyDeviceAtOnce();
        }
        if (section.shape() instanceof Steady steady) {
            return new LoadSpec.ConnectSpec(null, steady.rate().value().perSecond(), false, poisson);
        }
        return new LoadSpec.ConnectSpec(profileOf((Staged) section.shape()), 0, false, poisson);
    }

    /** The staged shape as a rate profile, every duration divided by the time scale. */
    private RateProfile profileOf(Staged staged) {
        List<Stage> stages = new ArrayList<>();
        double previous = staged.startPerSecond();
        for (Segment segment : staged.segments()) {
            long nanos = Math.round(segment.duration().toNanos() / timeScale);
            if (nanos <= 0) {
                throw new InvalidInputException(segment.where() + ": shorter than a nanosecond at time-scale "
                    + timeScale);
            }
            boolean jump = segment.fromPerSecond() != previous;
            stages.add(new Stage(nanos, segment.toPerSecond(), segment.warmup(),
                jump ? segment.fromPerSecond() : Stage.CONTINUE));
            previous = segment.toPerSecond();
        }
        try {
            return new RateProfile(staged.startPerSecond(), stages);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(staged.where() + ": " + e.getMessage());
        }
    }

    private List<MixEntry> mix(List<MixItem> items, ConfirmMode confirm) {
        if (items.isEmpty()) {
            return LoadSpec.PublishSpec.TUTORIAL_MIX;
        }
        List<MixEntry> mix = new ArrayList<>();
        for (MixItem item : items) {
            MessageKind kind = item.kind().value();
            if (kind.needsReply() && confirm != ConfirmMode.STATUS) {
                throw new InvalidInputException(item.kind().where() + ": " + kind.tag() + " needs confirm status (its"
                    + " /status reply is what it measures), but confirm is " + confirm.name().toLowerCase()
                    + " (" + s.get(Setting.CONFIRM).where() + ")");
            }
            SampleCount samples = item.samples() == null ? SampleCount.fixed(1) : item.samples().value();
            mix.add(new MixEntry(kind, item.weightOrOne(), samples));
        }
        int total = mix.stream().mapToInt(MixEntry::weight).sum();
        if (total > dev.kpcload.plan.MessageMix.MAX_TOTAL_WEIGHT) {
            throw new InvalidInputException(items.get(0).where() + ": the mix's weights add up to " + total
                + "; at most " + dev.kpcload.plan.MessageMix.MAX_TOTAL_WEIGHT);
        }
        return mix;
    }


    private List<LoadSpec.StormSpec> storms(LoadSpec.PublishSpec publish, boolean reconnects) {
        List<LoadSpec.StormSpec> storms = new ArrayList<>();
        if (profile == null) {
            return storms;
        }
        for (Event event : profile.events()) {
            if (event instanceof ReconnectStorm storm) {
                long at = Math.round(storm.at().value().toNanos() / timeScale);
                if (publish.none()) {
                    throw new InvalidInputException(storm.where() + ": a reconnect storm happens during the message"
                        + " plan, and this profile has none");
                }
                if (publish.profile() != null && at >= publish.profile().totalNanos()) {
                    throw new InvalidInputException(storm.at().where() + ": at " + DurationParser.format(
                        Duration.ofNanos(at)) + " is after the message plan's end ("
                        + DurationParser.format(Duration.ofNanos(publish.profile().totalNanos())) + ")");
                }
                if (!reconnects) {
                    throw new InvalidInputException(storm.where() + ": a reconnect storm needs reconnects, but"
                        + " reconnect-delay is 0 (" + s.get(Setting.RECONNECT_DELAY).where() + ")");
                }
                storms.add(new LoadSpec.StormSpec(at, storm.shareOrAll(), storm.where()));
            }
        }
        return storms;
    }

    private Duration scaled(Sourced<Duration> d) {
        long nanos = Math.round(d.value().toNanos() / timeScale);
        if (nanos <= 0) {
            throw d.problem("shorter than a nanosecond at time-scale " + timeScale);
        }
        return Duration.ofNanos(nanos);
    }

    private Duration durationOrNull() {
        return s.given(Setting.DURATION) ? duration(Setting.DURATION) : null;
    }

    /** A flag's duration: given as meant, not time-scaled (the time scale shortens a profile). */
    private Duration duration(Setting setting) {
        Sourced<String> d = s.get(setting);
        return DurationParser.parse(d.value(), d.where());
    }

    private double rate(Setting setting) {
        Sourced<String> r = s.get(setting);
        return Rate.parse(r.value(), r.where()).perSecond();
    }

}
