package dev.kpcload.metrics;

import dev.kpcload.InvalidInputException;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Merges the interval logs of several shards into one: every interval of every input, in time order, tags kept.
 * Nothing is resampled, so the merged log's distribution per tag is exactly the sum of the inputs'; the totals
 * come back too.
 */
public final class HlogMerge {

    private HlogMerge() {
    }

    /** Per tag, the sum of every interval of every input. */
    public static Map<String, Histogram> merge(List<Path> inputs, Path output) {
        List<Histogram> intervals = new ArrayList<>();
        for (Path input : inputs) {
            intervals.addAll(read(input));
        }
        if (intervals.isEmpty()) {
            throw new InvalidInputException("report merge: the inputs hold no interval histograms");
        }
        intervals.sort(Comparator.comparingLong(Histogram::getStartTimeStamp));
        long start = intervals.get(0).getStartTimeStamp();
        Map<String, Histogram> totals = new TreeMap<>();
        IntervalLog log = new IntervalLog(output, start, "kpc-loadgen merged from " + inputs);
        try (log) {
            for (Histogram interval : intervals) {
                String tag = interval.getTag() == null ? "untagged" : interval.getTag();
                totals.computeIfAbsent(tag, t -> LatencyRecorders.newHistogram()).add(interval);
                log.write(tag, interval);
            }
        }
        return totals;
    }

    /**
     * Every whole interval histogram of the log of a run that may have been killed while writing it: reading stops
     * at a torn last line instead of failing.
     */
    public static List<Histogram> readWhole(Path input) {
        if (!Files.isRegularFile(input)) {
            throw new InvalidInputException(input + ": no such file");
        }
        List<Histogram> intervals = new ArrayList<>();
        try (HistogramLogReader reader = new HistogramLogReader(input.toFile())) {
            while (true) {
                EncodableHistogram next;
                try {
                    next = reader.nextIntervalHistogram();
                } catch (RuntimeException torn) {
                    break; // the line being written when the process died
                }
                if (next == null) {
                    break;
                }
                if (next instanceof Histogram histogram) {
                    intervals.add(histogram);
                }
            }
        } catch (FileNotFoundException e) {
            throw new InvalidInputException(input + ": cannot read: " + e.getMessage());
        }
        return intervals;
    }

    /** Every interval histogram of a log, with absolute timestamps and its tag. */
    public static List<Histogram> read(Path input) {
        if (!Files.isRegularFile(input)) {
            throw new InvalidInputException(input + ": no such file");
        }
        List<Histogram> intervals = new ArrayList<>();
        try (HistogramLogReader reader = new HistogramLogReader(input.toFile())) {
            EncodableHistogram next;
            while ((next = reader.nextIntervalHistogram()) != null) {
                if (!(next instanceof Histogram histogram)) {
                    throw new InvalidInputException(input + ": holds a double histogram; expected integer values");
                }
                intervals.add(histogram);
            }
        } catch (FileNotFoundException e) {
            throw new InvalidInputException(input + ": cannot read: " + e.getMessage());
        } catch (RuntimeException e) {
            if (e instanceof InvalidInputException) {
                throw e;
            }
            throw new InvalidInputException(input + ": not an HdrHistogram interval log (" + e.getMessage() + ")");
        }
        return intervals;
    }
}
