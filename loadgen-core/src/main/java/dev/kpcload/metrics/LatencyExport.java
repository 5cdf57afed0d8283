package dev.kpcload.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;

/**
 * The run's latency histograms for Prometheus, fed from the report intervals on the reporter's thread: the event
 * loops record each latency into their own HdrHistogram recorders only, and every interval the reporter adds what
 * it took from them here. So a scrape is up to one report interval old, and after the run's last (partial)
 * interval it holds exactly what the summary does (warm-up included: Prometheus is the live view).
 *
 * <p>Exported as Micrometer's timers were, which the dashboards and rules were written against: per latency kind a
 * histogram {@code <name>} ({@code _bucket{le}} on the fixed {@link LatencyBuckets}, {@code _count}, {@code _sum}
 * in seconds) and a gauge {@code <name>_max} (the largest value of the last few minutes), with the common labels
 * and, for message latencies, {@code kind}. How values are bucketed: {@link LatencySeries}.
 */
public final class LatencyExport implements MultiCollector, IntervalListener {

    /** As Micrometer's Prometheus registry kept a timer's max: its step (1 min) over 3 rotating buffers. */
    static final DistributionStatisticConfig MAX_WINDOW = DistributionStatisticConfig.builder()
        .expiry(PrometheusConfig.DEFAULT.step()).build().merge(DistributionStatisticConfig.DEFAULT);

    private static final double[] UPPER_BOUNDS = LatencyBuckets.upperBoundsSeconds();

    private final Labels common;
    private final List<String> kindTags;
    /** [latency kind][message kind index]; a connect latency has one series, at every index. */
    private final LatencySeries[][] series;
    /** [latency kind]: the Prometheus name (base unit seconds) and help; null while not exported. */
    private final String[] names;
    private final String[] helps;

    /**
     * @param common   labels on every series (the run's {@code run_id} and {@code shard})
     * @param kindTags the mix's kinds in its order: a stream's kind index points here
     */
    public LatencyExport(Labels common, List<String> kindTags, Clock clock) {
        this.common = common;
        this.kindTags = List.copyOf(kindTags);
        int kinds = LatencyKind.values().length;
        this.series = new LatencySeries[kinds][kindTags.size()];
        this.names = new String[kinds];
        this.helps = new String[kinds];
        for (LatencyKind kind : LatencyKind.values()) {
            LatencySeries[] perKind = series[kind.ordinal()];
            for (int k = 0; k < perKind.length; k++) {
                perKind[k] = kind.ofMessage() || k == 0 ? new LatencySeries(clock, MAX_WINDOW) : perKind[0];
            }
        }
    }

    /** Exports a latency under {@code name} (a Prometheus name ending in {@code _seconds}); before any scrape. */
    public LatencyExport export(LatencyKind kind, String name, String help) {
        names[kind.ordinal()] = name;
        helps[kind.ordinal()] = help;
        return this;
    }

    /** Adds a report interval: every stream of every kind, measured and warm-up. On the reporter's thread. */
    @Override
    public void onInterval(LatencySample interval, TimelinePoint point) {
        add(interval);
    }

    public void add(LatencySample interval) {
        for (LatencyKind kind : LatencyKind.values()) {
            for (int s = 0; s < interval.streams(); s++) {
                Histogram h = interval.stream(kind, s);
                if (h != null) {
                    add(kind, LatencyStreams.kindIndex(s), h);
                }
            }
        }
    }

    /** Adds one interval histogram of one latency kind and message kind (index in the mix). */
    public void add(LatencyKind kind, int kindIndex, Histogram interval) {
        series[kind.ordinal()][kindIndex].add(interval);
    }

    @Override
    public MetricSnapshots collect() {
        List<MetricSnapshot> families = new ArrayList<>();
        for (LatencyKind kind : LatencyKind.values()) {
            String name = names[kind.ordinal()];
            if (name == null) {
                continue;
            }
            HistogramSnapshot.Builder histogram = HistogramSnapshot.builder().name(name).help(helps[kind.ordinal()]);
            GaugeSnapshot.Builder max = GaugeSnapshot.builder().name(name + "_max").help(helps[kind.ordinal()]);
            int seriesCount = kind.ofMessage() ? kindTags.size() : 1;
            for (int k = 0; k < seriesCount; k++) {
                Labels labels = kind.ofMessage() ? common.add("kind", kindTags.get(k)) : common;
                LatencySeries.Snapshot s = series[kind.ordinal()][k].snapshot();
                histogram.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder().labels(labels)
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(UPPER_BOUNDS, s.counts()))
                    .sum(s.sumSeconds()).build());
                max.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels)
                    .value(s.maxSeconds()).build());
            }
            families.add(histogram.build());
            families.add(max.build());
        }
        return new MetricSnapshots(families);
    }
}
