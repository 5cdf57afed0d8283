package dev.kpcload.sim;

import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one-job handlers and the value types. */
class SmallHandlersTest {

    @Test
    void readBackpressureStopsReadingWhileTheClientDoesNotDrainReplies() {
        EmbeddedChannel channel = new EmbeddedChannel(ReadBackpressure.INSTANCE);
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        channel.write(Unpooled.wrappedBuffer(new byte[32]));
        assertFalse(channel.isWritable());
        assertFalse(channel.config().isAutoRead());
        channel.flush();
        assertTrue(channel.isWritable());
        assertTrue(channel.config().isAutoRead());
        channel.finishAndReleaseAll();
    }

    @Test
    void errorHandlerClosesAndCountsAllButIoErrors() {
        SimCounters counters = new SimCounters();
        EmbeddedChannel reset = new EmbeddedChannel(new ConnectionErrorHandler(counters));
        reset.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));
        assertFalse(reset.isOpen());
        assertEquals(0, counters.protocolErrors.sum());
        EmbeddedChannel bug = new EmbeddedChannel(new ConnectionErrorHandler(counters));
        bug.pipeline().fireExceptionCaught(new IllegalStateException("bug"));
        assertFalse(bug.isOpen());
        assertEquals(1, counters.protocolErrors.sum());
    }

    @Test
    void trafficCounterCountsConnectionsAndBytes() {
        SimCounters counters = new SimCounters();
        EmbeddedChannel channel = new EmbeddedChannel(new TrafficCounter(counters));
        assertEquals(1, counters.connectionsOpen.sum());
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[5]));
        channel.writeOutbound(Unpooled.wrappedBuffer(new byte[3]));
        assertEquals(5, counters.bytesIn.sum());
        assertEquals(3, counters.bytesOut.sum());
        channel.finishAndReleaseAll();
        assertEquals(0, counters.connectionsOpen.sum());
    }

    @Test
    void configDefaultsAndWithers() {
        SimConfig config = SimConfig.loopback(1883);
        assertEquals("127.0.0.1", config.bindHost());
        assertNull(config.knownTokens());
        assertEquals(ReplyDelay.NONE, config.replyDelay());
        assertEquals(1, config.ioThreads());
        assertEquals(65536, config.maxMessageBytes());
        assertTrue(config.acceptsToken("anything"));
        SimConfig strict = config.withKnownTokens(Set.of("a")).withIoThreads(4)
                .withResponseDelay(Duration.ofMillis(5));
        assertFalse(strict.acceptsToken("b"));
        assertEquals(4, strict.ioThreads());
        assertThrows(IllegalArgumentException.class, () -> config.withIoThreads(0));
        assertThrows(IllegalArgumentException.class, () -> config.withResponseDelay(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> config.withPort(70000));
    }

    @Test
    void statsLine() {
        SimStats stats = new SimStats(2000, 2000, 1, 10, 10000, 3, 9990, Map.of(404, 2L, 400, 8L), 20, 5, 1, 0,
                4, 7, 0, 1000, 900);
        assertEquals(10, stats.repliesError());
        assertEquals("sim: conns 2000 open, 2000 accepted, 1 refused | publishes 10010 (qos0 10, qos1 10000),"
                + " 3 rejected | replies 9990 ok, 10 error (400: 8, 404: 2), 20 without request ID"
                + " | dcx samples 7 | pings 5, subscribes 1 | closed: 0 keepalive, 4 protocol"
                + " | bytes in 1000, out 900", stats.formatLine());
        SimStats decreasing = new SimStats(0, 0, 0, 0, 0, 0, 0, Map.of(), 0, 0, 0, 0, 0, 7, 2, 0, 0);
        assertTrue(decreasing.formatLine().contains(" | dcx samples 7 (2 energy decreases) | "),
                decreasing::formatLine);
    }
}
