package dev.kpcload.metrics;

import dev.kpcload.InvalidInputException;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a histogram's percentile distribution in HdrHistogram's {@code .hgrm} text format, in milliseconds. */
public final class PercentileFiles {

    private static final double NANOS_PER_MILLI = 1e6;

    private PercentileFiles() {
    }

    public static void write(Histogram nanos, Path file) {
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, "UTF-8")) {
            nanos.outputPercentileDistribution(out, 5, NANOS_PER_MILLI);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot write: " + e.getMessage());
        }
    }
}
