package dev.kpcload.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kpcload.InvalidInputException;
import dev.kpcload.IoReason;
import dev.kpcload.metrics.IntervalListener;
import dev.kpcload.metrics.LatencySample;
import dev.kpcload.metrics.TimelinePoint;
import dev.kpcload.result.JournalLine;
import dev.kpcload.result.RunSummary;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Writes each report interval's books to the run's journal as one JSON line, flushed to the disk at once: when the
 * process is killed (SIGKILL, an out-of-memory kill, a lost node) the journal and the interval log still hold every
 * whole interval, and {@code loadgen report html DIR} rebuilds the summary and the report from them. One write per
 * report interval, on the reporter's thread: nothing on the hot path.
 */
final class IntervalJournal implements IntervalListener, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final FileOutputStream out;
    private final Supplier<RunSummary> books;
    private boolean failed;

    IntervalJournal(Path file, Supplier<RunSummary> books) {
        this.file = file;
        this.books = books;
        try {
            this.out = new FileOutputStream(file.toFile(), false);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot write: " + e.getMessage());
        }
    }

    @Override
    public void onInterval(LatencySample interval, TimelinePoint point) {
        if (failed) {
            return;
        }
        try {
            byte[] line = JSON.writeValueAsBytes(new JournalLine(point, books.get()));
            out.write(line);
            out.write('\n');
            out.getChannel().force(false);
        } catch (IOException e) {
            // a full disk must not end the run: say it once, keep measuring
            failed = true;
            System.err.println("loadgen run: " + file + ": journal not written further: " + IoReason.of(e));
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
