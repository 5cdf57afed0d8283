import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Per-second accuracy of a rate that changes over time: reads a loadgen interval log (--hlog, --report-interval 1s)
 * and the plan's stages, and compares each interval's sent count (values of the send_lag tag: one per planned
 * message written) with the exact count the plan intends in that interval's window, the integral of the
 * piecewise-linear rate from the interval's start to its end. Computed here from the stage table alone (not with
 * loadgen's own schedule code), so the check does not grade the code with itself.
 *
 * <p><b>Where the plan starts.</b> The interval log's timestamps are wall-clock epoch milliseconds; the plan's
 * start (its first intended send) is not in the log. It is fitted: at every interval boundary {@code e} the
 * cumulative sent count {@code C} gives a start {@code e - N^-1(C)} ({@code N} the plan's cumulative count), and the
 * median of these is taken. A constant offset of the start changes an interval's expected count only through the
 * rate's slope ({@code slope x offset}: 0.3 messages per ms at 316.7/s per second), so the fit cannot hide a rate
 * error; it only absorbs the mean send lag. The start from the first interval alone (its count inverted) is printed
 * beside it as a cross-check.
 *
 * <p><b>Resolution.</b> Interval boundaries are whole milliseconds, so one interval's length is known to about
 * +-1 ms: +-0.1 % of a 1 s interval's count at any rate, the floor of the per-second figure. A 10 s window's is
 * +-0.01 %.
 *
 * <p>Usage (Java 17 single-file launch, the loadgen jar on the class path):
 * <pre>java -cp loadgen.jar bench/RampAccuracy.java HLOG PLAN CONFIRM_TAG INTERVALS_PER_WINDOW</pre>
 * PLAN: one stage per line, {@code start_s end_s from_per_s to_per_s}, contiguous from 0 (bench/run.sh takes it from
 * {@code loadgen profile}). Output: TSV lines whose first field names the section: {@code second} (one per whole
 * interval inside the plan), {@code window}, {@code stage}, {@code summary} (key, value); each section's header line
 * starts with {@code #}.
 */
public final class RampAccuracy {

    record Stage(double start, double end, double from, double to) {
        double slope() {
            return (to - from) / (end - start);
        }
    }

    record Interval(long startMs, long endMs, Histogram sendLag, long confirmed) {
        long sent() {
            return sendLag.getTotalCount();
        }
    }

    private final List<Stage> stages;
    private final double total;

    RampAccuracy(List<Stage> stages) {
        this.stages = stages;
        this.total = count(end());
    }

    double end() {
        return stages.get(stages.size() - 1).end();
    }

    /** The plan's cumulative count at {@code t} seconds after its start: the rate's integral from 0 to t. */
    double count(double t) {
        double n = 0;
        for (Stage s : stages) {
            if (t <= s.start()) {
                break;
            }
            double tau = Math.min(t, s.end()) - s.start();
            n += s.from() * tau + s.slope() * tau * tau / 2;
        }
        return n;
    }

    /** The rate at {@code t} (messages per second). */
    double rate(double t) {
        for (Stage s : stages) {
            if (t >= s.start() && t < s.end()) {
                return s.from() + s.slope() * (t - s.start());
            }
        }
        return 0;
    }

    /** The time at which the cumulative count reaches {@code c} (bisection: N is continuous and non-decreasing). */
    double timeAt(double c) {
        if (c <= 0) {
            return 0;
        }
        if (c >= total) {
            return end();
        }
        double lo = 0;
        double hi = end();
        for (int i = 0; i < 100 && hi - lo > 1e-10; i++) {
            double mid = (lo + hi) / 2;
            if (count(mid) < c) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** The stage an interval lies in entirely, or -1 when it straddles a boundary (or lies outside the plan). */
    int stageOf(double from, double to) {
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            if (from >= s.start() - 1e-9 && to <= s.end() + 1e-9) {
                return i;
            }
        }
        return -1;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: RampAccuracy HLOG PLAN CONFIRM_TAG INTERVALS_PER_WINDOW");
            System.exit(2);
        }
        List<Stage> stages = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[1]))) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            stages.add(new Stage(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                Double.parseDouble(f[3])));
        }
        if (stages.isEmpty()) {
            throw new IllegalArgumentException(args[1] + ": no stages");
        }
        new RampAccuracy(stages).report(read(args[0], args[2]), Integer.parseInt(args[3]));
    }

    /** The send_lag intervals in log order, each with the confirmation count of the same report interval. */
    static List<Interval> read(String file, String confirmTag) throws Exception {
        List<Interval> intervals = new ArrayList<>();
        List<Long> confirmed = new ArrayList<>();
        try (HistogramLogReader reader = new HistogramLogReader(file)) {
            EncodableHistogram h;
            while ((h = reader.nextIntervalHistogram()) != null) {
                if ("send_lag".equals(h.getTag())) {
                    Histogram copy = new Histogram(3);
                    copy.add((Histogram) h);
                    intervals.add(new Interval(h.getStartTimeStamp(), h.getEndTimeStamp(), copy, 0));
                } else if (confirmTag.equals(h.getTag())) {
                    confirmed.add(((Histogram) h).getTotalCount());
                }
            }
        }
        // one histogram per tag per report interval, written together: the k-th of each tag belong together
        for (int i = 0; i < intervals.size() && i < confirmed.size(); i++) {
            Interval in = intervals.get(i);
            intervals.set(i, new Interval(in.startMs(), in.endMs(), in.sendLag(), confirmed.get(i)));
        }
        return intervals;
    }

    void report(List<Interval> intervals, int perWindow) {
        int first = -1;
        long sentTotal = 0;
        for (int i = 0; i < intervals.size(); i++) {
            sentTotal += intervals.get(i).sent();
            if (first < 0 && intervals.get(i).sent() > 0) {
                first = i;
            }
        }
        if (first < 0) {
            summary("error", "no sends in the interval log");
            return;
        }
        // The plan's start in epoch seconds: the median over boundaries of (boundary - N^-1(sent before it)),
        // taken where the plan is under way (the cumulative count strictly inside (0, total)).
        List<Double> starts = new ArrayList<>();
        long cumulative = 0;
        for (int i = first; i < intervals.size(); i++) {
            cumulative += intervals.get(i).sent();
            if (cumulative > 0 && cumulative < total) {
                starts.add(intervals.get(i).endMs() / 1000.0 - timeAt(cumulative));
            }
        }
        double firstOnly = intervals.get(first).endMs() / 1000.0 - timeAt(intervals.get(first).sent());
        double t0 = starts.isEmpty() ? firstOnly : median(starts);

        System.out.println("#second\tindex\tstart_s\tlength_s\tstage\trate_of_moment_per_s\texpected\tsent\terr_pct"
            + "\tsend_lag_p99_ms\tconfirmed");
        List<double[]> whole = new ArrayList<>(); // {start, length, expected, sent, confirmed, index in intervals}
        Histogram all = new Histogram(3);
        Histogram[] perStage = new Histogram[stages.size()];
        double[][] stageSums = new double[stages.size()][3]; // expected, sent, worst |err|
        int[] stageIntervals = new int[stages.size()];
        for (int i = 0; i < stages.size(); i++) {
            perStage[i] = new Histogram(3);
        }
        List<Double> errors = new ArrayList<>();
        // seconds in which the generator itself kept up (send-lag p99 at most 2 or 10 ms in the second and in the
        // next one, where its late messages are counted): the plan's accuracy apart from the seconds in which it
        // was late (a starved CPU slides messages from one second into the next)
        double[] lagLimits = {2, 10};
        List<List<Double>> errorsWithLag = List.of(new ArrayList<>(), new ArrayList<>());
        double worst = -1;
        double worstAt = 0;
        int n = 0;
        for (int i = 0; i < intervals.size(); i++) {
            Interval in = intervals.get(i);
            all.add(in.sendLag());
            double from = in.startMs() / 1000.0 - t0;
            double to = in.endMs() / 1000.0 - t0;
            if (from < 0 || to > end() || to <= from) {
                continue; // the plan starts or ends inside it (or it lies outside): not a whole plan interval
            }
            double expected = count(to) - count(from);
            double err = 100.0 * (in.sent() - expected) / expected;
            int stage = stageOf(from, to);
            String stageName = stage >= 0 ? String.valueOf(stage + 1) : "boundary";
            System.out.printf(Locale.ROOT, "second\t%d\t%.3f\t%.3f\t%s\t%.1f\t%.1f\t%d\t%.3f\t%.3f\t%d%n", ++n, from,
                to - from, stageName, expected / (to - from), expected, in.sent(), err, ms(in.sendLag(), 99),
                in.confirmed());
            whole.add(new double[] {from, to - from, expected, in.sent(), in.confirmed(), i});
            errors.add(Math.abs(err));
            for (int l = 0; l < lagLimits.length; l++) {
                double next = i + 1 < intervals.size() ? ms(intervals.get(i + 1).sendLag(), 99) : 0;
                if (Math.max(ms(in.sendLag(), 99), next) <= lagLimits[l]) {
                    errorsWithLag.get(l).add(Math.abs(err));
                }
            }
            if (Math.abs(err) > worst) {
                worst = Math.abs(err);
                worstAt = from;
            }
            if (stage >= 0) {
                perStage[stage].add(in.sendLag());
                stageSums[stage][0] += expected;
                stageSums[stage][1] += in.sent();
                stageSums[stage][2] = Math.max(stageSums[stage][2], Math.abs(err));
                stageIntervals[stage]++;
            }
        }

        System.out.println("#window\tindex\tstart_s\tlength_s\tintervals\texpected\tsent\terr_pct\tconfirmed"
            + "\tconfirmed_err_pct\tsend_lag_p99_ms\tnote");
        double worstWindow = 0;
        int w = 0;
        for (int i = 0; i < whole.size(); i += perWindow) {
            int endIndex = Math.min(whole.size(), i + perWindow);
            double expected = 0;
            double length = 0;
            long sent = 0;
            long confirmed = 0;
            Histogram lag = new Histogram(3);
            for (int j = i; j < endIndex; j++) {
                double[] s = whole.get(j);
                length += s[1];
                expected += s[2];
                sent += (long) s[3];
                confirmed += (long) s[4];
                lag.add(intervals.get((int) s[5]).sendLag()); // histograms added, not percentiles averaged
            }
            double err = 100.0 * (sent - expected) / expected;
            worstWindow = Math.max(worstWindow, Math.abs(err));
            System.out.printf(Locale.ROOT, "window\t%d\t%.3f\t%.3f\t%d\t%.1f\t%d\t%.4f\t%d\t%.4f\t%.3f\t%s%n", ++w,
                whole.get(i)[0], length, endIndex - i, expected, sent, err, confirmed,
                100.0 * (confirmed - expected) / expected, ms(lag, 99), endIndex - i < perWindow ? "short" : "");
        }

        System.out.println("#stage\tindex\tstart_s\tend_s\tfrom_per_s\tto_per_s\twhole_intervals\texpected\tsent"
            + "\terr_pct\tworst_second_err_pct\tsend_lag_p99_ms\tsend_lag_max_ms");
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            double e = stageSums[i][0];
            System.out.printf(Locale.ROOT, "stage\t%d\t%.3f\t%.3f\t%.1f\t%.1f\t%d\t%.1f\t%.0f\t%.4f\t%.3f\t%.3f\t%.3f%n",
                i + 1, s.start(), s.end(), s.from(), s.to(), stageIntervals[i], e, stageSums[i][1],
                e > 0 ? 100.0 * (stageSums[i][1] - e) / e : 0, stageSums[i][2], ms(perStage[i], 99),
                perStage[i].getMaxValue() / 1e6);
        }

        System.out.println("#summary\tkey\tvalue");
        summary("planned_total", String.format(Locale.ROOT, "%.1f", total));
        summary("sent_total_in_log", String.valueOf(sentTotal));
        summary("plan_start_epoch_ms", String.format(Locale.ROOT, "%.3f", t0 * 1000));
        summary("plan_start_first_interval_minus_fit_ms", String.format(Locale.ROOT, "%.3f", (firstOnly - t0) * 1000));
        summary("plan_start_fit_spread_ms_p10_p90", String.format(Locale.ROOT, "%.3f %.3f",
            (percentile(starts, 10) - t0) * 1000, (percentile(starts, 90) - t0) * 1000));
        summary("whole_seconds", String.valueOf(errors.size()));
        summary("second_err_worst_abs_pct", String.format(Locale.ROOT, "%.3f", worst));
        summary("second_err_worst_at_s", String.format(Locale.ROOT, "%.3f", worstAt));
        summary("second_err_median_abs_pct", String.format(Locale.ROOT, "%.3f", errors.isEmpty() ? 0 : median(errors)));
        summary("second_err_p90_abs_pct", String.format(Locale.ROOT, "%.3f", percentile(errors, 90)));
        for (int l = 0; l < lagLimits.length; l++) {
            List<Double> e = errorsWithLag.get(l);
            String limit = String.format(Locale.ROOT, "%.0fms", lagLimits[l]);
            summary("seconds_with_send_lag_p99_le_" + limit, String.valueOf(e.size()));
            summary("second_err_worst_abs_pct_send_lag_p99_le_" + limit,
                String.format(Locale.ROOT, "%.3f", e.isEmpty() ? 0 : percentile(e, 100)));
            summary("second_err_median_abs_pct_send_lag_p99_le_" + limit,
                String.format(Locale.ROOT, "%.3f", e.isEmpty() ? 0 : median(e)));
        }
        summary("window_err_worst_abs_pct", String.format(Locale.ROOT, "%.4f", worstWindow));
        summary("send_lag_p99_ms_whole_log", String.format(Locale.ROOT, "%.3f", ms(all, 99)));
        summary("send_lag_p999_ms_whole_log", String.format(Locale.ROOT, "%.3f", ms(all, 99.9)));
        summary("send_lag_max_ms_whole_log", String.format(Locale.ROOT, "%.3f", all.getMaxValue() / 1e6));
    }

    private static void summary(String key, String value) {
        System.out.println("summary\t" + key + "\t" + value);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1e6;
    }

    private static double median(List<Double> values) {
        return percentile(values, 50);
    }

    /** Nearest-rank percentile of a list (0 when empty). */
    private static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return 0;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        if (p == 50 && sorted.length % 2 == 0) {
            return (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
