package dev.kpcload.fuzz;

import dev.kpcload.kp.SplitMix64;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mutation engine: deterministic per seed, and each MQTT-aware mutation does what its name says. */
class MutatorTest {

    /** PUBLISH QoS 0, topic "a/b", payload "{}"; then PINGREQ. */
    private static final byte[] TWO_FRAMES = HexFormat.of().parseHex("300700036122627b7d" + "c000");
    private static final List<byte[]> CORPUS = List.of(TWO_FRAMES);

    @Test
    void theSameSeedMakesTheSameInputs() {
        ServerBoundCorpus corpus = new ServerBoundCorpus();
        InputMaker maker = new InputMaker(corpus.frames(), corpus.publishes());
        for (int i = 0; i < 200; i++) {
            long seed = SplitMix64.at(42, i);
            assertArrayEquals(maker.make(new SplittableRandom(seed)), maker.make(new SplittableRandom(seed)));
        }
    }

    @Test
    void framesAreFoundByTheirHeaders() {
        assertArrayEquals(new int[] {0, 9}, Frames.starts(TWO_FRAMES));
        assertEquals(7, Frames.remainingLength(TWO_FRAMES, 0));
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F}, Frames.varint(268_435_455));
        assertArrayEquals(new byte[] {(byte) 0x80, 0x01}, Frames.varint(128));
    }

    @Test
    void aRemainingLengthLieRewritesOnlyTheLengthField() {
        byte[] publish = Arrays.copyOf(TWO_FRAMES, 9);
        byte[] body = Arrays.copyOfRange(publish, 2, publish.length);
        SplittableRandom random = new SplittableRandom(1);
        int changed = 0;
        for (int i = 0; i < 100; i++) {
            byte[] out = Mutator.apply(Mutation.REMAINING_LENGTH_LIE, publish, random, CORPUS);
            assertEquals(0x30, out[0], "the header byte stays: " + HexFormat.of().formatHex(out));
            assertArrayEquals(body, Arrays.copyOfRange(out, out.length - body.length, out.length), "the body stays");
            changed += Arrays.equals(out, publish) ? 0 : 1;
        }
        assertTrue(changed > 50, "most lies differ from the truth: " + changed);
    }

    @Test
    void aShortLengthLieChangesTwoBytes() {
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < 50; i++) {
            byte[] out = Mutator.apply(Mutation.SHORT_LENGTH_LIE, TWO_FRAMES, random, CORPUS);
            assertEquals(TWO_FRAMES.length, out.length);
            int diff = 0;
            for (int j = 0; j < out.length; j++) {
                diff += out[j] != TWO_FRAMES[j] ? 1 : 0;
            }
            assertTrue(diff <= 2, HexFormat.of().formatHex(out));
        }
    }

    @Test
    void everyMutationRunsOnEmptyAndTinyInputs() {
        SplittableRandom random = new SplittableRandom(3);
        for (Mutation m : Mutation.values()) {
            for (byte[] in : List.of(new byte[0], new byte[] {0x30}, TWO_FRAMES)) {
                Mutator.apply(m, in, random, CORPUS); // no exception, whatever the input
            }
        }
    }

    @Test
    void splitReadsJoinToTheInput() {
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 100; i++) {
            List<byte[]> reads = Frames.split(TWO_FRAMES, random);
            assertFalse(reads.isEmpty());
            byte[] joined = reads.stream().reduce(new byte[0], Mutator::concat);
            assertArrayEquals(TWO_FRAMES, joined);
        }
    }

    @Test
    void hostileJsonDiffersFromTheCorpus() {
        byte[] json = "{\"model\":\"m\",\"mac\":\"a\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        SplittableRandom random = new SplittableRandom(5);
        int differs = 0;
        for (int i = 0; i < 200; i++) {
            differs += Arrays.equals(json, JsonMutator.mutate(json, random)) ? 0 : 1;
        }
        assertNotEquals(0, differs);
        assertTrue(differs > 190, "almost every mutation changes the payload: " + differs);
    }
}
