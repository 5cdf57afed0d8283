package dev.kpcload.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kpcload.sim.CapacityModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code loadgen capacity} end to end: a search against the simulator's capacity model (a simulator process of its
 * own, the generator in another) finds what the model predicts for the SLOs, at two capacities and over a profile's
 * mix; and each mistake in its flags is one line and exit 2.
 *
 * <p>Why these settings hold on a busy 2-core machine. The simulator serves deterministically at R/s with a queue of
 * a third of a second of work ({@code R / 3} requests): a generator or simulator stall shorter than that (GC, a
 * descheduled process) is absorbed without a 503, while above capacity the queue fills within a short step
 * ({@code (R/3) / (rate - R)} s: 2.7 s at 1.125 R). Only {@code error_ratio < 1%} then decides a step: the full
 * queue's sojourn, {@code (R/3 + 1) / R} = 0.34 s, stays under the latency SLO of 500 ms, which only a stall of half a
 * second would break. {@code --max-send-lag 100ms}: a failed step is inconclusive only when the generator was really
 * late, not for a busy machine's few milliseconds. Steps of 1 s ramp, 1 s settle and 2 s (at least 1,000 messages)
 * measured, from half the capacity by 1.5 to within 5 %: about eight steps, 45 s with the connects.
 */
class CapacityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double MAX_ERROR_RATIO = 0.01;
    private static final double MAX_SOJOURN_SECONDS = 0.5;
    private static final String[] SLO_FLAGS = {"--slo", "error_ratio < 1%", "--slo", "p99(status) < 500ms"};

    @TempDir
    Path dir;

    private Path tokens(int count) {
        Path file = dir.resolve("tokens.csv");
        assertEquals(0, CliHarness.run("tokens", "--count", String.valueOf(count), "--seed", "11", "--out",
            file.toString()).exitCode());
        return file;
    }

    /** A third of a second of work: see the class comment. */
    private static int queueFor(int capacity) {
        return capacity / 3;
    }

    /**
     * The highest offered rate whose steady state meets {@code error_ratio < maxErrorRatio} and a sojourn below
     * {@code maxSojournSeconds}, by the simulator's own model. Evenly spaced arrivals and a deterministic server
     * (D/D/1): below capacity nobody waits (sojourn 1/R) and nothing is refused; at capacity the queue stays empty;
     * above it, it grows until full, then every request waits {@code (queue + 1) / R} and a share
     * {@code (rate - R) / rate} is refused. So the answer is the capacity itself, or {@code R / (1 - maxErrorRatio)}
     * where a full queue is still fast enough; found by bisection on the model rather than written down.
     */
    static double modelSustainableRate(double capacity, int queue, double maxErrorRatio, double maxSojournSeconds) {
        double lo = 0;
        double hi = 2 * capacity; // half refused: far beyond any error SLO
        for (int i = 0; i < 80; i++) {
            double mid = (lo + hi) / 2;
            if (meetsInSteadyState(mid, capacity, queue, maxErrorRatio, maxSojournSeconds)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static boolean meetsInSteadyState(double rate, double capacity, int queue, double maxErrorRatio,
                                              double maxSojournSeconds) {
        if (rate < capacity) {
            return CapacityModel.evenSojournSeconds(rate, capacity) < maxSojournSeconds;
        }
        double fullAfter = CapacityModel.secondsUntilFull(rate, capacity, queue);
        if (Double.isInfinite(fullAfter)) {
            return 1 / capacity < maxSojournSeconds; // exactly at capacity: the queue never grows
        }
        return CapacityModel.overloadSojournSeconds(fullAfter, rate, capacity, queue) < maxSojournSeconds
            && CapacityModel.refusedShareWhenFull(rate, capacity) < maxErrorRatio;
    }

    /** What a capacity search process did. */
    private record Search(int exitCode, String output, JsonNode result, double seconds, Path out) {
    }

    private Search search(String name, SimProcess sim, String... more) throws Exception {
        Path out = dir.resolve(name);
        Path log = dir.resolve(name + ".log");
        List<String> args = new ArrayList<>(List.of("capacity", "--server", sim.server(), "--connect-rate", "2k/s",
            "--ramp", "1s", "--settle", "1s", "--measure", "2s", "--min-messages", "1000", "--precision", "5%",
            "--max-send-lag", "100ms", "--report-interval", "1s", "--seed", "5", "--out", out.toString()));
        args.addAll(List.of(more));
        long start = System.nanoTime();
        Process p = JavaProcesses.start(log, args.toArray(String[]::new));
        try {
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the search ended within 3 minutes:\n" + SimProcess.read(log));
        } finally {
            p.destroyForcibly();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String output = SimProcess.read(log);
        Path json = out.resolve("capacity.json");
        JsonNode result = Files.exists(json) ? JSON.readTree(json.toFile()) : null;
        return new Search(p.exitValue(), output, result, seconds, out);
    }

    @ParameterizedTest(name = "capacity {0}/s")
    @ValueSource(ints = {600, 1500})
    void findsTheModelsSustainableRate(int capacity) throws Exception {
        Path tokens = tokens(200);
        int queue = queueFor(capacity);
        double predicted = modelSustainableRate(capacity, queue, MAX_ERROR_RATIO, MAX_SOJOURN_SECONDS);
        Search s;
        try (SimProcess sim = SimProcess.start(dir.resolve("sim.log"), List.of(), "--capacity", capacity + "/s",
            "--queue", String.valueOf(queue), "--seed", "3")) {
            List<String> args = new ArrayList<>(List.of("--tokens", tokens.toString(), "--start-rate",
                (capacity / 2) + "/s"));
            args.addAll(List.of(SLO_FLAGS));
            s = search("search", sim, args.toArray(String[]::new));
        }
        assertEquals(0, s.exitCode(), s.output());
        assertTrue(s.output().contains("== kpc-loadgen capacity: found =="), s.output());
        double found = assertFoundNear(s, predicted);
        System.out.printf(Locale.ROOT, "capacity %d/s (queue %d): found %.1f/s, the model %.1f/s, in %.1f s over %d"
            + " steps%n", capacity, queue, found, predicted, s.seconds(), s.result().get("steps").size());
        assertTrue(Files.size(s.out().resolve("capacity.html")) > 0, "capacity.html written");
        assertTrue(Files.readString(s.out().resolve("capacity.html")).contains("<svg"), "capacity.html has charts");
    }

    /**
     * {@code --shards 2}: two shard processes each connect half the fleet and run half of every step's rate; the
     * search judges each step on their measurements added, and finds what one process would.
     */
    @Test
    void aShardedSearchJudgesTheFleetsStepsAndFindsTheModelsRate() throws Exception {
        int capacity = 800;
        Path tokens = tokens(200);
        int queue = queueFor(capacity);
        double predicted = modelSustainableRate(capacity, queue, MAX_ERROR_RATIO, MAX_SOJOURN_SECONDS);
        Search s;
        try (SimProcess sim = SimProcess.start(dir.resolve("sim.log"), List.of(), "--capacity", capacity + "/s",
            "--queue", String.valueOf(queue), "--seed", "3")) {
            List<String> args = new ArrayList<>(List.of("--tokens", tokens.toString(), "--start-rate",
                (capacity / 2) + "/s", "--shards", "2"));
            args.addAll(List.of(SLO_FLAGS));
            s = search("sharded", sim, args.toArray(String[]::new));
        }
        assertEquals(0, s.exitCode(), s.output());
        assertTrue(s.output().contains("over 2 shard processes"), s.output());
        double found = assertFoundNear(s, predicted);
        for (int shard = 0; shard < 2; shard++) {
            JsonNode summary = JSON.readTree(s.out().resolve("shard-" + shard).resolve("summary.json").toFile());
            assertEquals(100, summary.get("devices").get("connected").asInt(), "each shard its half of the fleet");
            assertTrue(Files.exists(s.out().resolve("capacity-shard-" + shard + ".log")), "shard " + shard + "'s log");
        }
        // the fleet's step is the shards' added: a step measured both halves of its rate
        JsonNode first = s.result().get("steps").get(0);
        assertEquals(first.get("offeredRate").asDouble(), first.get("achievedRate").asDouble(),
            0.02 * first.get("offeredRate").asDouble(), first.toString());
        System.out.printf(Locale.ROOT, "capacity %d/s over 2 shards: found %.1f/s, the model %.1f/s, in %.1f s%n",
            capacity, found, predicted, s.seconds());
    }

    /**
     * The result is FOUND within 10 % of the model, its bracket closed to the precision and held, and the steps'
     * verdicts agree with one another: every step passed or failed (none inconclusive), the bracket's ends are a pass
     * and a failure, and among steps of one length every pass is below every failure (a longer step, a hold, sees a
     * slowly filling queue that a short one misses, so the two lengths are compared apart).
     */
    private static double assertFoundNear(Search s, double predicted) {
        JsonNode r = s.result();
        assertEquals("found", r.get("outcome").asText(), s.output());
        assertTrue(r.has("knee"), "a knee field (null when the curve has none)");
        double found = r.get("maxSustainableRate").asDouble();
        assertTrue(Math.abs(found - predicted) <= 0.10 * predicted, String.format(Locale.ROOT,
            "found %.1f/s, the model predicts %.1f/s:%n%s", found, predicted, s.output()));
        JsonNode bracket = r.get("bracket");
        double lastPass = bracket.get("lastPass").asDouble();
        double firstFail = bracket.get("firstFail").asDouble();
        assertEquals(found, lastPass, 1e-9);
        assertTrue(firstFail > lastPass && (firstFail - lastPass) / lastPass <= 0.05 + 1e-9, bracket.toString());

        JsonNode steps = r.get("steps");
        assertTrue(steps.size() >= 4, "probes, a bisection and a hold: " + steps);
        double shortest = Double.MAX_VALUE;
        for (JsonNode step : steps) {
            shortest = Math.min(shortest, length(step));
        }
        double maxPassShort = 0;
        double minFailShort = Double.MAX_VALUE;
        double maxPassLong = 0;
        double minFailLong = Double.MAX_VALUE;
        boolean failedAtFirstFail = false;
        JsonNode last = steps.get(steps.size() - 1);
        for (JsonNode step : steps) {
            String verdict = step.get("verdict").asText();
            double rate = step.get("offeredRate").asDouble();
            assertFalse(verdict.equals("inconclusive"), "the generator kept up: " + step);
            boolean hold = length(step) >= 2.5 * shortest; // a hold is 3 measure lengths; a slow short step 1.7
            if (verdict.equals("pass")) {
                if (hold) {
                    maxPassLong = Math.max(maxPassLong, rate);
                } else {
                    maxPassShort = Math.max(maxPassShort, rate);
                }
            } else {
                failedAtFirstFail |= Math.abs(rate - firstFail) < 1e-9;
                if (hold) {
                    minFailLong = Math.min(minFailLong, rate);
                } else {
                    minFailShort = Math.min(minFailShort, rate);
                }
            }
        }
        assertTrue(failedAtFirstFail, "a step failed at the bracket's first failure: " + steps);
        assertEquals("pass", last.get("verdict").asText(), "the search ended on the held pass");
        assertEquals(found, last.get("offeredRate").asDouble(), 1e-9);
        assertTrue(length(last) >= 2.5 * shortest, "the found rate was held for a confirmation: " + last);
        assertTrue(maxPassShort < minFailShort, "short steps: every pass below every failure: " + steps);
        assertTrue(maxPassLong < minFailLong, "holds: every pass below every failure: " + steps);
        return found;
    }

    private static double length(JsonNode step) {
        return step.get("endSeconds").asDouble() - step.get("measureStartSeconds").asDouble();
    }

    /**
     * A search over a profile's two-kind mix: its SLO list (one per kind among them, one marked abort, judged without
     * it) finds the capacity as the model says, and every step keeps each kind's latencies beside the whole.
     */
    @Test
    void searchesOverAProfilesMix() throws Exception {
        Path tokens = tokens(200);
        int capacity = 1000;
        int queue = queueFor(capacity);
        Path profile = dir.resolve("mix.yaml");
        Files.writeString(profile, String.join("\n",
            "description: capacity over two kinds",
            "tokens: " + tokens,
            "confirm: status",
            "publish:",
            "  stages:",
            "    - {duration: 10s, target: 100/s}",
            "  mix:",
            "    - {kind: epmx-update-keys, weight: 1}",
            "    - {kind: dcx-json, weight: 1, samples: 1..3}",
            "slo:",
            "  - \"error_ratio < 1%\"",
            "  - \"p99(status) < 500ms\"",
            "  - \"p99(status{kind=dcx-json}) < 500ms abort\"",
            ""));
        double predicted = modelSustainableRate(capacity, queue, MAX_ERROR_RATIO, MAX_SOJOURN_SECONDS);
        Search s;
        try (SimProcess sim = SimProcess.start(dir.resolve("sim.log"), List.of(), "--capacity", capacity + "/s",
            "--queue", String.valueOf(queue), "--seed", "3")) {
            s = search("mix", sim, "--profile", profile.toString(), "--start-rate", (capacity / 2) + "/s");
        }
        assertEquals(0, s.exitCode(), s.output());
        assertTrue(s.output().contains("'p99(status{kind=dcx-json}) < 500ms abort'") && s.output()
            .contains("judged without its abort"), s.output());
        double found = assertFoundNear(s, predicted);
        System.out.printf(Locale.ROOT, "mix, capacity %d/s: found %.1f/s, the model %.1f/s, in %.1f s%n", capacity,
            found, predicted, s.seconds());
        assertEquals(3, s.result().get("slos").size());
        for (JsonNode step : s.result().get("steps")) {
            JsonNode l = step.get("latencies");
            long whole = l.get("status").get("count").asLong();
            long dcx = l.get("status.dcx-json").get("count").asLong();
            long epmx = l.get("status.epmx-update-keys").get("count").asLong();
            assertTrue(dcx > 0 && epmx > 0, "both kinds measured in " + step);
            assertEquals(whole, dcx + epmx, "the kinds' latencies add up to the whole's: " + l);
            assertTrue(l.has("service.dcx-json") && l.has("send_lag.epmx-update-keys"), l.toString());
        }
    }

    /** Each mistake: exit 2 and one line that names the flag, before anything connects. */
    @Test
    void eachMistakeIsOneLineNamingItsFlag() {
        Path tokens = tokens(10);
        String[][] cases = {
            // {the flag the line must name, args...}
            {"--slo: required", "--start-rate", "100/s"},
            {"--rate", "--start-rate", "100/s", "--slo", "error_ratio < 1%", "--rate", "100/s"},
            {"--duration", "--start-rate", "100/s", "--slo", "error_ratio < 1%", "--duration", "10s"},
            {"--start-rate", "--slo", "error_ratio < 1%"},
            {"--factor", "--start-rate", "100/s", "--slo", "error_ratio < 1%", "--factor", "1"},
            {"--precision", "--start-rate", "100/s", "--slo", "error_ratio < 1%", "--precision", "0"},
            {"--slo", "--start-rate", "100/s", "--slo", "p99(status) <"},
            {"--max-rate", "--start-rate", "100/s", "--slo", "error_ratio < 1%", "--max-rate", "50/s"},
            // one shard of a search run elsewhere would search its slice as if it were the fleet
            {"--shard-index: a capacity search starts and steers its shards itself", "--start-rate", "100/s", "--slo",
                "error_ratio < 1%", "--shards", "2", "--shard-index", "1"},
        };
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of("capacity", "--tokens", tokens.toString(),
                "--server", "127.0.0.1:9"));
            args.addAll(List.of(c).subList(1, c.length));
            CliHarness r = CliHarness.run(args.toArray(String[]::new));
            String what = String.join(" ", args);
            assertEquals(2, r.exitCode(), what + "\n" + r.err() + r.out());
            assertEquals(1, r.errLines().size(), what + ": one line, got\n" + r.err());
            String line = r.errLines().get(0);
            assertTrue(line.startsWith("loadgen capacity: ") && line.contains(c[0]), what + ": " + line);
            assertFalse(r.out().contains("connecting"), what + ": nothing connected");
        }
    }

    /**
     * Pod 3 of an Indexed Job would search on its own and drive the whole fleet's load beside pod 0 (the search
     * reads no JOB_COMPLETION_INDEX): refused before anything connects, naming the variable. Pod 0 of a Job of one
     * pod is a search like any other: its next check (the missing --start-rate) is what it hears.
     */
    @Test
    void aSearchIsNotOnePodOfAnIndexedJob() {
        Path tokens = tokens(10);
        String[] args = {"--tokens", tokens.toString(), "--server", "127.0.0.1:9", "--slo", "error_ratio < 1%",
            "--shards", "4"};
        dev.kpcload.InvalidInputException refused = org.junit.jupiter.api.Assertions.assertThrows(
            dev.kpcload.InvalidInputException.class,
            () -> parsedCapacity(args, "--start-rate", "100/s").call(java.util.Map.of("JOB_COMPLETION_INDEX", "3")));
        assertTrue(refused.getMessage().startsWith("JOB_COMPLETION_INDEX=3: this is one pod of an Indexed Job"),
            refused.getMessage());
        dev.kpcload.InvalidInputException next = org.junit.jupiter.api.Assertions.assertThrows(
            dev.kpcload.InvalidInputException.class,
            () -> parsedCapacity(args).call(java.util.Map.of("JOB_COMPLETION_INDEX", "0")));
        assertTrue(next.getMessage().startsWith("--start-rate: required"), next.getMessage());
    }

    /** A capacity command parsed from these arguments, ready to be called with an environment of the test's. */
    private static ParsedCapacity parsedCapacity(String[] args, String... more) {
        java.io.PrintStream sink = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        CapacityCommand command = new CapacityCommand(sink, sink);
        com.beust.jcommander.JCommander parsed = com.beust.jcommander.JCommander.newBuilder().addObject(command).build();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(more));
        parsed.parse(all.toArray(String[]::new));
        return environment -> command.call(parsed, environment);
    }

    private interface ParsedCapacity {
        int call(java.util.Map<String, String> environment) throws InterruptedException;
    }
}
