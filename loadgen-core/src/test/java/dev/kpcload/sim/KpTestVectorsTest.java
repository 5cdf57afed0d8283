package dev.kpcload.sim;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every row of the test vector table in kaa-protocol.md, through the full pipeline, exact bytes. */
class KpTestVectorsTest {

    private static final String AV = "demo_application_v1";
    private static final String TOK = "JTjdbENzHh";
    private static final String EP = "kp1/" + AV + "/epmx/" + TOK + "/";
    private static final String METADATA = "{\"model\":\"MySmartMeter A300\",\"mac\":\"02-1A-3F-00-00-07\"}";

    private final SimHarness sim = new SimHarness(SimConfig.loopback(0).withKnownTokens(Set.of(TOK))).connected();

    @AfterEach
    void tearDown() {
        sim.close();
    }

    private Frame request(String topic, String payload) {
        sim.send(Mqtt.publish(topic, 0, 0, payload));
        List<Frame> replies = sim.publishes();
        assertEquals(1, replies.size(), () -> "replies to " + topic + ": " + replies);
        return replies.get(0);
    }

    private void assertReply(Frame reply, String topic, String payload) {
        assertEquals(topic, reply.topic());
        assertEquals(payload, reply.payload());
    }

    @Test
    void updateKeysWithRequestIdRepliesEmptyStatus() {
        assertReply(request(EP + "update/keys/42", METADATA), EP + "update/keys/42/status", "");
        assertEquals(METADATA, sim.store.get(TOK).orElseThrow().toString());
    }

    @Test
    void updateKeysWithoutRequestIdStoresButRepliesNothing() {
        sim.send(Mqtt.publish(EP + "update/keys", 0, 0, METADATA));
        assertEquals(List.of(), sim.frames());
        assertEquals(METADATA, sim.store.get(TOK).orElseThrow().toString());
        assertEquals(1, sim.stats().noReplyRequests());
    }

    @Test
    void getWithRequestIdZeroRepliesTheMetadataObject() {
        request(EP + "update/keys/42", METADATA);
        assertReply(request(EP + "get/0", "{}"), EP + "get/0/status", METADATA);
    }

    @Test
    void getKeysRepliesTheKeyNamesInInsertionOrder() {
        request(EP + "update/keys/42", METADATA);
        assertReply(request(EP + "get/keys/9", ""), EP + "get/keys/9/status", "[\"model\",\"mac\"]");
    }

    @Test
    void deleteKeysRepliesEmptyStatusAndRemovesTheKey() {
        request(EP + "update/keys/42", METADATA);
        assertReply(request(EP + "delete/keys/11", "[\"mac\"]"), EP + "delete/keys/11/status", "");
        assertEquals("{\"model\":\"MySmartMeter A300\"}", sim.store.get(TOK).orElseThrow().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"bad key\":1}", "not json"})
    void badUpdatePayloadsGet400(String payload) {
        Frame reply = request(EP + "update/keys/12", payload);
        assertEquals(EP + "update/keys/12/error", reply.topic());
        assertTrue(reply.payload().matches("\\{\"statusCode\":400,\"reasonPhrase\":\"[^\"]+\"}"), reply.payload());
        assertEquals(1L, sim.stats().repliesErrorByStatus().get(400));
    }

    @Test
    void unknownTokenGets401() {
        Frame reply = request("kp1/" + AV + "/epmx/UNKNOWN/get/13", "{}");
        assertEquals("kp1/" + AV + "/epmx/UNKNOWN/get/13/error", reply.topic());
        assertTrue(reply.payload().matches("\\{\"statusCode\":401,\"reasonPhrase\":\"[^\"]+\"}"), reply.payload());
    }

    @Test
    void dcxBatchRepliesEmptyStatusAndCountsSamples() {
        assertReply(request("kp1/" + AV + "/dcx/" + TOK + "/json/43", "[{\"timestamp\":1566987697005,\"kWh\":12.5}]"),
                "kp1/" + AV + "/dcx/" + TOK + "/json/43/status", "");
        assertEquals(1, sim.stats().dcxSamples());
    }

    @Test
    void getKeysWithoutIdIsTheResourceGetKeysAndGetWithIdFiveIsGet() {
        request(EP + "update/keys/1", METADATA);
        sim.send(Mqtt.publish(EP + "get/keys", 0, 0, ""));
        assertEquals(List.of(), sim.frames(), "get/keys without ID: no reply");
        assertReply(request(EP + "get/5", ""), EP + "get/5/status", METADATA);
        assertReply(request(EP + "get/keys/5", ""), EP + "get/keys/5/status", "[\"model\",\"mac\"]");
    }
}
