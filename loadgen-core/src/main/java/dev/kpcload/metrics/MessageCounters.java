package dev.kpcload.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * The books of one {@link LatencyStreams stream} of messages (one kind of the mix, measured or warm-up): each
 * message scheduled in it ends in exactly one of confirmed, failed, timed out or dropped, or is still in flight or
 * queued when the books close.
 */
public final class MessageCounters {

    public final LongAdder scheduled = new LongAdder();
    public final LongAdder sent = new LongAdder();
    public final LongAdder confirmed = new LongAdder();
    public final LongAdder timedOut = new LongAdder();
    public final Tally<MessageFailure> failed = new Tally<>(MessageFailure.class);
    public final OpenTally errorReplies = new OpenTally();
    public final Tally<DropReason> dropped = new Tally<>(DropReason.class);

    /** Messages sent and not yet confirmed, failed or timed out. */
    public long inFlightEstimate() {
        return sent.sum() - confirmed.sum() - failed.total() - timedOut.sum();
    }
}
