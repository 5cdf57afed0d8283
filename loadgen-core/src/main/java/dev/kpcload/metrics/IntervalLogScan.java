package dev.kpcload.metrics;

import dev.kpcload.InvalidInputException;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads an interval log one histogram at a time (a long run's log decoded at once would not fit in memory), with
 * absolute timestamps (epoch ms) and tags.
 */
public final class IntervalLogScan {

    /**
     * What a log held.
     *
     * @param startMillis the log's {@code StartTime} header, epoch ms; 0 without one
     */
    public record Result(long startMillis, int intervals) {
    }

    private IntervalLogScan() {
    }

    /**
     * @param wholeOnly for the log of a run that was killed: stop at a torn last line instead of failing
     */
    public static Result scan(Path input, boolean wholeOnly, Consumer<Histogram> each) {
        if (!Files.isRegularFile(input)) {
            throw new InvalidInputException(input + ": no such file");
        }
        int count = 0;
        try (HistogramLogReader reader = new HistogramLogReader(input.toFile())) {
            while (true) {
                EncodableHistogram next;
                try {
                    next = reader.nextIntervalHistogram();
                } catch (RuntimeException e) {
                    if (wholeOnly) {
                        break; // the line being written when the process died
                    }
                    throw new InvalidInputException(input + ": not an HdrHistogram interval log (" + e.getMessage()
                        + ")");
                }
                if (next == null) {
                    break;
                }
                if (!(next instanceof Histogram histogram)) {
                    throw new InvalidInputException(input + ": holds a double histogram; expected integer values");
                }
                each.accept(histogram);
                count++;
            }
            return new Result(Math.round(reader.getStartTimeSec() * 1000), count);
        } catch (FileNotFoundException e) {
            throw new InvalidInputException(input + ": cannot read: " + e.getMessage());
        }
    }

    /** Every interval of a log, packed. */
    public static List<PackedHistogram> packed(Path input, boolean wholeOnly) {
        List<PackedHistogram> intervals = new ArrayList<>();
        scan(input, wholeOnly, h -> intervals.add(PackedHistogram.of(h)));
        return intervals;
    }
}
