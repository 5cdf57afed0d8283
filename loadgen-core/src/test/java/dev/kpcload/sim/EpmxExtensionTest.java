package dev.kpcload.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EpmxExtensionTest {

    private static final String TOK = "tok1";
    private final MetadataStore store = new MetadataStore();
    private final EpmxExtension epmx = new EpmxExtension(store);

    private KpOutcome call(String resource, String payload) {
        return epmx.handle(TOK, resource, payload.getBytes(StandardCharsets.UTF_8));
    }

    private String ok(String resource, String payload) {
        KpOutcome outcome = call(resource, payload);
        assertTrue(outcome.isSuccess(), () -> resource + " " + payload + ": " + outcome.reasonPhrase());
        return new String(outcome.payload(), StandardCharsets.UTF_8);
    }

    private String bad(String resource, String payload) {
        KpOutcome outcome = call(resource, payload);
        assertEquals(400, outcome.statusCode(), () -> resource + " " + payload);
        assertNull(outcome.payload());
        return outcome.reasonPhrase();
    }

    @Test
    void updateKeysMergesKeepingInsertionOrder() {
        assertEquals("", ok("update/keys", "{\"a\":1,\"b\":{\"x\":[1,2]}}"));
        assertEquals("", ok("update/keys", "{\"c\":null,\"a\":\"one\"}"));
        assertEquals("{\"a\":\"one\",\"b\":{\"x\":[1,2]},\"c\":null}", ok("get", ""));
    }

    @Test
    void updateReplacesAll() {
        ok("update/keys", "{\"a\":1,\"b\":2}");
        ok("update", "{\"z\":true}");
        assertEquals("{\"z\":true}", ok("get", "{}"));
        assertEquals("[\"z\"]", ok("get/keys", "[]"));
    }

    @Test
    void getSelectedKeysInRequestedOrderSkippingUnknownOnes() {
        ok("update/keys", "{\"a\":1,\"b\":2,\"c\":3}");
        assertEquals("{\"c\":3,\"a\":1}", ok("get", "{\"keys\":[\"c\",\"nope\",\"a\"]}"));
        assertEquals("{}", ok("get", "{\"keys\":[]}"));
    }

    @Test
    void endpointWithoutMetadataGetsEmptyObjectAndArray() {
        assertEquals("{}", ok("get", ""));
        assertEquals("[]", ok("get/keys", ""));
        assertEquals(0, store.size());
    }

    @Test
    void deleteKeysIgnoresMissingKeysAndKeepsTheEndpoint() {
        ok("update/keys", "{\"a\":1,\"b\":2}");
        assertEquals("", ok("delete/keys", "[\"a\",\"zz\"]"));
        assertEquals("", ok("delete/keys", "[\"b\"]"));
        assertEquals("{}", ok("get", ""));
        assertEquals(1, store.size());
    }

    @Test
    void storeHandsOutCopies() {
        ok("update/keys", "{\"a\":1}");
        store.get(TOK).orElseThrow().put("a", 2);
        assertEquals("{\"a\":1}", ok("get", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{}", "[]", "[{\"a\":1}]", "1", "\"x\"", "not json", "{\"a\":1} trailing",
            "{\"bad key\":1}", "{\"\":1}", "{\"k-1\":1}", "{\"a\":1,\"a\":2}", "{\"a\":1"})
    void badUpdates(String payload) {
        assertTrue(bad("update/keys", payload).startsWith("update/keys: "));
        bad("update", payload);
        assertEquals(0, store.size(), "nothing stored on a bad request");
    }

    @Test
    void reasonsExplainTheProblem() {
        assertEquals("update/keys: expected at least one metadata key, got an empty object",
                bad("update/keys", "{}"));
        assertEquals("update/keys: invalid metadata key 'bad key': keys must match ^[a-zA-Z0-9_]+$",
                bad("update/keys", "{\"bad key\":1}"));
        assertTrue(bad("update/keys", "not json").startsWith("update/keys: payload is not valid JSON: "));
        assertFalse(bad("update/keys", "not json").contains("\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{}", "[1]", "[\"bad key\"]", "\"a\""})
    void badDeletes(String payload) {
        bad("delete/keys", payload);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "{\"keys\":\"a\"}", "{\"keys\":[1]}", "{\"other\":1}", "null", "x"})
    void badGets(String payload) {
        bad("get", payload);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "[\"a\"]", "x"})
    void badGetKeys(String payload) {
        bad("get/keys", payload);
    }

    @ParameterizedTest
    @ValueSource(strings = {"get/all", "update/keys/extra", "keys", "delete"})
    void unknownResourcesAre404(String resource) {
        KpOutcome outcome = call(resource, "{}");
        assertEquals(404, outcome.statusCode());
        assertTrue(outcome.reasonPhrase().contains(resource));
    }

    @Test
    void keyRule() {
        assertTrue(JsonPayloads.isValidKey("Az_09"));
        assertFalse(JsonPayloads.isValidKey(""));
        assertFalse(JsonPayloads.isValidKey("é"));
        assertFalse(JsonPayloads.isValidKey("a.b"));
    }
}
