package dev.kpcload.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kpcload.CannotRunException;
import dev.kpcload.result.RunOutcome;
import dev.kpcload.slo.Measurement;
import dev.kpcload.slo.Window;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A capacity search over several shard processes on this machine: each shard connects its part of the fleet and
 * runs the steps it is sent ({@link RemoteSteps}); this process runs the search, sends every shard each step at
 * the same time, and judges the step on the sum of what they measured (histograms added, counts summed).
 */
final class CapacityCoordinator {

    private final int shards;
    private final IntFunction<List<String>> shardCommand;
    private final Path logDir;
    private final PrintStream out;
    private final PrintStream err;

    /**
     * @param shardCommand the command line of shard {@code i}
     * @param logDir       where each shard's own output goes ({@code capacity-shard-I.log})
     */
    CapacityCoordinator(int shards, IntFunction<List<String>> shardCommand, Path logDir, PrintStream out,
                        PrintStream err) {
        this.shards = shards;
        this.shardCommand = shardCommand;
        this.logDir = logDir;
        this.out = out;
        this.err = err;
    }

    /** Runs the search's steps on the shards until it is done, a shard ends, or a stop is asked for. */
    RunOutcome run(CapacityDriver driver, RunControl control) throws InterruptedException {
        List<Shard> running = new ArrayList<>();
        try {
            for (int i = 0; i < shards; i++) {
                running.add(Shard.start(i, shardCommand.apply(i), logDir));
            }
            out.println("capacity: " + shards + " shard processes started; their output: " + logDir
                + "/capacity-shard-*.log");
            int steps = 0;
            while (!control.stopRequested()) {
                for (Shard shard : running) {
                    if (shard.await("next") == null) {
                        err.println("loadgen capacity: shard " + shard.index + " ended before the search did: "
                            + shard.lastLogLine());
                        return steps == 0 ? RunOutcome.NO_DEVICE_CONNECTED : RunOutcome.STOPPED;
                    }
                }
                SteppedPlan.Step step = driver.next();
                if (step == null) {
                    return RunOutcome.COMPLETED;
                }
                for (Shard shard : running) {
                    shard.send(ShardProtocol.step(step));
                }
                List<SteppedPlan.StepMeasurement> parts = new ArrayList<>();
                Double busiest = null;
                for (Shard shard : running) {
                    JsonNode line = shard.await("measured");
                    if (line == null) {
                        err.println("loadgen capacity: shard " + shard.index + " ended during step " + step.index()
                            + ": " + shard.lastLogLine());
                        return RunOutcome.STOPPED;
                    }
                    parts.add(ShardProtocol.readMeasured(line, step));
                    Double share = ShardProtocol.busiestShare(line);
                    busiest = share == null ? busiest : busiest == null ? share : Math.max(busiest, share);
                }
                // the fleet is as starved as its most starved shard
                driver.measured(sum(parts), busiest);
                steps++;
            }
            return RunOutcome.STOPPED;
        } catch (IOException e) {
            throw new CannotRunException("capacity shards: " + e.getMessage());
        } finally {
            for (Shard shard : running) {
                shard.finish();
            }
        }
    }

    /** The fleet's step: every shard's measurement added, windows by their place in the step. */
    static SteppedPlan.StepMeasurement sum(List<SteppedPlan.StepMeasurement> parts) {
        SteppedPlan.StepMeasurement first = parts.get(0);
        Measurement whole = Measurement.empty();
        List<Window> windows = new ArrayList<>();
        boolean drained = true;
        for (SteppedPlan.StepMeasurement part : parts) {
            whole = whole.plus(part.whole());
            drained &= part.drained();
            for (int i = 0; i < part.windows().size(); i++) {
                Window w = part.windows().get(i);
                if (i < windows.size()) {
                    Window have = windows.get(i);
                    windows.set(i, new Window(have.startSeconds(), have.endSeconds(),
                        have.measurement().plus(w.measurement())));
                } else {
                    windows.add(w);
                }
            }
        }
        // the shards' rates add up, and so do the messages each planned
        return new SteppedPlan.StepMeasurement(first.step(), whole, windows, first.startSeconds(),
            first.measureStartSeconds(), first.endSeconds(), drained);
    }

    /** One shard process and its protocol streams. */
    private static final class Shard {
        final int index;
        final Process process;
        final BufferedReader lines;
        final PrintStream commands;
        final Path log;

        private Shard(int index, Process process, Path log) {
            this.index = index;
            this.process = process;
            this.log = log;
            this.lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        }

        static Shard start(int index, List<String> command, Path logDir) throws IOException {
            Files.createDirectories(logDir);
            Path log = logDir.resolve("capacity-shard-" + index + ".log");
            Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
            return new Shard(index, p, log);
        }

        /** The next protocol line with this key; lines that are not the protocol's are skipped; null at the end. */
        JsonNode await(String key) throws IOException {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.startsWith("{")) {
                    continue;
                }
                JsonNode node = ShardProtocol.JSON.readTree(line);
                if (node.has(key)) {
                    return node;
                }
            }
            return null;
        }

        void send(String line) {
            commands.println(line);
        }

        String lastLogLine() {
            try {
                List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
                for (int i = all.size() - 1; i >= 0; i--) {
                    if (!all.get(i).isBlank()) {
                        return all.get(i) + " (" + log + ")";
                    }
                }
            } catch (IOException ignored) {
                // the log is only for the message
            }
            return "see " + log;
        }

        /** Says done, lets the shard close its books and exit; stops it (by its own PID) if it does not. */
        void finish() throws InterruptedException {
            send(ShardProtocol.done());
            commands.close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }
}
