package dev.kpcload.sim;

import dev.kpcload.InvalidInputException;
import dev.kpcload.plan.DurationParser;

import java.time.Duration;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;

/**
 * How long the simulator holds each 1/KP reply: a fixed time, uniform between two times, or log-normal given
 * its median and 99th percentile. Sampled per request from a seeded generator; PUBACKs are never delayed.
 */
public sealed interface ReplyDelay {

    /** No delay: replies leave at once. */
    ReplyDelay NONE = new Fixed(Duration.ZERO);

    /** One sample, in nanoseconds (never negative). */
    long sampleNanos(RandomGenerator random);

    /** Whether every sample is 0 (the reply path then skips the scheduler). */
    default boolean isZero() {
        return false;
    }

    /** The form {@link #parse} reads back. */
    String describe();

    /** The same delay every time. */
    record Fixed(Duration delay) implements ReplyDelay {
        public Fixed {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("negative response delay: " + delay);
            }
        }

        @Override
        public long sampleNanos(RandomGenerator random) {
            return delay.toNanos();
        }

        @Override
        public boolean isZero() {
            return delay.isZero();
        }

        @Override
        public String describe() {
            return delay.isZero() ? "0s" : SimText.duration(delay.toNanos());
        }
    }

    /** Uniform between {@code min} and {@code max}, both included. */
    record Uniform(Duration min, Duration max) implements ReplyDelay {
        public Uniform {
            if (min.isNegative() || max.compareTo(min) < 0) {
                throw new IllegalArgumentException("uniform delay needs 0 <= min <= max: " + min + ".." + max);
            }
        }

        @Override
        public long sampleNanos(RandomGenerator random) {
            long lo = min.toNanos();
            long hi = max.toNanos();
            return lo == hi ? lo : random.nextLong(lo, hi + 1);
        }

        @Override
        public String describe() {
            return "uniform:" + SimText.duration(min.toNanos()) + ".." + SimText.duration(max.toNanos());
        }
    }

    /**
     * Log-normal with median {@code p50} and 99th percentile {@code p99}: {@code exp(mu + sigma Z)} with
     * {@code mu = ln p50} and {@code sigma = (ln p99 - ln p50) / z(0.99)}; the long right tail of a real service.
     */
    record LogNormal(Duration p50, Duration p99) implements ReplyDelay {

        /** The standard normal quantile of 0.99. */
        static final double Z99 = 2.3263478740408408;

        public LogNormal {
            if (p50.isNegative() || p50.isZero() || p99.compareTo(p50) < 0) {
                throw new IllegalArgumentException("log-normal delay needs 0 < p50 <= p99: " + p50 + ", " + p99);
            }
        }

        double mu() {
            return Math.log(p50.toNanos());
        }

        double sigma() {
            return (Math.log(p99.toNanos()) - mu()) / Z99;
        }

        /** The distribution's quantile {@code q} in nanoseconds (for tests and documentation). */
        double quantileNanos(double q) {
            return Math.exp(mu() + sigma() * SimText.normalQuantile(q));
        }

        @Override
        public long sampleNanos(RandomGenerator random) {
            double nanos = Math.exp(mu() + sigma() * random.nextGaussian());
            return nanos >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.round(nanos);
        }

        @Override
        public String describe() {
            return "lognormal:p50=" + SimText.duration(p50.toNanos()) + ",p99=" + SimText.duration(p99.toNanos());
        }
    }

    /**
     * {@code 20ms} (fixed), {@code uniform:5ms..50ms}, {@code lognormal:p50=10ms,p99=200ms}; problems name
     * {@code where} (a flag).
     */
    static ReplyDelay parse(String text, String where) {
        String t = text == null ? "" : text.strip();
        Matcher uniform = SimText.UNIFORM.matcher(t);
        if (uniform.matches()) {
            Duration min = DurationParser.parse(uniform.group(1), where + " (uniform minimum)", true);
            Duration max = DurationParser.parse(uniform.group(2), where + " (uniform maximum)", true);
            if (max.compareTo(min) < 0) {
                throw new InvalidInputException(where + ": uniform:A..B needs A <= B, got '" + text + "'");
            }
            return new Uniform(min, max);
        }
        Matcher logNormal = SimText.LOGNORMAL.matcher(t);
        if (logNormal.matches()) {
            Duration p50 = DurationParser.parse(logNormal.group(1), where + " (p50)", false);
            Duration p99 = DurationParser.parse(logNormal.group(2), where + " (p99)", false);
            if (p99.compareTo(p50) < 0) {
                throw new InvalidInputException(where + ": lognormal needs p50 <= p99, got '" + text + "'");
            }
            return new LogNormal(p50, p99);
        }
        if (t.startsWith("uniform") || t.startsWith("lognormal")) {
            throw new InvalidInputException(where + ": expected uniform:A..B like uniform:5ms..50ms or"
                    + " lognormal:p50=X,p99=Y like lognormal:p50=10ms,p99=200ms, got '" + text + "'");
        }
        if (!t.isEmpty() && !Character.isDigit(t.charAt(0)) && t.charAt(0) != '.' && t.charAt(0) != '-') {
            throw new InvalidInputException(where + ": expected a duration like 20ms, uniform:5ms..50ms or"
                    + " lognormal:p50=10ms,p99=200ms, got '" + text + "'");
        }
        return new Fixed(DurationParser.parse(t, where, true));
    }
}
