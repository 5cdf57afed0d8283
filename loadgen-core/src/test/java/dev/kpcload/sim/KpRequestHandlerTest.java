package dev.kpcload.sim;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PUBLISH handling: PUBACK, reply QoS and packet IDs, request IDs, QoS 2, delays, non-1/KP topics. */
class KpRequestHandlerTest {

    private static final String EP = "kp1/demo_application_v1/epmx/JTjdbENzHh/";
    private static final String METADATA = "{\"model\":\"MySmartMeter A300\",\"mac\":\"00-14-22-01-23-45\"}";

    private SimHarness sim = new SimHarness();

    @AfterEach
    void tearDown() {
        sim.close();
    }

    @Test
    void qos0RequestGetsQos0Reply() {
        sim.connected();
        sim.send(Mqtt.publish(EP + "update/keys/1", 0, 0, METADATA));
        List<Frame> frames = sim.frames();
        assertEquals(1, frames.size(), frames::toString);
        assertEquals(EP + "update/keys/1/status", frames.get(0).topic());
        assertEquals(0, frames.get(0).qos());
        assertEquals(1, sim.stats().publishesQos0());
        assertEquals(1, sim.stats().repliesStatus());
    }

    @Test
    void qos1RequestGetsPubAckFirstThenQos1ReplyWithOwnPacketIds() {
        sim.connected();
        sim.send(Mqtt.publish(EP + "update/keys/1", 1, 500, METADATA), Mqtt.publish(EP + "get/2", 1, 501, ""));
        List<Frame> frames = sim.frames();
        assertEquals(4, frames.size(), frames::toString);
        assertEquals(MqttMessageType.PUBACK, frames.get(0).type());
        assertEquals(500, frames.get(0).packetId());
        assertEquals(EP + "update/keys/1/status", frames.get(1).topic());
        assertEquals(1, frames.get(1).qos());
        assertEquals(1, frames.get(1).packetId());
        assertEquals(MqttMessageType.PUBACK, frames.get(2).type());
        assertEquals(501, frames.get(2).packetId());
        assertEquals(EP + "get/2/status", frames.get(3).topic());
        assertEquals(METADATA, frames.get(3).payload());
        assertEquals(2, frames.get(3).packetId());
        // the client acknowledges our replies; nothing to answer
        sim.send(Mqtt.pubAck(1), Mqtt.pubAck(2));
        assertEquals(List.of(), sim.frames());
        assertTrue(sim.isOpen());
    }

    @Test
    void noRequestIdMeansNoReplyButPubAckForQos1() {
        sim.connected();
        sim.send(Mqtt.publish(EP + "update/keys", 1, 9, METADATA));
        List<Frame> frames = sim.frames();
        assertEquals(1, frames.size());
        assertEquals(MqttMessageType.PUBACK, frames.get(0).type());
        assertEquals(1, sim.stats().noReplyRequests());
        assertEquals(0, sim.stats().repliesStatus());
        assertEquals(1, sim.store.size());
    }

    @Test
    void publishInTheSameReadAsConnectIsServed() {
        // the tutorial client: CONNECT and PUBLISH without waiting for CONNACK, here in ONE buffer
        sim.send(Mqtt.connect("a1b2c3", 60), Mqtt.publish(EP + "update/keys", 0, 0, METADATA),
                Mqtt.publish(EP + "get/keys/3", 0, 0, ""));
        List<Frame> frames = sim.frames();
        assertEquals(2, frames.size(), frames::toString);
        assertEquals(MqttMessageType.CONNACK, frames.get(0).type());
        assertEquals(EP + "get/keys/3/status", frames.get(1).topic());
        assertEquals("[\"model\",\"mac\"]", frames.get(1).payload());
    }

    @Test
    void qos2IsRejectedAndClosesTheConnection() {
        sim.connected();
        sim.send(Mqtt.publish(EP + "update/keys/1", 2, 4, METADATA), Mqtt.publish(EP + "update/keys/2", 0, 0,
                METADATA));
        assertEquals(List.of(), sim.frames());
        assertFalse(sim.isOpen());
        assertEquals(1, sim.stats().publishesRejected());
        assertEquals(0, sim.stats().publishes());
        assertEquals(0, sim.store.size());
    }

    @Test
    void retainFlagIsIgnored() {
        sim.connected();
        MqttMessage retained = Mqtt.publish(EP + "update/keys/1", 0, 0, METADATA);
        sim.send(new io.netty.handler.codec.mqtt.MqttPublishMessage(
                new io.netty.handler.codec.mqtt.MqttFixedHeader(MqttMessageType.PUBLISH, false,
                        io.netty.handler.codec.mqtt.MqttQoS.AT_MOST_ONCE, true, 0),
                (io.netty.handler.codec.mqtt.MqttPublishVariableHeader) retained.variableHeader(),
                (io.netty.buffer.ByteBuf) retained.payload()));
        assertEquals(EP + "update/keys/1/status", sim.publishes().get(0).topic());
    }

    @Test
    void nonKpTopicsAreCountedAsRejectedWithoutReply() {
        sim.connected();
        sim.send(Mqtt.publish("hello/world/1", 1, 1, "x"), Mqtt.publish("kp1/av/epmx/tok/5", 0, 0, ""),
                Mqtt.publish("kp1/av/epmx/tok/get/1/", 0, 0, ""));
        List<Frame> frames = sim.frames();
        assertEquals(1, frames.size(), "only the PUBACK: " + frames);
        assertEquals(3, sim.stats().publishesRejected());
        assertTrue(sim.isOpen());
    }

    @Test
    void unknownExtensionIs404OnTheErrorTopic() {
        sim.connected();
        sim.send(Mqtt.publish("kp1/av/cex/tok/command/reboot/77", 0, 0, "{}"));
        Frame reply = sim.publishes().get(0);
        assertEquals("kp1/av/cex/tok/command/reboot/77/error", reply.topic());
        assertTrue(reply.payload().startsWith("{\"statusCode\":404,\"reasonPhrase\":\"unknown extension"),
                reply.payload());
        assertEquals(1L, sim.stats().repliesErrorByStatus().get(404));
    }

    @Test
    void errorsWithoutRequestIdAreDroppedSilently() {
        sim.connected();
        sim.send(Mqtt.publish(EP + "update/keys", 0, 0, "not json"));
        assertEquals(List.of(), sim.frames());
        assertEquals(1, sim.stats().noReplyRequests());
        assertEquals(0, sim.store.size());
    }

    @Test
    void responseDelayHoldsTheReplyButNotThePubAck() {
        sim.close();
        sim = new SimHarness(SimConfig.loopback(0).withResponseDelay(Duration.ofMillis(500))).frozen();
        sim.connected();
        sim.send(Mqtt.publish(EP + "update/keys/1", 1, 10, METADATA));
        List<Frame> first = sim.frames();
        assertEquals(1, first.size());
        assertEquals(MqttMessageType.PUBACK, first.get(0).type());
        assertEquals(1, sim.store.size(), "the request itself is served at once");
        sim.advance(499);
        assertEquals(List.of(), sim.frames());
        sim.advance(1);
        List<Frame> later = sim.frames();
        assertEquals(1, later.size());
        assertEquals(EP + "update/keys/1/status", later.get(0).topic());
        assertEquals(1, sim.stats().repliesStatus());
    }

    @Test
    void delayedReplyToAClosedConnectionIsDropped() {
        sim.close();
        sim = new SimHarness(SimConfig.loopback(0).withResponseDelay(Duration.ofMillis(100))).frozen();
        sim.connected();
        sim.send(Mqtt.publish(EP + "get/1", 0, 0, ""));
        sim.server.close();
        sim.advance(200);
        assertEquals(List.of(), sim.frames());
        assertEquals(0, sim.stats().repliesStatus());
    }

    @Test
    void manyRequestsInOneReadAreAllAnsweredInOrder() {
        sim.connected();
        MqttMessage[] batch = new MqttMessage[1000];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = Mqtt.publish("kp1/av/dcx/tok/json/" + i, 1, i + 1, "[{\"timestamp\":" + i + "}]");
        }
        sim.send(batch);
        List<Frame> replies = sim.publishes();
        assertEquals(1000, replies.size());
        for (int i = 0; i < replies.size(); i++) {
            assertEquals("kp1/av/dcx/tok/json/" + i + "/status", replies.get(i).topic());
        }
        assertEquals(1000, sim.stats().dcxSamples());
    }

    @Test
    void requestIdWithLeadingZerosIsEchoedAsWritten() {
        sim.connected();
        sim.send(Mqtt.publish(EP + "get/007", 0, 0, ""), Mqtt.publish(EP + "get/keys/00", 0, 0, "x"));
        List<Frame> replies = sim.publishes();
        assertEquals(EP + "get/007/status", replies.get(0).topic());
        assertEquals(EP + "get/keys/00/error", replies.get(1).topic());
    }

    @Test
    void replyPacketIdsWrapAfter65535() {
        assertEquals(1, KpRequestHandler.packetIdAfter(0));
        assertEquals(2, KpRequestHandler.packetIdAfter(1));
        assertEquals(65535, KpRequestHandler.packetIdAfter(65534));
        assertEquals(1, KpRequestHandler.packetIdAfter(65535));
    }
}
