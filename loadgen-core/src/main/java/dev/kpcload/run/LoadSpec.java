package dev.kpcload.run;

import dev.kpcload.client.MixEntry;
import dev.kpcload.kp.MessageKind;
import dev.kpcload.plan.FleetMix;
import dev.kpcload.plan.MessageMix;
import dev.kpcload.plan.PoissonSchedule;
import dev.kpcload.plan.RateProfile;
import dev.kpcload.plan.RateShape;
import dev.kpcload.plan.Schedule;
import dev.kpcload.plan.StagedSchedule;
import dev.kpcload.plan.UniformSchedule;

import java.util.List;

/**
 * The plans of a run before they are anchored to a start time: how devices connect, what they publish and when,
 * and the events on the way. Rates are per second, durations relative.
 */
public record LoadSpec(PublishSpec publish, ConnectSpec connect, List<StormSpec> storms) {

    public LoadSpec {
        storms = List.copyOf(storms);
    }

    /** The whole run at a constant rate: what {@code --rate R [--duration D]} means. */
    public static LoadSpec constant(double ratePerSecond, java.time.Duration duration, double connectPerSecond) {
        RateProfile profile = duration == null ? null : RateProfile.constant(ratePerSecond, duration.toNanos());
        return new LoadSpec(new PublishSpec(profile, profile == null ? ratePerSecond : 0, false, PublishSpec.TUTORIAL_MIX),
            ConnectSpec.constant(connectPerSecond), List.of());
    }

    /** This process's share of a run split over {@code shards} processes: every rate over {@code shards}. */
    public LoadSpec forShards(int shards) {
        if (shards == 1) {
            return this;
        }
        double f = 1.0 / shards;
        return new LoadSpec(publish.timesRate(f), connect.timesRate(f), storms);
    }

    /**
     * The message plan.
     *
     * @param profile            a rate over time; null for a constant rate until stopped, or no messages
     * @param openEndedPerSecond the constant rate when there is no profile; 0 for no messages at all
     * @param poisson            seeded Poisson arrivals instead of uniform spacing
     * @param mix                the kinds and their weights, at least one
     */
    public record PublishSpec(RateProfile profile, double openEndedPerSecond, boolean poisson, List<MixEntry> mix) {

        public static final List<MixEntry> TUTORIAL_MIX =
            List.of(MixEntry.of(MessageKind.EPMX_UPDATE_KEYS, 1));

        public PublishSpec {
            mix = List.copyOf(mix);
            if (mix.isEmpty()) {
                throw new IllegalArgumentException("a mix needs at least one kind");
            }
        }

        /** No message plan: devices connect, report on CONNACK, and the run ends. */
        public boolean none() {
            return profile == null && openEndedPerSecond == 0;
        }

        public boolean hasEnd() {
            return profile != null || none();
        }

        /** How long the message plan lasts; null when it runs until stopped. */
        public java.time.Duration duration() {
            return profile != null ? java.time.Duration.ofNanos(profile.totalNanos())
                : none() ? java.time.Duration.ZERO : null;
        }

        public double peakPerSecond() {
            return profile != null ? profile.peakPerSecond() : openEndedPerSecond;
        }

        PublishSpec timesRate(double f) {
            return new PublishSpec(profile == null ? null : profile.timesRate(f), openEndedPerSecond * f, poisson, mix);
        }

        /** The intended send times from {@code startNanos}; message arrivals drawn from {@code seed} if Poisson. */
        public Schedule anchor(long startNanos, long seed) {
            RateShape shape = profile != null ? new StagedSchedule(profile, startNanos)
                : UniformSchedule.of(startNanos, openEndedPerSecond, 0);
            return poisson ? new PoissonSchedule(shape, seed) : shape;
        }

        public MessageMix messageMix() {
            return new MessageMix(mix.stream().mapToInt(MixEntry::weight).toArray());
        }

        /** Which kind each message of a plan over {@code fleetSize} devices is. */
        public FleetMix fleetMix(int fleetSize) {
            return new FleetMix(messageMix(), fleetSize);
        }

        public List<MessageKind> kinds() {
            return mix.stream().map(MixEntry::kind).toList();
        }
    }

    /**
     * The connect plan: every device connects once, in fleet order.
     *
     * @param profile   a connect rate over time, held at its last rate until every device has started; null for
     *                  a constant rate
     * @param perSecond the constant rate when there is no profile
     * @param allAtOnce every connect intended at the start (a connect storm)
     */
    public record ConnectSpec(RateProfile profile, double perSecond, boolean allAtOnce, boolean poisson) {

        /** All at once: intended 1 ns apart, which is as at once as a plan of distinct times gets. */
        static final double ALL_AT_ONCE_PER_SECOND = 1e9;

        public static ConnectSpec constant(double perSecond) {
            return new ConnectSpec(null, perSecond, false, false);
        }

        public static ConnectSpec everyDeviceAtOnce() {
            return new ConnectSpec(null, ALL_AT_ONCE_PER_SECOND, true, false);
        }

        ConnectSpec timesRate(double f) {
            return allAtOnce ? this : new ConnectSpec(profile == null ? null : profile.timesRate(f), perSecond * f,
                false, poisson);
        }

        /** The intended connect times of {@code devices} devices from {@code startNanos}. */
        public Schedule anchor(long startNanos, int devices, long seed) {
            RateShape shape;
            if (profile == null) {
                shape = UniformSchedule.of(startNanos, perSecond, 0);
            } else {
                shape = new StagedSchedule(holdingUntilEveryDeviceStarted(profile, devices), startNanos);
            }
            return poisson ? new PoissonSchedule(shape, seed) : shape;
        }

        /** The profile, its last rate held long enough for every device when its stages alone are too short. */
        static RateProfile holdingUntilEveryDeviceStarted(RateProfile profile, int devices) {
            double missing = devices - profile.integral();
            if (missing <= 0) {
                return profile;
            }
            var stages = profile.stages();
            double last = stages.get(stages.size() - 1).targetPerSecond();
            if (!(last > 0)) {
                throw new IllegalArgumentException("connect stages end at 0/s after about " + (long) profile.integral()
                    + " of " + devices + " devices");
            }
            long holdNanos = (long) Math.ceil((missing + 1) / last * 1e9);
            var longer = new java.util.ArrayList<>(stages);
            longer.add(new dev.kpcload.plan.Stage(holdNanos, last, false));
            return new RateProfile(profile.startPerSecond(), longer);
        }
    }


    /**
     * A reconnect storm: at {@code atNanos} after the first intended message, {@code share} of the connected
     * devices lose their connection (closed by the generator) and reconnect with their backoff and jitter.
     */
    public record StormSpec(long atNanos, double share, String where) {
    }
}
