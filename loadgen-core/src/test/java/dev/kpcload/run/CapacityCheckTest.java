package dev.kpcload.run;

import dev.kpcload.InvalidInputException;
import dev.kpcload.client.Endpoints;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CapacityCheckTest {

    private static final int[] RANGE = {32768, 60999};
    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 1883);

    @Test
    void nineteenThousandMetersFitWithAnExternalServer() {
        assertDoesNotThrow(() -> CapacityCheck.checkOpenFiles(19_000, false, 60, 20_000));
    }

    @Test
    void theEmbeddedSimulatorNeedsTwoFilesPerMeterAndTheRefusalSaysWhatToDo() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> CapacityCheck.checkOpenFiles(19_000, true, 60, 20_000));
        String message = e.getMessage();
        assertFalse(message.contains("\n"));
        assertTrue(message.startsWith("19,000 meters need about 38,260 open files (two per meter with the embedded "
            + "simulator), but this process may open 20,000 (ulimit -n); it fits about 9,870"), message);
        assertTrue(message.contains("ulimit -n 38260"), message);
        assertTrue(message.contains("2 or more shards (--shards N --shard-index I"), message);
        assertTrue(message.contains("loadgen sim"), message);
    }

    @Test
    void anUnknownLimitChecksNothing() {
        assertDoesNotThrow(() -> CapacityCheck.checkOpenFiles(1_000_000, true, 0, -1));
    }

    @Test
    void oneSourceAddressToOneServerWarnsBeyondThePortRange() {
        List<String> warnings = CapacityCheck.portWarnings(30_000, Endpoints.of(List.of(SERVER)), RANGE);
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).startsWith("warning: 30,000 connections from the default source address to "
            + "127.0.0.1:1883 need more than the 28,232 ephemeral ports"), warnings.get(0));
        assertTrue(warnings.get(0).contains("--bind"), warnings.get(0));
    }

    @Test
    void sourcesAndServersSpreadTheConnections() throws Exception {
        Endpoints twoSources = new Endpoints(List.of(SERVER),
            List.of(InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.3")));
        assertEquals(List.of(), CapacityCheck.portWarnings(50_000, twoSources, RANGE));
        Endpoints twoServers = Endpoints.of(List.of(SERVER, new InetSocketAddress("127.0.0.1", 1884)));
        assertEquals(List.of(), CapacityCheck.portWarnings(50_000, twoServers, RANGE));
        assertEquals(2, CapacityCheck.portWarnings(60_000, twoSources, RANGE).size(), "30,000 per source address");
        assertEquals(List.of(), CapacityCheck.portWarnings(60_000, twoSources, null), "unknown range: no warning");
    }
}
