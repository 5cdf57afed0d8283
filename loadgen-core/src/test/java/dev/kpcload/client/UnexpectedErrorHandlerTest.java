package dev.kpcload.client;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.kpcload.client.SessionHarness.status;
import static org.junit.jupiter.api.Assertions.*;

/** An exception a handler throws is counted, closes its connection with a reason, and never reaches the tail. */
class UnexpectedErrorHandlerTest {

    /** Stands for a bug in the handlers: throws on the first message it reads, as ConfirmationHandler might. */
    private static final class Throwing extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            throw new IllegalStateException("a bug");
        }
    }

    private static SessionHarness harness() {
        return new SessionHarness(SessionHarness.settings(ConfirmMode.STATUS, 0, 4, BacklogPolicy.QUEUE, 10));
    }

    @Test
    void theErrorHandlerIsLast() {
        try (SessionHarness h = harness()) {
            h.connect(h.now());
            var names = h.channel().pipeline().names();
            assertEquals("errors", names.get(names.size() - 2), names.toString()); // the tail is the last name
        }
    }

    @Test
    void aThrowAfterConnackIsCountedAndClosesTheConnectionAsHandlerError() {
        try (SessionHarness h = harness()) {
            h.connected();
            h.receive(status(0));
            h.offer(h.now());
            h.channel().pipeline().addBefore("confirmations", "bug", new Throwing());
            h.receive(status(1));
            assertEquals(1, h.counters.handlerErrors.sum());
            assertFalse(h.channel().isOpen());
            assertEquals(Map.of("handler_error", 1L), h.counters.disconnects.snapshot());
            assertEquals(Map.of("connection_lost", 1L), h.counters.failed.snapshot(), "what was in flight");
            assertEquals(0, h.counters.connectedNow.sum());
            h.channel().checkException(); // nothing reached the pipeline's tail
        }
    }

    @Test
    void aThrowBeforeConnackIsAConnectFailure() {
        try (SessionHarness h = harness()) {
            h.connect(h.now());
            h.channel().pipeline().addAfter("connect", "bug", new Throwing());
            h.receive(status(5)); // not a CONNACK: passes the connect handler, meets the bug
            assertEquals(1, h.counters.handlerErrors.sum());
            assertFalse(h.channel().isOpen());
            assertEquals(Map.of("handler_error", 1L), h.counters.connectFailures.snapshot());
            assertEquals(1, h.resolved.get());
            h.session.onConnackAccepted();
            assertEquals(0, h.counters.connected.sum(), "closed: a late CONNACK changes nothing");
            h.channel().checkException();
        }
    }
}
