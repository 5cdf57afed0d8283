package dev.kpcload.sim;

import dev.kpcload.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Fault plans from YAML and from flags: the same values both ways, every problem on one line with its place. */
class FaultPlanReaderTest {

    private static final long S = 1_000_000_000L;

    static final String EXAMPLE = """
            # every fault once
            faults:
              - stall:
                at: 10s
                for: 2s
                every: 1m
              - error-replies: {ratio: 10%, status: 500, reason: overloaded}
                at: 20s
                for: 5s
              - refuse-connects: {ratio: 0.5, code: not-authorized}
                for: 30s
              - drop-connections: {share: 20%}
                at: 5s
                every: 30s
              - drop-connections: {rate: 10/s}
                at: 40s
                for: 5s
              - half-open: {share: 5%}
                at: 15s
              - slow-reader: {bytes-per-second: 2k}
                at: 50s
                for: 10s
              - restart: {}
                at: 70s
                for: 3s
            """;

    @Test
    void readsEveryKindWithItsTiming() {
        FaultPlan plan = FaultPlanReader.parse(EXAMPLE, "faults.yaml");
        assertEquals(List.of(
                new Fault.Stall(new FaultTiming(10 * S, 2 * S, 60 * S)),
                new Fault.ErrorReplies(new FaultTiming(20 * S, 5 * S, 0), 0.1, 500, "overloaded"),
                new Fault.RefuseConnects(new FaultTiming(0, 30 * S, 0), 0.5, 5),
                new Fault.DropConnections(new FaultTiming(5 * S, 0, 30 * S), 0.2, 0),
                new Fault.DropConnections(new FaultTiming(40 * S, 5 * S, 0), 0, 10),
                new Fault.HalfOpen(new FaultTiming(15 * S, 0, 0), 0.05),
                new Fault.SlowReader(new FaultTiming(50 * S, 10 * S, 0), 2000),
                new Fault.Restart(new FaultTiming(70 * S, 3 * S, 0))), plan.faults());
        assertEquals("stall at 10s for 2s every 60s", plan.faults().get(0).describe());
        assertEquals("error-replies 10% as 500 at 20s for 5s", plan.faults().get(1).describe());
        assertEquals("drop-connections 10/s at 40s for 5s", plan.faults().get(4).describe());
    }

    @Test
    void flagsTakeTheSameSettings() {
        assertEquals(new Fault.Stall(new FaultTiming(10 * S, 2 * S, 60 * S)),
                FaultPlanReader.fromFlag(FaultKind.STALL, "at=10s,for=2s,every=1m"));
        assertEquals(new Fault.ErrorReplies(FaultTiming.NOW, 1.0, 503, "injected fault"),
                FaultPlanReader.fromFlag(FaultKind.ERROR_REPLIES, "ratio=100%"));
        assertEquals(new Fault.RefuseConnects(new FaultTiming(0, 5 * S, 0), 0.25, 3),
                FaultPlanReader.fromFlag(FaultKind.REFUSE_CONNECTS, "ratio=25%, for=5s"));
        assertEquals(new Fault.SlowReader(FaultTiming.NOW, 1_500_000),
                FaultPlanReader.fromFlag(FaultKind.SLOW_READER, "bytes-per-second=1.5MB/s"));
        assertEquals(new Fault.Restart(new FaultTiming(S, Duration.ofMillis(500).toNanos(), 0)),
                FaultPlanReader.fromFlag(FaultKind.RESTART, "at=1s,for=500ms"));
    }

    @Test
    void flagProblemsNameTheFlag() {
        flag("--stall: missing for (how long it stalls, like 2s)", FaultKind.STALL, "at=1s");
        flag("--stall: unknown key 'ratio' in --stall (expected one of: at, for, every)", FaultKind.STALL,
                "ratio=1%,for=1s");
        flag("--error-replies: ratio: expected a percentage like 10% or a fraction like 0.1, more than 0 and at most"
                + " 100%, got '150%'", FaultKind.ERROR_REPLIES, "ratio=150%");
        flag("--error-replies: status: expected a whole number from 100 to 599, got '99'", FaultKind.ERROR_REPLIES,
                "ratio=1%,status=99");
        flag("--half-open: half-open: strikes at once and takes no 'for'; repeat it with 'every'",
                FaultKind.HALF_OPEN, "share=5%,for=2s");
        flag("--drop-connections: drop-connections: expected either share (like 20%: that share of the connections at"
                + " once) or rate (like 10/s: connections one at a time), not both", FaultKind.DROP_CONNECTIONS,
                "share=5%,rate=1/s");
        flag("--refuse-connects: code: expected a CONNACK refusal code 1 to 5 or its name"
                + " (unacceptable-protocol-version, identifier-rejected, server-unavailable, bad-user-name-or-password,"
                + " not-authorized), got '7'", FaultKind.REFUSE_CONNECTS, "ratio=1,code=7");
        flag("--stall: stall: 'for' (2s) must be shorter than 'every' (1s)", FaultKind.STALL, "for=2s,every=1s");
        flag("--stall: expected key=value pairs joined by commas (like at=10s,for=2s), got '2s'", FaultKind.STALL,
                "2s");
        flag("--stall: at: expected a duration like 90s, 10m, 2h or 500ms, got '10'", FaultKind.STALL,
                "at=10,for=1s");
        flag("--slow-reader: bytes-per-second: expected bytes per second like 2000, 2k or 1.5M (optionally with"
                + " B/s), at least 1, got 'fast'", FaultKind.SLOW_READER, "bytes-per-second=fast");
    }

    private static void flag(String expected, FaultKind kind, String text) {
        assertEquals(expected, assertThrows(InvalidInputException.class,
                () -> FaultPlanReader.fromFlag(kind, text)).getMessage());
    }

    @Test
    void planProblemsNameFileLineAndColumn() {
        plan("f.yaml:1:1: unknown key 'fault' (expected: faults)", "fault: []\n");
        plan("f.yaml:2:5: unknown key 'stal' in a fault (expected one of: at, for, every, stall, error-replies,"
                + " refuse-connects, drop-connections, half-open, slow-reader, restart)",
                "faults:\n  - stal: {}\n    for: 1s\n");
        plan("f.yaml:2:5: stall: missing for (how long it stalls, like 2s)", "faults:\n  - stall:\n    at: 1s\n");
        plan("f.yaml:3:10: for: expected a duration like 90s, 10m, 2h or 500ms, got 'soon'",
                "faults:\n  - stall:\n    for: soon\n");
        plan("f.yaml:2:28: ratio: expected a percentage like 10% or a fraction like 0.1, more than 0 and at most"
                + " 100%, got '0'", "faults:\n  - error-replies: {ratio: 0}\n");
        plan("f.yaml:2:19: unknown key 'bytes' in slow-reader (expected one of: bytes-per-second)",
                "faults:\n  - slow-reader: {bytes: 10}\n");
        plan("f.yaml:3:5: one fault per item: 'stall' and 'restart' (write a second item)",
                "faults:\n  - stall:\n    restart:\n    for: 1s\n");
        plan("f.yaml:2:5: a fault without its kind (expected one of: stall, error-replies, refuse-connects,"
                + " drop-connections, half-open, slow-reader, restart)", "faults:\n  - at: 1s\n");
        plan("f.yaml:1:9: faults: expected a list of faults (items starting with '- '), got 'stall'",
                "faults: stall\n");
        plan("f.yaml:1:1: empty fault plan: expected 'faults:' and a list of faults such as '- stall: {}' with"
                + " 'at: 10s' and 'for: 2s'", "# nothing\n");
        plan("f.yaml:3:5: duplicate key 'at' (first on line 2)", "faults:\n  - at: 1s\n    at: 2s\n");
    }

    private static void plan(String expected, String text) {
        assertEquals(expected, assertThrows(InvalidInputException.class,
                () -> FaultPlanReader.parse(text, "f.yaml")).getMessage());
    }

    @Test
    void aMissingFileIsOneLine() {
        assertEquals("no/such.yaml: no such file", assertThrows(InvalidInputException.class,
                () -> FaultPlanReader.load(java.nio.file.Path.of("no/such.yaml"))).getMessage());
    }
}
