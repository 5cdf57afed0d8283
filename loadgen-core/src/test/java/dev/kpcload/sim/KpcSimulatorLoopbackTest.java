package dev.kpcload.sim;

import dev.kpcload.InvalidInputException;
import io.netty.handler.codec.mqtt.MqttMessageType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulator on a real loopback socket. */
@Timeout(30)
class KpcSimulatorLoopbackTest {

    private static final int CLIENTS = 50;

    private final KpcSimulator sim = KpcSimulator.start(SimConfig.loopback(0).withIoThreads(2));

    @AfterEach
    void tearDown() {
        sim.close();
    }

    @Test
    void fiftyConcurrentMetersUpdateAndGetTheirMetadata() throws Exception {
        InetSocketAddress address = sim.address();
        assertTrue(address.getPort() > 0);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        CountDownLatch allConnected = new CountDownLatch(CLIENTS);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                int meter = i;
                results.add(pool.submit(() -> {
                    meterSession(address, meter, allConnected);
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get(20, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(CLIENTS, sim.metadata().size());
        for (int i = 0; i < CLIENTS; i++) {
            assertEquals(metadata(i), sim.metadata().get(token(i)).orElseThrow().toString());
        }
        awaitValue(0, () -> sim.stats().connectionsOpen());
        SimStats stats = sim.stats();
        assertEquals(CLIENTS, stats.connectsAccepted());
        assertEquals(2L * CLIENTS, stats.publishesQos1());
        assertEquals(2L * CLIENTS, stats.repliesStatus());
        assertEquals(0, stats.repliesError());
        assertEquals(0, stats.protocolErrors());
        assertTrue(stats.bytesIn() > 0 && stats.bytesOut() > 0, stats::formatLine);
        assertTrue(stats.formatLine().startsWith("sim: conns 0 open, 50 accepted"), stats::formatLine);
    }

    private static void meterSession(InetSocketAddress address, int meter, CountDownLatch allConnected)
            throws Exception {
        try (BlockingMqttClient client = new BlockingMqttClient(address)) {
            client.send(Mqtt.connect("meter-" + meter, 60));
            assertEquals(0, client.next().code());
            allConnected.countDown();
            assertTrue(allConnected.await(10, TimeUnit.SECONDS), "all 50 connections open at once");
            String base = "kp1/demo_application_v1/epmx/" + token(meter) + "/";
            client.send(Mqtt.publish(base + "update/keys/" + meter, 1, 1, metadata(meter)));
            assertEquals(MqttMessageType.PUBACK, client.next().type());
            assertEquals(base + "update/keys/" + meter + "/status", client.next().topic());
            client.send(Mqtt.pubAck(1), Mqtt.publish(base + "get/0", 1, 2, "{}"));
            assertEquals(MqttMessageType.PUBACK, client.next().type());
            Frame reply = client.next();
            assertEquals(base + "get/0/status", reply.topic());
            assertEquals(metadata(meter), reply.payload());
            client.send(Mqtt.simple(MqttMessageType.DISCONNECT));
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void dcxBatchesReachTheStoreBehindTheSocket() throws Exception {
        try (BlockingMqttClient client = new BlockingMqttClient(sim.address())) {
            client.send(Mqtt.connect("dcx-meter", 60));
            assertEquals(0, client.next().code());
            String topic = "kp1/demo_application_v1/dcx/dcxtok/json/7";
            client.send(Mqtt.publish(topic, 1, 1,
                    "[{\"timestamp\":1000,\"kWh\":1.250},{\"timestamp\":2000,\"kWh\":1.2}]"));
            assertEquals(MqttMessageType.PUBACK, client.next().type());
            assertEquals(topic + "/status", client.next().topic());
        }
        // the reply is published after the store was updated: no waiting needed
        assertEquals(new DcxSeries(1, 2, 2000, new java.math.BigDecimal("1.2"), 1),
                sim.dcxStore().get("dcxtok").orElseThrow());
        assertEquals(1, sim.stats().dcxEnergyDecreases());
    }

    @Test
    void bindFailureIsOneLineInputError() {
        int port = sim.address().getPort();
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> KpcSimulator.start(SimConfig.loopback(port)));
        assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + port + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void closeClosesClientConnections() throws Exception {
        try (BlockingMqttClient client = new BlockingMqttClient(sim.address())) {
            client.send(Mqtt.connect("c", 60));
            assertEquals(0, client.next().code());
            sim.close();
            assertTrue(client.closedByServer());
        }
        sim.close(); // idempotent
    }

    @Test
    void serverRefusesAProtocolViolationOverTheSocket() throws Exception {
        try (BlockingMqttClient client = new BlockingMqttClient(sim.address())) {
            client.send(Mqtt.simple(MqttMessageType.PINGREQ));
            assertTrue(client.closedByServer());
        }
        awaitValue(1, () -> sim.stats().protocolErrors());
    }

    static String token(int meter) {
        return "tok" + meter;
    }

    static String metadata(int meter) {
        return "{\"model\":\"MySmartMeter A300\",\"mac\":\"02-00-00-00-00-" + String.format("%02X", meter) + "\"}";
    }

    /** Connection counters settle just after the client sees the close. */
    static void awaitValue(long expected, LongSupplier value) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (value.getAsLong() != expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(expected, value.getAsLong());
    }
}
