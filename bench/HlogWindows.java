import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Groups a loadgen interval log (--hlog, one histogram per tag per report interval) into fixed windows and prints,
 * per window, the achieved send rate (count of the send_lag tag: one value per message written), the confirmed
 * rate (count of the confirmation tag), both errors against the target rate, and the window's send-lag p99. A warm-up
 * stage's values (tags warmup.send_lag, warmup.TAG) are counted with them: the windows cover every message.
 *
 * The first and the last interval holding sends are partial (the plan starts and ends inside them) and are left
 * out; the remaining whole intervals are grouped N at a time. A window's length is the sum of its intervals'
 * lengths (millisecond timestamps of the log), so the target count is rate x that length.
 *
 * Intervals starting in the first WARMUP_S seconds of whole intervals form their own windows, noted "warmup";
 * the last line, "all", adds up every window after the warm-up (rates and send-lag p99 of the measured part).
 *
 * Run with the loadgen jar on the class path (Java 17 single-file launch):
 *   java -cp loadgen.jar bench/HlogWindows.java FILE RATE_PER_S INTERVALS_PER_WINDOW CONFIRM_TAG WARMUP_S
 * Output: TSV with a header line; a window with fewer intervals than asked (the tail) is noted "short".
 */
public final class HlogWindows {

    record Interval(double startSec, double lengthSec, Histogram sendLag, long confirmed) { }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: HlogWindows FILE RATE_PER_S INTERVALS_PER_WINDOW CONFIRM_TAG WARMUP_S");
            System.exit(2);
        }
        double rate = Double.parseDouble(args[1]);
        int perWindow = Integer.parseInt(args[2]);
        String confirmTag = args[3];
        double skipSec = Double.parseDouble(args[4]);

        // Collect send_lag and confirmation histograms per interval. The log writes each tag once per interval
        // (connect first, then the others; a warm-up value under "warmup.TAG" right after its tag, only in intervals
        // that have one): a tag seen again starts the next interval. Warm-up values are added in, so a run whose
        // profile has a warm-up stage counts every message written, as one without does.
        List<Interval> intervals = new ArrayList<>();
        try (HistogramLogReader reader = new HistogramLogReader(args[0])) {
            EncodableHistogram h;
            Set<String> seen = new HashSet<>();
            Histogram lag = new Histogram(3);
            long confirmed = 0;
            double start = Double.NaN;
            double length = 0;
            while ((h = reader.nextIntervalHistogram()) != null) {
                String tag = h.getTag() == null ? "" : h.getTag();
                if (!seen.add(tag)) {
                    if (!Double.isNaN(start)) {
                        intervals.add(new Interval(start, length, lag, confirmed));
                    }
                    seen.clear();
                    seen.add(tag);
                    lag = new Histogram(3);
                    confirmed = 0;
                    start = Double.NaN;
                }
                String base = tag.startsWith("warmup.") ? tag.substring("warmup.".length()) : tag;
                if ("send_lag".equals(base)) {
                    lag.add((Histogram) h);
                    if (base.equals(tag)) { // the measured tag is written in every interval: its times are the interval's
                        start = h.getStartTimeStamp() / 1000.0;
                        length = (h.getEndTimeStamp() - h.getStartTimeStamp()) / 1000.0;
                    }
                } else if (confirmTag.equals(base)) {
                    confirmed += ((Histogram) h).getTotalCount();
                }
            }
            if (!Double.isNaN(start)) {
                intervals.add(new Interval(start, length, lag, confirmed));
            }
        }
        int first = -1;
        int last = -1;
        for (int i = 0; i < intervals.size(); i++) {
            if (intervals.get(i).sendLag().getTotalCount() > 0) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        System.out.println("window\tstart_s\tlength_s\tsent\tsent_per_s\tsent_err_pct\tconfirmed_per_s"
            + "\tconfirmed_err_pct\tsend_lag_p99_ms\tintervals\tnote");
        if (first < 0 || last - first < 2) {
            return; // no whole interval: nothing to report (the caller treats that as a missing result)
        }
        double t0 = intervals.get(first + 1).startSec();
        Histogram allLag = new Histogram(3);
        double allLength = 0;
        long allConfirmed = 0;
        int window = 0;
        int i = first + 1;
        while (i < last) {
            boolean warmup = intervals.get(i).startSec() - t0 < skipSec - 0.5;
            int end = i;
            while (end < last && end - i < perWindow
                && (intervals.get(end).startSec() - t0 < skipSec - 0.5) == warmup) {
                end++;
            }
            Histogram lag = new Histogram(3);
            double length = 0;
            long confirmed = 0;
            for (int j = i; j < end; j++) {
                lag.add(intervals.get(j).sendLag());
                length += intervals.get(j).lengthSec();
                confirmed += intervals.get(j).confirmed();
            }
            String note = warmup ? "warmup" : end - i < perWindow ? "short" : "";
            print(String.valueOf(++window), intervals.get(i).startSec() - t0, length, lag, confirmed, rate, end - i, note);
            if (!warmup) {
                allLag.add(lag);
                allLength += length;
                allConfirmed += confirmed;
            }
            i = end;
        }
        if (allLength > 0) {
            print("all", skipSec, allLength, allLag, allConfirmed, rate, 0, "after warm-up");
        }
    }

    private static void print(String label, double start, double length, Histogram lag, long confirmed, double rate,
                              int intervals, String note) {
        long sent = lag.getTotalCount();
        double target = rate * length;
        System.out.printf(Locale.ROOT, "%s\t%.3f\t%.3f\t%d\t%.1f\t%.3f\t%.1f\t%.3f\t%.3f\t%d\t%s%n",
            label, start, length, sent, sent / length, 100.0 * (sent - target) / target, confirmed / length,
            100.0 * (confirmed - target) / target, lag.getValueAtPercentile(99) / 1e6, intervals, note);
    }
}
