package dev.kpcload.kp;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageKindTest {

    @Test
    void tagsParseBackAndNothingElseDoes() {
        for (MessageKind kind : MessageKind.values()) {
            assertEquals(Optional.of(kind), MessageKind.parse(kind.tag()));
        }
        assertEquals(Optional.empty(), MessageKind.parse("EPMX-GET"));
        assertEquals(Optional.empty(), MessageKind.parse("epmx_get"));
        assertEquals(Optional.empty(), MessageKind.parse(""));
        assertEquals(Optional.empty(), MessageKind.parse(null));
        assertEquals("epmx-update-keys, epmx-get, dcx-json", MessageKind.tags());
    }

    @Test
    void topicsOfEachKind() {
        String av = "demo_application_v1";
        String tok = "JTjdbENzHh";
        assertEquals("kp1/" + av + "/epmx/" + tok + "/update/keys/42",
                MessageKind.EPMX_UPDATE_KEYS.topic(av, tok).withRequestId(42).render());
        assertEquals("kp1/" + av + "/epmx/" + tok + "/get/0",
                MessageKind.EPMX_GET.topic(av, tok).withRequestId(0).render());
        assertEquals("kp1/" + av + "/dcx/" + tok + "/json/43",
                MessageKind.DCX_JSON.topic(av, tok).withRequestId(43).render());
        assertEquals("kp1/" + av + "/meta/" + tok + "/get", MessageKind.EPMX_GET.topic(av, "meta", tok).render());
        // the parser reads them back as the same resource
        assertEquals("get", KpTopics.parseRequest(MessageKind.EPMX_GET.topic(av, tok).withRequestId(5).render())
                .topic().resourcePath());
    }

    @Test
    void onlyGetNeedsAReply() {
        assertTrue(MessageKind.EPMX_GET.needsReply());
        assertFalse(MessageKind.EPMX_UPDATE_KEYS.needsReply());
        assertFalse(MessageKind.DCX_JSON.needsReply());
        assertEquals("{}", new String(EpmxPayloads.getAll(), java.nio.charset.StandardCharsets.US_ASCII));
    }
}
