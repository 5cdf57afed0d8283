package dev.kpcload.client;

import dev.kpcload.metrics.DropReason;
import dev.kpcload.metrics.MessageFailure;
import dev.kpcload.metrics.RunCounters;

/**
 * The books of one device's messages: each planned message ends in exactly one fate (confirmed, failed, timed
 * out or dropped), or is still in flight or queued when the books close. The tutorial reports sent on CONNACK
 * ({@code planned == false}) are kept on lines of their own, so that they never enter the plan's balance.
 * Only counts; what is measured in time is recorded where it happens.
 */
final class MessageBooks {

    /** A report's failure kinds beside {@link MessageFailure}'s: the reports keep an open set (by status). */
    static final String REPORT_TIMEOUT = "timeout";
    static final String REPORT_STATUS_PREFIX = "status_";

    private final RunCounters counters;

    MessageBooks(RunCounters counters) {
        this.counters = counters;
    }

    /** A planned message made due by the plan, in its stream (its kind, measured or warm-up). */
    void scheduled(int stream) {
        counters.scheduled.increment();
        counters.stream(stream).scheduled.increment();
    }

    void sent(boolean planned) {
        sent(planned, 0);
    }

    void sent(boolean planned, int stream) {
        if (planned) {
            counters.sent.increment();
            counters.stream(stream).sent.increment();
        } else {
            counters.reportsSent.increment();
        }
    }

    void confirmed(boolean planned) {
        confirmed(planned, 0);
    }

    void confirmed(boolean planned, int stream) {
        if (planned) {
            counters.confirmed.increment();
            counters.stream(stream).confirmed.increment();
        } else {
            counters.reportsConfirmed.increment();
        }
    }

    void failed(boolean planned, MessageFailure kind) {
        failed(planned, kind, 0);
    }

    void failed(boolean planned, MessageFailure kind, int stream) {
        if (planned) {
            counters.failed.increment(kind);
            counters.stream(stream).failed.increment(kind);
        } else {
            counters.reportsFailed.increment(kind.tag());
        }
    }

    /** A 1/KP {@code /error} reply: a planned message fails as {@code error_reply}, a report by its status. */
    void errorReply(boolean planned, int statusCode) {
        errorReply(planned, statusCode, 0);
    }

    void errorReply(boolean planned, int statusCode, int stream) {
        if (planned) {
            String status = String.valueOf(statusCode);
            counters.errorReplies.increment(status);
            counters.failed.increment(MessageFailure.ERROR_REPLY);
            counters.stream(stream).errorReplies.increment(status);
            counters.stream(stream).failed.increment(MessageFailure.ERROR_REPLY);
        } else {
            counters.reportsFailed.increment(REPORT_STATUS_PREFIX + statusCode);
        }
    }

    void timedOut(boolean planned) {
        timedOut(planned, 0);
    }

    void timedOut(boolean planned, int stream) {
        if (planned) {
            counters.timedOut.increment();
            counters.stream(stream).timedOut.increment();
        } else {
            counters.reportsFailed.increment(REPORT_TIMEOUT);
        }
    }

    /** A reply or PUBACK that matches nothing in flight (late after a timeout, or unknown): no message's fate. */
    void unmatchedReply() {
        counters.unmatchedReplies.increment();
    }

    /** A planned message of stream 0 that was never sent. */
    void dropped(DropReason reason) {
        dropped(reason, 1, 0);
    }

    void dropped(DropReason reason, int count) {
        dropped(reason, count, 0);
    }

    /** Planned messages of a stream that were never sent. */
    void dropped(DropReason reason, int count, int stream) {
        counters.dropped.add(reason, count);
        counters.stream(stream).dropped.add(reason, count);
    }
}
