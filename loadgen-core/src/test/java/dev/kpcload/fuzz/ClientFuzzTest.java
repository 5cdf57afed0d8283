package dev.kpcload.fuzz;

import dev.kpcload.client.ClientFuzzTarget;
import dev.kpcload.metrics.RunCounters;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #8 item 8, the client's side: seeded hostile server bytes to a device's reply path (CONNACK, PUBACK,
 * 1/KP {@code /status} and {@code /error}, EPMX {@code get} metadata checks) beside a healthy device on the same
 * lane; {@code bench/run.sh fuzz} runs a million.
 */
class ClientFuzzTest {

    static final long SEED = 20_261_122L;
    static final int INPUTS = Integer.getInteger("fuzz.inputs", 20_000);

    @Test
    void noHostileReplyEscapesLeaksOrHarmsTheHealthyDevice() {
        try (ClientFuzzTarget target = new ClientFuzzTarget()) {
            FuzzReport report = FuzzLoop.run(target, SEED, INPUTS);
            System.out.println(report.summary());
            assertEquals(0, report.violationCount(), report::details);
            RunCounters c = target.counters();
            // the inputs reach every layer, or the test would prove nothing
            assertTrue(report.outcome(Outcome.CLOSED_PROTOCOL_ERROR) > INPUTS / 10, report::summary);
            assertTrue(report.outcome(Outcome.OPEN_SERVED) > INPUTS / 20, report::summary);
            assertTrue(report.outcome(Outcome.CLOSED_REFUSED) > 0, report::summary);
            assertTrue(c.failed.get(dev.kpcload.metrics.MessageFailure.METADATA_MISMATCH) > 0, "metadata mismatches");
            assertTrue(c.errorReplies.snapshot().containsKey("0"), "error bodies that are not JSON: "
                + c.errorReplies.snapshot());
            assertTrue(c.unmatchedReplies.sum() > 0, "unmatched replies");
        }
    }
}
