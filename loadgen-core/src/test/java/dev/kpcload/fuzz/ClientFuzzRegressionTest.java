package dev.kpcload.fuzz;

import dev.kpcload.client.ClientFuzzTarget;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Inputs the client fuzz target found escapes with, replayed exactly (each fixed in its own commit). */
class ClientFuzzRegressionTest {

    private static Trial replay(String... readsHex) {
        try (ClientFuzzTarget target = new ClientFuzzTarget()) {
            Trial trial = target.replay(java.util.Arrays.stream(readsHex).map(HexFormat.of()::parseHex).toList());
            assertEquals(List.of(), target.finish());
            return trial;
        }
    }

    /**
     * Seed 20261122, input 3737: a PINGRESP with remaining length 2. KeepAliveHandler took any PINGRESP header for
     * a pong, the decoder's rejection included, so the bad frame was swallowed: no protocol error, connection open.
     */
    @Test
    void aRejectedPingrespClosesWithAProtocolError() {
        Trial trial = replay("d0020004");
        assertEquals(List.of(), trial.problems());
        assertEquals(Outcome.CLOSED_PROTOCOL_ERROR, trial.outcome());
    }

    /** Seed 20261122, input 4113: a PINGRESP claiming 786,431 bytes, beyond the client's 64 KiB limit. */
    @Test
    void anOversizedPingrespClosesWithAProtocolError() {
        Trial trial = replay("d0ffff2f4a546a", "6462");
        assertEquals(List.of(), trial.problems());
        assertEquals(Outcome.CLOSED_PROTOCOL_ERROR, trial.outcome());
    }
}
