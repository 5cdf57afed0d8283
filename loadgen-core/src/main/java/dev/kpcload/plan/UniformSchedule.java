package dev.kpcload.plan;

/**
 * The open-model plan of intended send times: message {@code k} is intended at {@code start + k * period},
 * computed from {@code k} every time (never {@code next = now + period}), so that a late tick never shifts
 * the messages after it.
 *
 * @param startNanos  intended time of message 0, in {@link NanoClock} time
 * @param periodNanos nanoseconds between consecutive intended times (1e9 / rate per second)
 * @param endNanos    messages intended at or after this time are not part of the plan ({@link Long#MAX_VALUE}
 *                    for a plan without end)
 */
public record UniformSchedule(long startNanos, double periodNanos, long endNanos) implements RateShape {

    public UniformSchedule {
        if (!(periodNanos > 0) || Double.isInfinite(periodNanos)) {
            throw new IllegalArgumentException("period must be positive and finite: " + periodNanos);
        }
    }

    public static UniformSchedule of(long startNanos, double ratePerSecond, long durationNanos) {
        long end = durationNanos <= 0 || startNanos > 0 && durationNanos > Long.MAX_VALUE - startNanos
            ? Long.MAX_VALUE : startNanos + durationNanos;
        return new UniformSchedule(startNanos, 1e9 / ratePerSecond, end);
    }

    @Override
    public double ratePerSecondAt(long nanos) {
        return nanos < startNanos || nanos >= endNanos ? 0 : 1e9 / periodNanos;
    }

    @Override
    public long intendedNanos(long k) {
        return nanosAtCount(k);
    }

    /** {@code start + count * period}, rounded down to the nanosecond. */
    @Override
    public long nanosAtCount(double k) {
        double offset = k * periodNanos;
        long whole = (long) offset;
        // periodNanos and the product are rounded: k / rate may be a whole nanosecond that the product misses by
        // a hair (1e9 / 3 * 3 = 999999999.99...); within the rounding error, take the whole nanosecond
        double error = (k * Math.ulp(periodNanos) + Math.ulp(offset)) / 2;
        if (offset != whole && whole + 1 - offset <= error) {
            whole++;
        }
        return startNanos + whole;
    }

    @Override
    public double totalCount() {
        return endNanos == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : (endNanos - startNanos) / periodNanos;
    }

    /** How many messages the whole plan holds, or {@link Long#MAX_VALUE} for a plan without end. */
    @Override
    public long plannedCount() {
        if (endNanos == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        long k = (long) Math.ceil((endNanos - startNanos) / periodNanos);
        // correct for floating point at the boundary: count exactly the k with intendedNanos(k) < end
        while (k > 0 && intendedNanos(k - 1) >= endNanos) {
            k--;
        }
        while (intendedNanos(k) < endNanos) {
            k++;
        }
        return k;
    }
}
