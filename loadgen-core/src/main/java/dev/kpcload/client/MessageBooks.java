package dev.kpcload.client;

import dev.kpcload.metrics.RunCounters;

/**
 * The books of one device's messages: each planned message ends in exactly one fate (confirmed, failed, timed
 * out or dropped), or is still in flight or queued when the books close. The tutorial reports sent on CONNACK
 * ({@code planned == false}) are kept on lines of their own, so that they never enter the plan's balance.
 * Only counts; what is measured in time is recorded where it happens.
 */
final class MessageBooks {

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

    void failed(boolean planned, String kind) {
        if (planned) {
            counters.failed.increment(kind);
        } else {
            counters.reportsFailed.increment(kind);
        }
    }

    /** A 1/KP {@code /error} reply: a planned message fails as {@code error_reply}, a report by its status. */
    void errorReply(boolean planned, int statusCode) {
        if (planned) {
            counters.errorReplies.increment(String.valueOf(statusCode));
            counters.failed.increment("error_reply");
        } else {
            counters.reportsFailed.increment("status_" + statusCode);
        }
    }

    void timedOut(boolean planned) {
        if (planned) {
            counters.timedOut.increment();
        } else {
            counters.reportsFailed.increment("timeout");
        }
    }

    /** A reply or PUBACK that matches nothing in flight (late after a timeout, or unknown): no message's fate. */
    void unmatchedReply() {
        counters.unmatchedReplies.increment();
    }

    /** A planned message that was never sent. */
    void dropped(String reason) {
        counters.dropped.increment(reason);
    }

    void dropped(String reason, int count) {
        counters.dropped.add(reason, count);
    }
}
