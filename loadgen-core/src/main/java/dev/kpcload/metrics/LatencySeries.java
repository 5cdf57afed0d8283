package dev.kpcload.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.TimeWindowMax;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.util.concurrent.TimeUnit;

/**
 * One exported latency histogram (one latency kind, one message kind): counts per {@link LatencyBuckets bucket},
 * count and sum since the run began, and the largest value of the last minutes, all added up from HdrHistogram
 * interval histograms. Values are taken as HdrHistogram reports them: a value's bucket is the one its sub-bucket's
 * top falls in (where {@code getValueAtPercentile} and {@code getMaxValue} put it), its part of the sum is the
 * sub-bucket's middle (what {@code getMean} adds up). So a percentile Prometheus computes lies in the very bucket
 * of the summary's percentile, and {@code _sum / _count} is the summary's mean.
 *
 * <p>Added to by one thread (the reporter), read by scrapes: both under this object's lock, once per interval and
 * once per scrape.
 */
final class LatencySeries {

    /** Bucket counts, not cumulative: [bucket], the last one above every bound ({@code +Inf}). */
    private final long[] counts = new long[LatencyBuckets.buckets()];
    private long count;
    /** In nanoseconds: a double holds every whole nanosecond up to 104 days of summed latency exactly. */
    private double sumNanos;
    /** The largest value of the last few minutes, as Micrometer's timers kept it for {@code _max}. */
    private final TimeWindowMax max;

    LatencySeries(Clock clock, DistributionStatisticConfig windowConfig) {
        this.max = new TimeWindowMax(clock, windowConfig);
    }

    synchronized void add(Histogram interval) {
        long total = interval.getTotalCount();
        if (total == 0) {
            return;
        }
        for (HistogramIterationValue v : interval.recordedValues()) {
            long value = v.getValueIteratedTo();
            long n = v.getCountAtValueIteratedTo();
            counts[LatencyBuckets.bucketOf(interval.highestEquivalentValue(value))] += n;
            sumNanos += (double) interval.medianEquivalentValue(value) * n;
        }
        count += total;
        max.record(interval.getMaxValue(), TimeUnit.NANOSECONDS);
    }

    /** What a scrape shows now. */
    synchronized Snapshot snapshot() {
        return new Snapshot(counts.clone(), count, sumNanos / 1e9, max.poll(TimeUnit.SECONDS));
    }

    /**
     * @param counts     per bucket, not cumulative ({@code le} adds them up)
     * @param maxSeconds the largest value of the last few minutes
     */
    record Snapshot(long[] counts, long count, double sumSeconds, double maxSeconds) {
    }
}
