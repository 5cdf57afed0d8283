package dev.kpcload.sim;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MQTT session concerns of the pipeline: CONNECT rules, PING, SUBSCRIBE, DISCONNECT, keepalive. */
class MqttSessionHandlerTest {

    private static final String TOPIC = "kp1/av/epmx/tok/update/keys/1";

    private SimHarness sim = new SimHarness();

    @AfterEach
    void tearDown() {
        sim.close();
    }

    @Test
    void connectIsAcceptedWithoutSessionPresent() {
        sim.send(Mqtt.connect("abc123", 60));
        List<Frame> frames = sim.frames();
        assertEquals(1, frames.size());
        assertEquals(MqttMessageType.CONNACK, frames.get(0).type());
        assertEquals(0, frames.get(0).code());
        assertTrue(sim.isOpen());
        assertEquals(1, sim.stats().connectsAccepted());
        assertEquals(1, sim.stats().connectionsOpen());
    }

    @Test
    void emptyClientIdWithCleanSessionAndCredentialsAreAccepted() {
        sim.send(MqttMessageBuilders.connect().clientId("").cleanSession(true).protocolVersion(MqttVersion.MQTT_3_1_1)
                .username("user").password("secret".getBytes(StandardCharsets.UTF_8)).keepAlive(60).build());
        assertEquals(0, sim.frames().get(0).code());
    }

    @Test
    void emptyClientIdWithoutCleanSessionIsRejected() {
        sim.send(MqttMessageBuilders.connect().clientId("").cleanSession(false)
                .protocolVersion(MqttVersion.MQTT_3_1_1).build());
        assertEquals(2, sim.frames().get(0).code());
        assertFalse(sim.isOpen());
        assertEquals(1, sim.stats().connectsRefused());
    }

    @Test
    void mqtt31MQIsdpIsAccepted() {
        sim.send(MqttMessageBuilders.connect().clientId("meter-31")
                .protocolVersion(MqttVersion.MQTT_3_1).cleanSession(true).keepAlive(60).build());
        assertEquals(0, sim.frames().get(0).code());
    }

    @Test
    void unknownProtocolLevelIsRefusedAndClosed() {
        // CONNECT, protocol "MQTT" level 7, clean session, keepalive 60, empty client ID
        sim.sendBytes(new byte[] {0x10, 0x0C, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x07, 0x02, 0x00, 0x3C, 0x00, 0x00});
        List<Frame> frames = sim.frames();
        assertEquals(1, frames.size());
        assertEquals(MqttMessageType.CONNACK, frames.get(0).type());
        assertEquals(1, frames.get(0).code(), "unacceptable protocol version");
        assertFalse(sim.isOpen());
        assertEquals(1, sim.stats().connectsRefused());
        assertEquals(0, sim.stats().connectionsOpen());
    }

    @Test
    void mqtt5IsRefusedWithTheMqtt5ReasonCode() {
        sim.send(MqttMessageBuilders.connect().clientId("c").protocolVersion(MqttVersion.MQTT_5).build());
        assertFalse(sim.isOpen());
        assertEquals(1, sim.stats().connectsRefused());
    }

    @Test
    void anyPacketBeforeConnectClosesTheConnection() {
        sim.send(Mqtt.publish(TOPIC, 1, 1, "{\"a\":1}"));
        assertEquals(List.of(), sim.frames());
        assertFalse(sim.isOpen());
        assertEquals(1, sim.stats().protocolErrors());
        assertEquals(0, sim.stats().publishes());
    }

    @Test
    void pingBeforeConnectClosesTheConnection() {
        sim.send(Mqtt.simple(MqttMessageType.PINGREQ));
        assertFalse(sim.isOpen());
        assertEquals(0, sim.stats().pings());
    }

    @Test
    void secondConnectClosesTheConnection() {
        sim.connected();
        sim.send(Mqtt.connect("again", 60));
        assertEquals(List.of(), sim.frames());
        assertFalse(sim.isOpen());
        assertEquals(1, sim.stats().protocolErrors());
    }

    @Test
    void pingIsAnswered() {
        sim.connected();
        sim.send(Mqtt.simple(MqttMessageType.PINGREQ), Mqtt.simple(MqttMessageType.PINGREQ));
        List<Frame> frames = sim.frames();
        assertEquals(2, frames.size());
        assertEquals(MqttMessageType.PINGRESP, frames.get(1).type());
        assertEquals(2, sim.stats().pings());
    }

    @Test
    void subscribeIsGrantedAtMostQos1AndUnsubscribeAcknowledged() {
        sim.connected();
        sim.send(MqttMessageBuilders.subscribe().messageId(7)
                .addSubscription(MqttQoS.AT_MOST_ONCE, "kp1/av/epmx/tok/#")
                .addSubscription(MqttQoS.EXACTLY_ONCE, "kp1/av/epmx/tok/get/+")
                .addSubscription(MqttQoS.AT_LEAST_ONCE, "x").build());
        Frame subAck = sim.frames().get(0);
        assertEquals(MqttMessageType.SUBACK, subAck.type());
        assertEquals(7, subAck.packetId());
        assertEquals(List.of(0, 1, 1), subAck.granted());
        sim.send(MqttMessageBuilders.unsubscribe().messageId(8).addTopicFilter("x").build());
        Frame unsubAck = sim.frames().get(0);
        assertEquals(MqttMessageType.UNSUBACK, unsubAck.type());
        assertEquals(8, unsubAck.packetId());
        assertEquals(1, sim.stats().subscribes());
        assertTrue(sim.isOpen());
    }

    @Test
    void disconnectClosesAndDropsWhatFollowsInTheSameRead() {
        sim.connected();
        sim.send(Mqtt.simple(MqttMessageType.DISCONNECT), Mqtt.publish(TOPIC, 1, 3, "{\"a\":1}"));
        assertEquals(List.of(), sim.frames());
        assertFalse(sim.isOpen());
        assertEquals(0, sim.stats().protocolErrors());
        assertEquals(0, sim.stats().publishes());
        assertEquals(0, sim.store.size());
    }

    @Test
    void keepaliveIsEnforcedAtOneAndAHalfTimes() {
        sim.send(Mqtt.connect("k", 10));
        sim.frames();
        sim.advance(14_000);
        assertTrue(sim.isOpen());
        sim.send(Mqtt.simple(MqttMessageType.PINGREQ)); // life at 14 s: the limit restarts
        sim.advance(14_000);
        assertTrue(sim.isOpen(), "28 s: 14 s after the ping");
        sim.advance(1_100);
        assertFalse(sim.isOpen(), "15.1 s of silence");
        assertEquals(1, sim.stats().keepaliveTimeouts());
    }

    @Test
    void keepaliveZeroIsNeverEnforced() {
        sim.send(Mqtt.connect("k", 0));
        sim.frames();
        assertNull(sim.server.pipeline().get(SimChannelInitializer.IDLE));
        sim.advance(3_600_000);
        assertTrue(sim.isOpen());
    }

    @Test
    void keepaliveTimerIsInstalledOnlyAfterConnect() {
        assertNull(sim.server.pipeline().get(SimChannelInitializer.IDLE));
        sim.connected();
        assertNotNull(sim.server.pipeline().get(SimChannelInitializer.IDLE));
    }

    @Test
    void decoderFailureClosesTheConnection() {
        sim.connected();
        // PUBLISH with QoS 3 in the fixed header: malformed
        sim.sendBytes(new byte[] {0x36, 0x03, 0x00, 0x01, 'x'});
        assertFalse(sim.isOpen());
        assertEquals(1, sim.stats().protocolErrors());
    }

    @Test
    void messageAboveTheSizeLimitClosesTheConnection() {
        sim.close();
        sim = new SimHarness(SimConfig.loopback(0).withMaxMessageBytes(100));
        sim.connected();
        sim.send(Mqtt.publish(TOPIC, 0, 0, "{\"a\":\"" + "x".repeat(200) + "\"}"));
        assertFalse(sim.isOpen());
        assertEquals(1, sim.stats().protocolErrors());
        assertEquals(0, sim.store.size());
    }

    @Test
    void qos2FlowPacketsAreProtocolErrors() {
        sim.connected();
        sim.sendBytes(Unpooled.wrappedBuffer(new byte[] {0x50, 0x02, 0x00, 0x01})); // PUBREC
        assertFalse(sim.isOpen());
        assertEquals(1, sim.stats().protocolErrors());
    }

    @Test
    void bytesAreCounted() {
        byte[] connect = Mqtt.encodeToBytes(Mqtt.connect("abc", 60));
        sim.sendBytes(connect);
        sim.frames();
        assertEquals(connect.length, sim.stats().bytesIn());
        assertEquals(4, sim.stats().bytesOut(), "CONNACK is 4 bytes");
    }
}
