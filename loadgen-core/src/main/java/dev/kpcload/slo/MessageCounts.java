package dev.kpcload.slo;

/**
 * The messages of a stretch of a run by fate. In a window, each is counted when its fate was decided, so the fates
 * of a window need not add up to its scheduled.
 */
public record MessageCounts(long scheduled, long sent, long confirmed, long failed, long timedOut, long dropped) {

    public static final MessageCounts NONE = new MessageCounts(0, 0, 0, 0, 0, 0);

    /** Messages whose fate is known: the denominator of the error, timeout, drop and confirmed ratios. */
    public long settled() {
        return confirmed + failed + timedOut + dropped;
    }

    public MessageCounts plus(MessageCounts o) {
        return new MessageCounts(scheduled + o.scheduled, sent + o.sent, confirmed + o.confirmed, failed + o.failed,
            timedOut + o.timedOut, dropped + o.dropped);
    }

    public MessageCounts minus(MessageCounts o) {
        return new MessageCounts(scheduled - o.scheduled, sent - o.sent, confirmed - o.confirmed, failed - o.failed,
            timedOut - o.timedOut, dropped - o.dropped);
    }
}
