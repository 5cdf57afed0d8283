package dev.kpcload.sim;

import dev.kpcload.kp.KpTopic;
import dev.kpcload.kp.KpTopics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DcxAndRouterTest {

    private final SimCounters counters = new SimCounters();
    private final MetadataStore store = new MetadataStore();
    private final DcxStore dcx = new DcxStore();

    private KpOutcome route(SimConfig config, String topic, String payload) {
        KpTopic parsed = KpTopics.parseRequest(topic).topic();
        return KpRequestRouter.standard(config, store, dcx, counters).route(parsed,
                payload.getBytes(StandardCharsets.UTF_8));
    }

    private KpOutcome route(String topic, String payload) {
        return route(SimConfig.loopback(0), topic, payload);
    }

    @Test
    void dcxCountsBatchAndSingleSamples() {
        assertTrue(route("kp1/av/dcx/t/json/1", "[{\"timestamp\":1,\"kWh\":1},{\"timestamp\":2}]").isSuccess());
        assertTrue(route("kp1/av/dcx/t/json", "{\"timestamp\":3}").isSuccess());
        assertEquals(3, counters.dcxSamples.sum());
        assertEquals(0, route("kp1/av/dcx/t/json", "{\"timestamp\":3}").payload().length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "[1]", "[{}, 2]", "3", "nope", "[[{}]]"})
    void dcxBadPayloadsAre400(String payload) {
        KpOutcome outcome = route("kp1/av/dcx/t/json/1", payload);
        assertEquals(400, outcome.statusCode(), outcome::toString);
        assertEquals(0, counters.dcxSamples.sum());
    }

    @Test
    void dcxOtherResourcesAre404() {
        assertEquals(404, route("kp1/av/dcx/t/protobuf/1", "[{}]").statusCode());
    }

    @Test
    void unknownExtensionIs404AndAnyAppVersionIsFine() {
        KpOutcome outcome = route("kp1/av/cmx/t/config/json/1", "{}");
        assertEquals(404, outcome.statusCode());
        assertTrue(outcome.reasonPhrase().contains("cmx"));
        assertTrue(route("kp1/some-other_app-v9/epmx/t/get/1", "").isSuccess());
    }

    @Test
    void tokenCheckComesFirst() {
        SimConfig known = SimConfig.loopback(0).withKnownTokens(Set.of("good"));
        assertEquals(401, route(known, "kp1/av/cmx/bad/x/1", "").statusCode());
        assertEquals(401, route(known, "kp1/av/epmx/bad/update/keys", "{\"a\":1}").statusCode());
        assertEquals(0, store.size());
        assertTrue(route(known, "kp1/av/epmx/good/update/keys", "{\"a\":1}").isSuccess());
    }

    @Test
    void errorReplyPayloadIsExactlyStatusAndReason() {
        assertEquals("{\"statusCode\":404,\"reasonPhrase\":\"x\"}",
                new String(KpOutcome.error(404, "x").replyPayload(), StandardCharsets.UTF_8));
    }
}
