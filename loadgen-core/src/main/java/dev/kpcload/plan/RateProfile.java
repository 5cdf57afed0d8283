package dev.kpcload.plan;

import java.util.List;

/**
 * A rate that changes over time, k6 style: it begins at {@code startPerSecond} and each {@link Stage} goes linearly
 * from the previous rate to its target over its duration (or jumps first, see {@link Stage#fromPerSecond()}).
 * Relative times only; {@link StagedSchedule} anchors a profile to a start and turns it into intended send times.
 *
 * @param startPerSecond the rate when the first stage begins, unless that stage jumps; finite and at least 0
 * @param stages         at least one; the profile lasts their total duration, and its rate is not 0 throughout
 */
public record RateProfile(double startPerSecond, List<Stage> stages) {

    public RateProfile {
        Stage.checkRate("start", startPerSecond);
        if (stages == null || stages.isEmpty()) {
            throw new IllegalArgumentException("a rate profile needs at least one stage");
        }
        stages = List.copyOf(stages);
        long total = 0;
        double integral = 0;
        double previous = startPerSecond;
        for (Stage stage : stages) {
            try {
                total = Math.addExact(total, stage.durationNanos());
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("a rate profile may last at most 292 years");
            }
            integral += messages(stage, previous);
            previous = stage.targetPerSecond();
        }
        if (!(integral > 0)) {
            throw new IllegalArgumentException("the rate profile never sends: its rate is 0 throughout");
        }
    }

    /** A profile that starts at 0 (as k6's does), so a first stage that does not jump ramps up from 0. */
    public static RateProfile of(List<Stage> stages) {
        return new RateProfile(0, stages);
    }

    /** {@code perSecond} held for {@code durationNanos}. */
    public static RateProfile constant(double perSecond, long durationNanos) {
        return new RateProfile(perSecond, List.of(new Stage(durationNanos, perSecond, false)));
    }

    /** How long the profile lasts, nanoseconds. */
    public long totalNanos() {
        long total = 0;
        for (Stage stage : stages) {
            total += stage.durationNanos();
        }
        return total;
    }

    /** The highest rate anywhere in the profile, messages per second (a rate is highest at a stage's start or end). */
    public double peakPerSecond() {
        double peak = 0;
        double previous = startPerSecond;
        for (Stage stage : stages) {
            peak = Math.max(peak, Math.max(stage.startPerSecond(previous), stage.targetPerSecond()));
            previous = stage.targetPerSecond();
        }
        return peak;
    }

    /** The expected number of messages: the area under the rate, in messages. */
    public double integral() {
        double sum = 0;
        double previous = startPerSecond;
        for (Stage stage : stages) {
            sum += messages(stage, previous);
            previous = stage.targetPerSecond();
        }
        return sum;
    }

    /**
     * The same rates, {@code timeScale} times faster: every duration divided by it (rounded to the nanosecond), so
     * a 30-minute profile at scale 10 runs in 3 minutes and sends a tenth of the messages.
     */
    public RateProfile scaled(double timeScale) {
        if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
            throw new IllegalArgumentException("time scale must be positive and finite, got " + timeScale);
        }
        List<Stage> scaled = stages.stream().map(s -> {
            long nanos = Math.round(s.durationNanos() / timeScale);
            if (nanos <= 0) {
                throw new IllegalArgumentException("a stage of " + s.durationNanos() + " ns is shorter than 1 ns at time scale " + timeScale);
            }
            return new Stage(nanos, s.targetPerSecond(), s.warmup(), s.fromPerSecond());
        }).toList();
        return new RateProfile(startPerSecond, scaled);
    }

    /** How long the warm-up stages last together, nanoseconds. */
    public long warmupNanos() {
        return stages.stream().filter(Stage::warmup).mapToLong(Stage::durationNanos).sum();
    }

    /** The expected number of messages in warm-up stages. */
    public double warmupIntegral() {
        double sum = 0;
        double previous = startPerSecond;
        for (Stage stage : stages) {
            if (stage.warmup()) {
                sum += messages(stage, previous);
            }
            previous = stage.targetPerSecond();
        }
        return sum;
    }

    /** Every rate times {@code factor}, durations kept: each of N shards runs the profile at 1/N of the rates. */
    public RateProfile timesRate(double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("rate factor must be positive and finite, got " + factor);
        }
        List<Stage> scaled = stages.stream().map(s -> new Stage(s.durationNanos(), s.targetPerSecond() * factor,
            s.warmup(), s.jumps() ? s.fromPerSecond() * factor : s.fromPerSecond())).toList();
        return new RateProfile(startPerSecond * factor, scaled);
    }

    /**
     * Messages under one linear stage: duration times the mean of its start and end rates. Computed as
     * {@code nanos * (r0 + r1) / 2e9} so that whole rates and durations give whole counts exactly.
     */
    static double messages(Stage stage, double previousPerSecond) {
        return stage.durationNanos() * (stage.startPerSecond(previousPerSecond) + stage.targetPerSecond()) / 2e9;
    }
}
