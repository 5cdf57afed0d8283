package dev.kpcload.cli;

import com.beust.jcommander.JCommander;
import dev.kpcload.sim.Capacity;
import dev.kpcload.sim.Fault;
import dev.kpcload.sim.FaultTiming;
import dev.kpcload.sim.QueueFullAction;
import dev.kpcload.sim.ReplyDelay;
import dev.kpcload.sim.SimConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code loadgen sim}'s flags: what they configure, what --help says, one line and exit 2 for each mistake. */
class SimCommandTest {

    private static SimConfig configOf(String... args) {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        SimCommand command = new SimCommand(sink, sink);
        JCommander.newBuilder().addObject(command).build().parse(args);
        return command.config();
    }

    @Test
    void flagsConfigureCapacityDelaysAndFaults(@TempDir Path dir) throws Exception {
        Path plan = dir.resolve("faults.yaml");
        Files.writeString(plan, "faults:\n  - restart:\n    at: 1m\n    for: 2s\n");
        SimConfig config = configOf("--port", "0", "--seed", "9", "--capacity", "2k/s", "--queue", "50",
            "--queue-full", "drop", "--capacity-includes-puback", "--response-delay", "lognormal:p50=5ms,p99=80ms",
            "--faults", plan.toString(), "--stall", "at=10s,for=2s", "--stall", "at=30s,for=1s",
            "--error-replies", "ratio=5%,status=500,reason=down for maintenance", "--half-open", "share=10%,at=5s");
        assertEquals(9, config.seed());
        assertEquals(new Capacity(2000, 50, QueueFullAction.DROP, true), config.capacity());
        assertEquals(new ReplyDelay.LogNormal(Duration.ofMillis(5), Duration.ofMillis(80)), config.replyDelay());
        long s = 1_000_000_000L;
        assertEquals(List.of(new Fault.Restart(new FaultTiming(60 * s, 2 * s, 0)),
            new Fault.Stall(new FaultTiming(10 * s, 2 * s, 0)), new Fault.Stall(new FaultTiming(30 * s, s, 0)),
            new Fault.ErrorReplies(FaultTiming.NOW, 0.05, 500, "down for maintenance"),
            new Fault.HalfOpen(new FaultTiming(5 * s, 0, 0), 0.1)), config.faults().faults());
        assertEquals("seed 9 | response delay lognormal:p50=5ms,p99=80ms | capacity 2k/s, queue 50, when full drop,"
            + " PUBACK included | faults restart at 60s for 2s; stall at 10s for 2s; stall at 30s for 1s;"
            + " error-replies 5% as 500 at 0s; half-open 10% at 5s", SimCommand.describe(config));
    }

    @Test
    void withoutFlagsNothingIsAdded() {
        SimConfig config = configOf();
        assertNull(config.capacity());
        assertTrue(config.replyDelay().isZero());
        assertTrue(config.faults().isEmpty());
        assertEquals(Capacity.DEFAULT_QUEUE, configOf("--capacity", "100/s").capacity().queue());
    }

    @Test
    void helpDocumentsEveryNewFlag() {
        assertEquals(0, CliHarness.run("sim", "--help").exitCode());
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        StringBuilder usage = new StringBuilder();
        JCommander.newBuilder().addObject(new SimCommand(sink, sink)).programName("loadgen sim").build()
            .getUsageFormatter().usage(usage);
        for (String flag : List.of("--capacity", "--queue", "--queue-full", "--capacity-includes-puback",
            "--response-delay", "uniform:A..B", "lognormal:p50=X,p99=Y", "--seed", "--faults", "--stall",
            "--error-replies", "--refuse-connects", "--drop-connections", "--half-open", "--slow-reader", "--restart",
            "every=D")) {
            assertTrue(usage.toString().contains(flag), flag + " in:\n" + usage);
        }
    }

    @Test
    void eachMistakeIsOneLineAndExit2(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "faults:\n  - stall:\n    for: 2\n");
        String[][] cases = {
            {"loadgen sim: --capacity: expected a rate like 500/s, 30000/min, 2.5k/s or 50/ms, got 'fast'",
                "--capacity", "fast"},
            {"loadgen sim: --queue: only with --capacity R/s", "--queue", "10"},
            {"loadgen sim: --capacity-includes-puback: only with --capacity R/s", "--capacity-includes-puback"},
            {"loadgen sim: --queue-full: expected one of error, drop, got 'reject'", "--capacity", "10/s",
                "--queue-full", "reject"},
            {"loadgen sim: --queue: expected a whole number from 0 to 2147483647, got '-1'", "--capacity", "10/s",
                "--queue", "-1"},
            {"loadgen sim: --response-delay: uniform:A..B needs A <= B, got 'uniform:9ms..1ms'", "--response-delay",
                "uniform:9ms..1ms"},
            {"loadgen sim: --stall: missing for (how long it stalls, like 2s)", "--stall", "at=1s"},
            {"loadgen sim: --error-replies: unknown key 'share' in --error-replies (expected one of: ratio, status,"
                + " reason, at, for, every)", "--error-replies", "share=1%"},
            {"loadgen sim: " + bad + ":3:10: for: expected a duration like 90s, 10m, 2h or 500ms, got '2'",
                "--faults", bad.toString()},
            {"loadgen sim: " + dir.resolve("none.yaml") + ": no such file", "--faults",
                dir.resolve("none.yaml").toString()},
            {"loadgen sim: --seed: expected a whole number, got 'x'", "--seed", "x"},
            {"loadgen sim: --tls-cert: needs --tls-key as well (the server's certificate and its private key)",
                "--tls-cert", "s.crt"},
            {"loadgen sim: --client-ca: only with --tls-cert and --tls-key", "--client-ca", "ca.crt"},
            {"loadgen sim: --cert-map: only with --client-ca (client certificates)", "--tls-cert", "s.crt",
                "--tls-key", "s.key", "--cert-map", "m.csv"},
        };
        for (String[] c : cases) {
            String[] args = new String[c.length];
            args[0] = "sim";
            System.arraycopy(c, 1, args, 1, c.length - 1);
            CliHarness result = CliHarness.run(args);
            assertEquals(2, result.exitCode(), String.join(" ", args) + ": " + result.err());
            assertEquals(List.of(c[0]), result.errLines(), String.join(" ", args));
        }
    }
}
