package dev.kpcload.sim;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The capacity, reply delays and faults in the simulator's real pipeline on an {@link io.netty.channel.embedded
 * .EmbeddedChannel} with a frozen clock: every time is the test's.
 */
class FaultHandlersTest {

    private static final String EP = "kp1/av/epmx/tok/";
    private static final String METADATA = "{\"model\":\"A300\"}";

    private SimHarness sim;

    @AfterEach
    void close() {
        if (sim != null) {
            sim.close();
        }
    }

    private SimHarness harness(SimConfig config) {
        sim = new SimHarness(config).frozen().connected();
        return sim;
    }

    private static MqttMessage[] requests(int n, int qos) {
        MqttMessage[] batch = new MqttMessage[n];
        for (int i = 0; i < n; i++) {
            batch[i] = Mqtt.publish(EP + "update/keys/" + i, qos, i + 1, METADATA);
        }
        return batch;
    }

    @Test
    void capacityServesInTurnAndAnswers503PastTheQueue() {
        harness(SimConfig.loopback(0).withCapacity(Capacity.of(1000).withQueue(2)));
        sim.send(requests(5, 0)); // all arrive at once: served at 1, 2, 3 ms; two find the queue full
        List<Frame> now = sim.publishes();
        assertEquals(List.of(EP + "update/keys/3/error", EP + "update/keys/4/error"),
                now.stream().map(Frame::topic).toList());
        assertEquals("{\"statusCode\":503,\"reasonPhrase\":\"service capacity exceeded: queue full\"}",
                now.get(0).payload());
        for (int i = 0; i < 3; i++) {
            assertEquals(List.of(), sim.publishes(), "not before its service ends");
            sim.advance(1);
            assertEquals(List.of(EP + "update/keys/" + i + "/status"),
                    sim.publishes().stream().map(Frame::topic).toList());
        }
        SimStats stats = sim.stats();
        assertEquals(3, stats.capacityAdmitted());
        assertEquals(2, stats.capacityFull());
        assertEquals(Map.of(503, 2L), stats.repliesErrorByStatus());
        assertEquals(3, stats.capacityLatency().count());
        assertEquals(3_000_000, stats.capacityLatency().maxNanos(), 3_000_000 * 0.001);
        assertTrue(stats.formatLine().contains(" | capacity: 3 served, 2 queue full, latency n 3, p50 2.00ms"),
                stats::formatLine);
    }

    @Test
    void aFullQueueCanLeaveRequestsUnanswered() {
        harness(SimConfig.loopback(0).withCapacity(Capacity.of(1000).withQueue(0)
                .withWhenFull(QueueFullAction.DROP).withIncludesPuback(true)));
        sim.send(requests(2, 1));
        assertEquals(List.of(), sim.frames(), "the PUBACK waits for the service; the second request gets nothing");
        sim.advance(1);
        List<Frame> frames = sim.frames();
        assertEquals(List.of(MqttMessageType.PUBACK, MqttMessageType.PUBLISH),
                frames.stream().map(Frame::type).toList());
        assertEquals(1, frames.get(0).packetId());
        sim.advance(10);
        assertEquals(List.of(), sim.frames());
        assertEquals(1, sim.stats().capacityFull());
        assertEquals(Map.of(), sim.stats().repliesErrorByStatus());
    }

    @Test
    void withoutTheCapacityIncludingItThePubackLeavesAtOnce() {
        harness(SimConfig.loopback(0).withCapacity(Capacity.of(100)));
        sim.send(requests(1, 1));
        assertEquals(List.of(MqttMessageType.PUBACK), sim.frames().stream().map(Frame::type).toList());
        sim.advance(10);
        assertEquals(1, sim.publishes().size());
    }

    @Test
    void replyDelaysAreDrawnRecordedAndApplied() {
        harness(SimConfig.loopback(0).withReplyDelay(ReplyDelay.parse("uniform:10ms..20ms", "x")));
        sim.send(requests(200, 0));
        sim.advance(9);
        assertEquals(List.of(), sim.publishes());
        sim.advance(11);
        assertEquals(200, sim.publishes().size());
        DelayStats injected = sim.stats().injectedDelay();
        assertEquals(200, injected.count());
        assertTrue(injected.maxNanos() <= 20_000_000 * 1.001, injected::toString);
        assertEquals(15e6, injected.p50Nanos(), 1.5e6);
        assertTrue(sim.stats().formatLine().contains(" | injected delay n 200, p50 "), sim.stats()::formatLine);
    }

    @Test
    void injectedErrorRepliesReplaceTheAnswerAndAreCounted() {
        harness(SimConfig.loopback(0));
        sim.faults.errorReplies(new Fault.ErrorReplies(FaultTiming.NOW, 1.0, 500, "boom"));
        sim.send(Mqtt.publish(EP + "update/keys/1", 0, 0, METADATA), Mqtt.publish(EP + "update/keys", 0, 0, METADATA));
        List<Frame> replies = sim.publishes();
        assertEquals(1, replies.size(), "a request without ID gets nothing back, error or not");
        assertEquals(EP + "update/keys/1/error", replies.get(0).topic());
        assertEquals("{\"statusCode\":500,\"reasonPhrase\":\"boom\"}", replies.get(0).payload());
        assertEquals(1, sim.store.size(), "only the request without ID was served");
        assertEquals(Map.of(500, 1L), sim.stats().faults().errorRepliesByStatus());
        assertEquals(Map.of(500, 1L), sim.stats().repliesErrorByStatus());

        sim.faults.errorReplies(new Fault.ErrorReplies(FaultTiming.NOW, 0.25, 503, "busy"));
        sim.send(requests(2000, 0));
        long errors = sim.publishes().stream().filter(f -> f.topic().endsWith("/error")).count();
        assertTrue(errors > 420 && errors < 580, errors + " of 2000 at 25 %");
        assertEquals(errors, sim.stats().faults().errorRepliesByStatus().get(503));
    }

    @Test
    void refusedConnectsGetTheChosenReturnCodeAndAreClosed() {
        sim = new SimHarness(SimConfig.loopback(0)).frozen();
        sim.faults.refuseConnects(new Fault.RefuseConnects(FaultTiming.NOW, 1.0, 3));
        sim.send(Mqtt.connect("meter1", 60));
        List<Frame> frames = sim.frames();
        assertEquals(1, frames.size());
        assertEquals(3, frames.get(0).code());
        assertFalse(sim.isOpen());
        assertEquals(1, sim.stats().connectsRefused());
        assertEquals(Map.of(3, 1L), sim.stats().faults().refusalsByCode());
    }

    @Test
    void aStallHoldsReadsAndRepliesUntilItEnds() {
        harness(SimConfig.loopback(0).withResponseDelay(Duration.ofMillis(100)));
        sim.send(Mqtt.publish(EP + "update/keys/1", 1, 1, METADATA));
        assertEquals(1, sim.frames().size(), "the PUBACK");
        long end = sim.nowNanos() + 500_000_000L;
        sim.faults.stall(end);
        ReadGate gate = ReadGate.of(sim.server);
        gate.block(ReadGate.STALL);
        assertFalse(sim.server.config().isAutoRead());
        sim.sendHeld(Mqtt.publish(EP + "update/keys/2", 1, 2, METADATA), Mqtt.simple(MqttMessageType.PINGREQ));
        sim.advance(100);
        assertEquals(List.of(), sim.frames(), "nothing read, and the reply due in the stall waits");
        assertEquals(1, sim.stats().publishes());
        sim.advance(399);
        assertEquals(List.of(), sim.frames());
        sim.faults.unstall();
        gate.unblock(ReadGate.STALL);
        assertTrue(sim.server.config().isAutoRead());
        List<Frame> served = sim.frames();
        assertEquals(List.of(MqttMessageType.PUBACK, MqttMessageType.PINGRESP),
                served.stream().map(Frame::type).toList(), "what was read before the stall's end is served now");
        sim.advance(1);
        assertEquals(List.of(EP + "update/keys/1/status"), sim.publishes().stream().map(Frame::topic).toList(),
                "the reply due in the stall leaves at its end");
        sim.advance(100);
        assertEquals(List.of(EP + "update/keys/2/status"), sim.publishes().stream().map(Frame::topic).toList());
    }

    @Test
    void theKeepaliveCheckIgnoresASilenceOfTheSimulatorsOwn() {
        sim = new SimHarness(SimConfig.loopback(0)).frozen();
        sim.send(Mqtt.connect("meter1", 1));
        sim.frames();
        ReadGate.of(sim.server).block(ReadGate.STALL);
        sim.advance(2000);
        assertTrue(sim.isOpen(), "a stall is no reason to close a client for keepalive");
        ReadGate.of(sim.server).unblock(ReadGate.STALL);
        sim.advance(1500);
        assertFalse(sim.isOpen(), "a silent client still is");
        assertEquals(1, sim.stats().keepaliveTimeouts());
    }

    @Test
    void halfOpenConnectionsAnswerNothingAndNoteHowLongTheClientTookToNotice() {
        sim = new SimHarness(SimConfig.loopback(0)).frozen();
        sim.send(Mqtt.connect("meter1", 1));
        sim.frames();
        HalfOpenHandler.strike(sim.server, sim.counters);
        assertNull(sim.server.pipeline().get(SimChannelInitializer.IDLE), "the simulator's own check is gone");
        sim.send(Mqtt.publish(EP + "update/keys/1", 1, 1, METADATA));
        sim.advance(5000);
        assertTrue(sim.isOpen());
        sim.send(Mqtt.simple(MqttMessageType.PINGREQ));
        sim.advance(1000);
        assertEquals(List.of(), sim.frames());
        sim.server.close(); // as the client's keepalive would
        FaultStats faults = sim.stats().faults();
        assertEquals(1, faults.halfOpen());
        assertEquals(1, faults.halfOpenClosed());
        assertEquals(2, faults.halfOpenIgnored());
        assertEquals(1000e6, faults.pingToClose().maxNanos(), 1e6);
        assertEquals(0, sim.stats().publishes(), "nothing served");
    }

    @Test
    void theSlowReaderPassesBytesOnAtItsRate() {
        harness(SimConfig.loopback(0));
        MqttMessage[] batch = new MqttMessage[30];
        for (int i = 0; i < batch.length; i++) { // all of one size: IDs of four digits
            batch[i] = Mqtt.publish(EP + "update/keys/" + (1000 + i), 0, 0, METADATA);
        }
        int size = Mqtt.encodeToBytes(Mqtt.publish(EP + "update/keys/1000", 0, 0, METADATA)).length;
        sim.faults.slowReader(1000);
        sim.sendHeld(batch);
        assertEquals(List.of(), sim.publishes());
        for (int i = 0; i < 100; i++) {
            sim.advance(10);
        }
        int expected = 1000 / size;
        assertEquals(expected, sim.publishes().size(), "1000 bytes in 1 s, requests of " + size + " bytes");
        assertEquals(1000, sim.stats().faults().slowReaderBytes());
        assertEquals(1, sim.stats().faults().slowReaderPauses());
        assertFalse(sim.server.config().isAutoRead());
        sim.faults.slowReader(0);
        ReadGate.of(sim.server).reevaluate();
        assertEquals(30 - expected, sim.publishes().size(), "the window's end lets the rest through at once");
        assertTrue(sim.server.config().isAutoRead());
    }
}
