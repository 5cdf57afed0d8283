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

    void sent(boolean planned) {
        if (planned) {
            counters.sent.increment();
        } else {
            counters.reportsSent.increment();
        }
    }

    void confirmed(boolean planned) {
        if (planned) {
            counters.confirmed.increment();
        } else {
            counters.reportsConfirmed.increment();
        }
    }

    void failed(boolean planned, MessageFailure kind) {
        if (planned) {
            counters.failed.increment(kind);
        } else {
            counters.reportsFailed.increment(kind.tag());
        }
    }

    /** A 1/KP {@code /error} reply: a planned message fails as {@code error_reply}, a report by its status. */
    void errorReply(boolean planned, int statusCode) {
        if (planned) {
            counters.errorReplies.increment(String.valueOf(statusCode));
            counters.failed.increment(MessageFailure.ERROR_REPLY);
        } else {
            counters.reportsFailed.increment(REPORT_STATUS_PREFIX + statusCode);
        }
    }

    void timedOut(boolean planned) {
        if (planned) {
            counters.timedOut.increment();
        } else {
            counters.reportsFailed.increment(REPORT_TIMEOUT);
        }
    }

    /** A reply or PUBACK that matches nothing in flight (late after a timeout, or unknown): no message's fate. */
    void unmatchedReply() {
        counters.unmatchedReplies.increment();
    }

    /** A planned message that was never sent. */
    void dropped(DropReason reason) {
        counters.dropped.increment(reason);
    }

    void dropped(DropReason reason, int count) {
        counters.dropped.add(reason, count);
    }
}
