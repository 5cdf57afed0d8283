package dev.kpcload.fuzz;

import dev.kpcload.sim.SimFuzzTarget;
import dev.kpcload.sim.SimStats;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Inputs the simulator fuzz target found escapes with, replayed exactly (each fixed in its own commit). */
class SimFuzzRegressionTest {

    private static final byte[] CONNECT = HexFormat.of().parseHex("101600044d5154540402003c000a66757a7a2d6d65746572");

    private static SimStats replay(Outcome expected, byte[]... reads) {
        try (SimFuzzTarget target = new SimFuzzTarget()) {
            Trial trial = target.replay(Arrays.asList(reads));
            assertEquals(List.of(), trial.problems());
            assertEquals(expected, trial.outcome());
            assertEquals(List.of(), target.finish());
            return target.stats();
        }
    }

    private static byte[][] hex(String... reads) {
        return Arrays.stream(reads).map(HexFormat.of()::parseHex).toArray(byte[][]::new);
    }

    /**
     * Seed 20261122, input 46017: a DCX batch whose second sample has {@code "timestamp":17E62999999000}. DCX keeps
     * numbers exact (BigDecimal), and Jackson throws a NumberFormatException, not a JsonProcessingException, for an
     * exponent beyond int range: it escaped the extension, and the connection was closed as a protocol error
     * instead of the request being served (as a 400; this one has no request ID, so nothing is published back).
     */
    @Test
    void aDcxNumberWithAnOverflowingExponentIsABadRequest() {
        SimStats stats = replay(Outcome.OPEN_SERVED, hex(
            "101a00044d51545404c2001e00000004757365720006736563726574",
            "32d90100206b70312f66757a7a5f6170702f6463782f66757a7a4d65746572312f6a736f",
            "6eb39e5b7b2274696d657374616d70223a313736323939393939383030302c226b5768223a323435392e3533393236382c2257"
                + "223a313738322c2256223a3233332e337d2c7b2274696d657374616d70223a31374536323939393939393030302c226b57"
                + "68223a323435392e3534303431332c2257223a",
            "343132342c2256223a3232382e377d2c7b2274696d657374616d70223a313736333030303030303030302c226b5768223a3234"
                + "35392e3534313436322c2257223a302900256b70312f66757a7a5f61707064",
            "63782f65706d782f66757a7a4d65746572312f6765742f337b7d"));
        assertEquals(0, stats.protocolErrors());
        assertEquals(1, stats.noReplyRequests(), "the batch was served");
    }

    /** The same with the energy counter, in one read: a 400 reply, the connection stays. */
    @Test
    void aDcxEnergyWithAnOverflowingExponentIsABadRequest() {
        byte[] publish = MqttBytes.publish("kp1/fuzz_app/dcx/fuzzMeter1/json/1", 1, 1,
            "[{\"timestamp\":1,\"kWh\":1E2999999999}]".getBytes(StandardCharsets.UTF_8));
        SimStats stats = replay(Outcome.OPEN_SERVED, CONNECT, publish);
        assertEquals(0, stats.protocolErrors());
        assertEquals(1L, stats.repliesErrorByStatus().get(400));
    }

    /** A get on {@code fuzzMeter1} whose token is grown with x's until the topic is {@code length} bytes. */
    private static byte[] longGet(int length) {
        String head = "kp1/fuzz_app/epmx/fuzzMeter1";
        String tail = "/get/3";
        return MqttBytes.publish(head + "x".repeat(length - head.length() - tail.length()) + tail, 0, 0, new byte[0]);
    }

    /**
     * Seed 20261122, input 11499 (found once the output check looked at reply topics): a request topic of 65,530
     * bytes. Its reply topic, 7 bytes longer, does not fit MQTT's two-byte length, and MqttEncoder wrote the length
     * modulo 65,536: the client read a PUBLISH on topic '' with the rest as payload. Such a request cannot be
     * answered, so it is rejected unserved.
     */
    @Test
    void aRequestTooLongToAnswerIsRejected() {
        SimStats stats = replay(Outcome.OPEN_IDLE, CONNECT, longGet(65_530));
        assertEquals(1, stats.publishesRejected());
        assertEquals(0, stats.protocolErrors());
    }

    /** The longest request topic whose {@code /status} reply still fits is answered. */
    @Test
    void theLongestAnswerableRequestIsAnswered() {
        SimStats stats = replay(Outcome.OPEN_SERVED, CONNECT, longGet(65_535 - "/status".length()));
        assertEquals(0, stats.publishesRejected());
    }
}
