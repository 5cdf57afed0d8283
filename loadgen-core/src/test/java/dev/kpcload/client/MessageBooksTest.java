package dev.kpcload.client;

import dev.kpcload.metrics.DropReason;
import dev.kpcload.metrics.MessageFailure;
import dev.kpcload.metrics.RunCounters;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MessageBooksTest {

    private final RunCounters c = new RunCounters();
    private final MessageBooks books = new MessageBooks(c);

    @Test
    void plannedMessagesAndReportsAreKeptOnTheirOwnLines() {
        books.sent(true);
        books.sent(true);
        books.sent(true);
        books.sent(false);
        books.confirmed(true);
        books.confirmed(false);
        books.failed(true, MessageFailure.CONNECTION_LOST);
        books.timedOut(true);
        assertEquals(3, c.sent.sum());
        assertEquals(1, c.confirmed.sum());
        assertEquals(Map.of("connection_lost", 1L), c.failed.snapshot());
        assertEquals(1, c.timedOut.sum());
        assertEquals(1, c.reportsSent.sum());
        assertEquals(1, c.reportsConfirmed.sum());
        assertEquals(Map.of(), c.reportsFailed.snapshot());
        assertEquals(0, c.inFlightEstimate(), "three sent, three settled");
    }

    @Test
    void errorRepliesFailPlannedMessagesAsErrorReplyAndReportsByStatus() {
        books.errorReply(true, 400);
        books.errorReply(true, 400);
        books.errorReply(false, 401);
        books.timedOut(false);
        books.failed(false, MessageFailure.CONNECTION_LOST);
        assertEquals(Map.of("error_reply", 2L), c.failed.snapshot());
        assertEquals(Map.of("400", 2L), c.errorReplies.snapshot());
        assertEquals(Map.of("status_401", 1L, "timeout", 1L, "connection_lost", 1L), c.reportsFailed.snapshot());
        assertEquals(0, c.timedOut.sum());
    }

    @Test
    void dropsAndUnmatchedReplies() {
        books.dropped(DropReason.NOT_CONNECTED);
        books.dropped(DropReason.UNSENT_AT_STOP, 3);
        books.unmatchedReply();
        assertEquals(Map.of("not_connected", 1L, "unsent_at_stop", 3L), c.dropped.snapshot());
        assertEquals(1, c.unmatchedReplies.sum());
    }
}
