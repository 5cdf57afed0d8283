package dev.kpcload.kp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.*;

class KpTopicsTest {

    private static final String AV = "demo_application_v1";
    private static final String TOK = "JTjdbENzHh";

    @Test
    void resourceGetKeysWithoutIdIsNotARequestId() {
        KpTopic t = KpTopics.parseRequest("kp1/" + AV + "/epmx/" + TOK + "/get/keys").topic();
        assertEquals("get/keys", t.resourcePath());
        assertFalse(t.hasRequestId());
    }

    @Test
    void trailingDigitsAreTheRequestId() {
        KpTopic t = KpTopics.parseRequest("kp1/" + AV + "/epmx/" + TOK + "/get/5").topic();
        assertEquals("get", t.resourcePath());
        assertEquals(5, t.requestId());
    }

    @Test
    void getKeysWithRequestId() {
        KpTopic t = KpTopics.parseRequest("kp1/" + AV + "/epmx/" + TOK + "/get/keys/5").topic();
        assertEquals(new KpTopic(AV, "epmx", TOK, "get/keys", 5), t);
    }

    @Test
    void requestIdZeroIsAccepted() {
        assertEquals(0, KpTopics.parseRequest("kp1/AV/epmx/TOK/get/0").topic().requestId());
    }

    @Test
    void renderAndParseAreInverse() {
        KpTopic t = new KpTopic(AV, "epmx", TOK, "update/keys", 42);
        assertEquals("kp1/demo_application_v1/epmx/JTjdbENzHh/update/keys/42", t.render());
        assertEquals(t, KpTopics.parseRequest(t.render()).topic());
        assertEquals("kp1/demo_application_v1/epmx/JTjdbENzHh/update/keys/42/status", t.statusTopic());
        assertEquals("kp1/demo_application_v1/epmx/JTjdbENzHh/update/keys/42/error", t.errorTopic());
        KpTopic noId = KpTopic.of(AV, "dcx", TOK, "json");
        assertEquals("kp1/demo_application_v1/dcx/JTjdbENzHh/json", noId.render());
        assertEquals(noId, KpTopics.parseRequest(noId.render()).topic());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "kp2/AV/epmx/TOK/get", "kp1/AV/epmx/TOK", "kp1/AV/epmx/TOK/5", "/kp1/AV/epmx/TOK/get",
        "kp1/AV/epmx/TOK/get/", "kp1//epmx/TOK/get", "kp1/AV/epmx/TOK/get/2147483648",
        "kp1/AV/epmx/TOK/get/99999999999999999999", "kp1/AV/epmx/T+K/get"})
    void malformedTopicsAreRejectedWithAReason(String topic) {
        TopicParse parse = KpTopics.parseRequest(topic);
        assertFalse(parse.isOk(), topic);
        assertNotNull(parse.problem());
    }

    @Test
    void maxRequestIdIsAccepted() {
        assertEquals(KpTopic.MAX_REQUEST_ID, KpTopics.parseRequest("kp1/AV/epmx/TOK/get/2147483647").topic().requestId());
    }

    @Test
    void replyTopicsNameTheirRequest() {
        KpTopics.ReplyParse ok = KpTopics.parseReply("kp1/AV/epmx/TOK/update/keys/42/status");
        assertTrue(ok.isOk());
        assertTrue(ok.success());
        assertEquals(new KpTopic("AV", "epmx", "TOK", "update/keys", 42), ok.request());
        KpTopics.ReplyParse err = KpTopics.parseReply("kp1/AV/epmx/UNKNOWN/get/13/error");
        assertFalse(err.success());
        assertEquals(13, err.request().requestId());
        assertFalse(KpTopics.parseReply("kp1/AV/epmx/TOK/update/keys/status").isOk());
        assertFalse(KpTopics.parseReply("kp1/AV/epmx/TOK/update/keys/42").isOk());
    }

    @Test
    void tokenValidity() {
        assertTrue(KpTopics.isValidToken(TOK));
        for (String bad : new String[] {"", "a/b", "a+b", "a#b", "a\0b", "a b", "a\tb"}) {
            assertFalse(KpTopics.isValidToken(bad), bad);
        }
    }

    @Test
    void errorPayloadRoundTrip() {
        KpErrorPayload p = new KpErrorPayload(400, "Bad \"request\"");
        assertEquals("{\"statusCode\":400,\"reasonPhrase\":\"Bad \\\"request\\\"\"}", new String(p.toJsonBytes()));
        assertEquals(p, KpErrorPayload.parse(p.toJsonBytes()));
        assertEquals(0, KpErrorPayload.parse("oops".getBytes()).statusCode());
    }
}
