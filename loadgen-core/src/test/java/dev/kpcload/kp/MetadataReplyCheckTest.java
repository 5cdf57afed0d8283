package dev.kpcload.kp;

import dev.kpcload.kp.MetadataReplyCheck.Outcome;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MetadataReplyCheckTest {

    private static final String MODEL = "MySmartMeter A300";
    private static final String MAC = "02-1A-3F-00-00-07";
    private static final String MAC_END = "\"mac\":\"" + MAC + "\"}";
    private static final MetadataReplyCheck CHECK = new MetadataReplyCheck(MODEL, MAC);

    /** Checks through the scanner and through Jackson, which must agree, in a buffer with bytes around it. */
    private static Outcome check(MetadataReplyCheck check, String json) {
        return check(check, json, false);
    }

    /** As {@link #check(MetadataReplyCheck, String)}; {@code jacksonNeeded}: whether the scanner must hand over. */
    private static Outcome check(MetadataReplyCheck check, String json, boolean jacksonNeeded) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length + 8);
        try {
            buf.writeBytes("HEAD".getBytes(StandardCharsets.US_ASCII)).writeBytes(bytes).writeBytes(new byte[4]);
            buf.readerIndex(4).writerIndex(4 + bytes.length);
            Outcome scanned = check.scan(buf);
            assertEquals(jacksonNeeded, scanned == null, () -> "scanner handed over: " + json);
            Outcome fast = check.check(buf);
            assertEquals(4, buf.readerIndex(), "reader index moved");
            assertEquals(4 + bytes.length, buf.writerIndex(), "writer index moved");
            Outcome jackson = check.withJackson(buf);
            assertEquals(jackson, fast, () -> "scanner and Jackson disagree on " + json);
            return fast;
        } finally {
            buf.release();
        }
    }

    private static Outcome check(String json) {
        return check(CHECK, json);
    }

    private static Outcome checkByJackson(String json) {
        return check(CHECK, json, true);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"model\":\"MySmartMeter A300\",\"mac\":\"02-1A-3F-00-00-07\"}",
        "{\"mac\":\"02-1A-3F-00-00-07\",\"model\":\"MySmartMeter A300\"}",
        " \r\n\t{ \"model\" : \"MySmartMeter A300\" ,\n  \"mac\"\t:\"02-1A-3F-00-00-07\"\r\n}\n ",
        "{\"fw\":\"1.2\",\"model\":\"MySmartMeter A300\",\"n\":-12.5e+3,\"mac\":\"02-1A-3F-00-00-07\",\"ok\":true}",
        "{\"a\":{\"model\":\"other\",\"mac\":[1,{\"x\":null}]},\"model\":\"MySmartMeter A300\","
            + "\"mac\":\"02-1A-3F-00-00-07\",\"b\":[[],{},[[\"s\"]]],\"c\":false,\"d\":0,\"e\":0.25}",
        "{\"note\":\"tab\\t quote\\\" slash\\/ unicode\\u00e9\",\"model\":\"MySmartMeter A300\","
            + "\"mac\":\"02-1A-3F-00-00-07\"}",
        "{\"nested\":{\"k\\u0065y\":\"v\\n\"},\"model\":\"MySmartMeter A300\",\"mac\":\"02-1A-3F-00-00-07\"}",
    })
    void matches(String json) {
        assertEquals(Outcome.MATCH, check(json));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"model\":\"MySmartMeter A301\",\"mac\":\"02-1A-3F-00-00-07\"}",
        "{\"model\":\"MySmartMeter A300\",\"mac\":\"02-1a-3f-00-00-07\"}",
        "{\"model\":\"MySmartMeter A30\",\"mac\":\"02-1A-3F-00-00-07\"}",
        "{\"model\":\"MySmartMeter A3000\",\"mac\":\"02-1A-3F-00-00-07\"}",
        "{\"model\":\"\",\"mac\":\"02-1A-3F-00-00-07\"}",
        "{\"model\":null,\"mac\":\"02-1A-3F-00-00-07\"}",
        "{\"model\":[\"MySmartMeter A300\"],\"mac\":\"02-1A-3F-00-00-07\"}",
        "{\"model\":{\"v\":\"MySmartMeter A300\"},\"mac\":\"02-1A-3F-00-00-07\"}",
        "{\"model\":\"MySmartMeter A300\",\"mac\":7}",
        "{\"model\":\"MySmartMeter A300\",\"mac\":\"02-1A-3F-00-00-07\",\"model\":\"MySmartMeter A300\"}",
        "{\"model\":\"MySmartMeter A301\"}",
        "{\"Model\":\"x\",\"model\":\"MySmartMeter A300\",\"mac\":\"02-1A-3F-00-00-08\"}",
    })
    void mismatches(String json) {
        assertEquals(Outcome.MISMATCH, check(json));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{}",
        " { } ",
        "{\"model\":\"MySmartMeter A300\"}",
        "{\"mac\":\"02-1A-3F-00-00-07\"}",
        "{\"MODEL\":\"MySmartMeter A300\",\"mac\":\"02-1A-3F-00-00-07\"}",
        "{\"models\":\"MySmartMeter A300\",\"mac\":\"02-1A-3F-00-00-07\"}",
        "{\"x\":{\"model\":\"MySmartMeter A300\",\"mac\":\"02-1A-3F-00-00-07\"}}",
    })
    void missingKeys(String json) {
        assertEquals(Outcome.MISSING_KEY, check(json));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", "nope", "null", "[]", "\"model\"", "42",
        "[{\"model\":\"MySmartMeter A300\",\"mac\":\"02-1A-3F-00-00-07\"}]",
        "{\"model\":\"MySmartMeter A300\",\"mac\":\"02-1A-3F-00-00-07\"",
        "{\"model\":\"MySmartMeter A300\",\"mac\":\"02-1A-3F-00-00-07",
        "{\"model\":\"MySmartMeter A300\",\"mac\":\"02-1A-3F-00-00-07\",}",
        "{\"model\":\"MySmartMeter A300\",\"mac\":\"02-1A-3F-00-00-07\"} x",
        "{\"model\":\"MySmartMeter A300\",\"mac\":\"02-1A-3F-00-00-07\"}{}",
        "{\"model\" \"MySmartMeter A300\",\"mac\":\"02-1A-3F-00-00-07\"}",
        "{'model':'MySmartMeter A300','mac':'02-1A-3F-00-00-07'}",
        "{model:\"MySmartMeter A300\",\"mac\":\"02-1A-3F-00-00-07\"}",
        "{\"model\":\"MySmartMeter A300\";\"mac\":\"02-1A-3F-00-00-07\"}",
        "{,}", "{\"a\"}", "{\"a\":}", "{\"a\":1,,\"b\":2}",
        "{\"a\":01,\"model\":\"MySmartMeter A300\",\"mac\":\"02-1A-3F-00-00-07\"}",
        "{\"a\":1.,\"model\":\"MySmartMeter A300\",\"mac\":\"02-1A-3F-00-00-07\"}",
        "{\"a\":.5}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":+1}", "{\"a\":NaN}", "{\"a\":tru}", "{\"a\":nulls}",
        "{\"a\":[1,]}", "{\"a\":[1 2]}", "{\"a\":[}", "{\"a\":{]}", "{\"a\":{\"b\":1]}", "{\"a\":[1}",
        "{\"a\":{\"b\"}}", "{\"a\":{\"b\":1,}}", "{\"a\":\"bad escape \\x\"}", "{\"a\":\"short \\u12\"}",
        "{\"a\":\"raw\ttab\"}", "{\"a\":\"raw\nnewline\"}", "{\"a\":\"unterminated}",
        "{\"a\":1}/*comment*/",
    })
    void notJsonObjects(String json) {
        assertEquals(Outcome.NOT_JSON_OBJECT, check(json));
    }

    @Test
    void escapesInTopLevelKeysAndTargetValuesAreJudgedByJackson() {
        assertEquals(Outcome.MATCH, checkByJackson("{\"mod\\u0065l\":\"MySmartMeter A300\"," + MAC_END));
        assertEquals(Outcome.MATCH, checkByJackson("{\"model\":\"MySmartMeter\\u0020A300\"," + MAC_END));
        assertEquals(Outcome.MISMATCH, checkByJackson("{\"model\":\"MySmartMeter\\tA300\"," + MAC_END));
        assertEquals(Outcome.MISSING_KEY, checkByJackson("{\"k\\\"ey\":1," + MAC_END));
        assertEquals(Outcome.NOT_JSON_OBJECT, checkByJackson("{\"model\":\"MySmartMeter A300\\\"," + MAC_END));
        // a value that must be escaped to be sent at all
        MetadataReplyCheck quoted = new MetadataReplyCheck("Meter \"Q\" 9 \u00e9", MAC);
        assertEquals(Outcome.MATCH, check(quoted, "{\"model\":\"Meter \\\"Q\\\" 9 \u00e9\","
                + MAC_END, true));
        assertEquals(Outcome.MATCH, check(quoted, "{\"model\":\"Meter \\\"Q\\\" 9 \\u00E9\","
                + MAC_END, true));
    }

    @Test
    void nonAsciiValuesCompareAsUtf8() {
        MetadataReplyCheck check = new MetadataReplyCheck("Zähler Ω", MAC);
        assertEquals(Outcome.MATCH, check(check, "{\"model\":\"Zähler Ω\",\"mac\":\"" + MAC + "\"}"));
        assertEquals(Outcome.MISMATCH, check(check, "{\"model\":\"Zahler Ω\",\"mac\":\"" + MAC + "\"}"));
    }

    @Test
    void deepNestingFallsBackToJacksonAndStillAgrees() {
        String deep = "[".repeat(200) + "]".repeat(200);
        assertEquals(Outcome.MATCH, checkByJackson("{\"x\":" + deep + ",\"model\":\"" + MODEL + "\","
                + MAC_END));
        String edge = "[".repeat(MetadataReplyCheck.MAX_FAST_DEPTH) + "]".repeat(MetadataReplyCheck.MAX_FAST_DEPTH);
        assertEquals(Outcome.MATCH, check("{\"x\":" + edge + ",\"model\":\"" + MODEL + "\","
                + MAC_END));
        String mixed = "{\"a\":[".repeat(70) + "1" + "]}".repeat(70);
        assertEquals(Outcome.MISSING_KEY, checkByJackson(mixed));
        assertEquals(Outcome.NOT_JSON_OBJECT, checkByJackson("{\"x\":" + "[".repeat(200) + "]".repeat(199) + "}"));
    }

    @Test
    void theGeneratorsOwnUpdatePayloadMatches() {
        byte[] sent = EpmxPayloads.modelAndMac(MODEL, MAC);
        ByteBuf heap = Unpooled.wrappedBuffer(sent);
        assertEquals(Outcome.MATCH, CHECK.check(heap));
        assertEquals(0, heap.readerIndex());
        assertEquals(Outcome.MATCH, check(new String(sent, StandardCharsets.UTF_8)));
    }
}
