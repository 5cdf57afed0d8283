package dev.kpcload.fuzz;

import dev.kpcload.sim.SimFuzzTarget;
import dev.kpcload.sim.SimStats;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #8 item 8, the simulator's side: seeded hostile input to its decode path (MqttDecoder, session, 1/KP,
 * EPMX and DCX JSON) on fresh connections beside a healthy one; {@code bench/run.sh fuzz} runs a million.
 */
class SimFuzzTest {

    static final long SEED = 20_261_122L;
    static final int INPUTS = Integer.getInteger("fuzz.inputs", 20_000);

    @Test
    void noHostileInputEscapesLeaksOrHarmsTheHealthyConnection() {
        try (SimFuzzTarget target = new SimFuzzTarget()) {
            FuzzReport report = FuzzLoop.run(target, SEED, INPUTS);
            System.out.println(report.summary());
            assertEquals(0, report.violationCount(), report::details);
            SimStats stats = target.stats();
            // the inputs reach every layer, or the test would prove nothing
            assertTrue(report.outcome(Outcome.CLOSED_PROTOCOL_ERROR) > INPUTS / 10, report::summary);
            assertTrue(report.outcome(Outcome.OPEN_SERVED) > INPUTS / 10, report::summary);
            assertTrue(report.outcome(Outcome.CLOSED_REFUSED) > 0, report::summary);
            assertTrue(stats.repliesErrorByStatus().getOrDefault(400, 0L) > INPUTS / 20, stats::toString);
            assertTrue(stats.dcxSamples() > 0, stats::toString);
        }
    }
}
