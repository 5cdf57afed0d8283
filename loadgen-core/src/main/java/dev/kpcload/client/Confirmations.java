package dev.kpcload.client;

import dev.kpcload.kp.KpErrorPayload;
import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.LatencyStreams;
import dev.kpcload.kp.MessageKind;
import dev.kpcload.metrics.MessageFailure;
import dev.kpcload.metrics.LatencyWriter;
import dev.kpcload.plan.NanoClock;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * Matches what comes back to what is in flight: PUBACKs by packet ID, 1/KP {@code /status} and {@code /error}
 * replies by the request ID in their topic, and the silence of a timeout. Each match records its latencies and
 * settles the message in the books; a freed slot lets the backlog move. The caller only hands in what arrives
 * on an open connection.
 */
final class Confirmations {

    private final SessionSettings settings;
    private final DeviceMessages messages;
    private final Publisher publisher;
    private final InflightWindow window;
    private final MessageBooks books;
    private final LatencyWriter latencies;
    private final NanoClock clock;

    Confirmations(SessionSettings settings, DeviceMessages messages, Publisher publisher, MessageBooks books,
                  LatencyWriter latencies, NanoClock clock) {
        this.settings = settings;
        this.messages = messages;
        this.publisher = publisher;
        this.window = publisher.window();
        this.books = books;
        this.latencies = latencies;
        this.clock = clock;
    }

    void onPuback(int packetId) {
        int slot = window.findByPacketId(packetId);
        if (slot == InflightWindow.NONE) {
            if (settings.confirm() == ConfirmMode.PUBACK) {
                books.unmatchedReply();
            }
            return;
        }
        long now = clock.nanoTime();
        if (window.planned(slot)) {
            latencies.record(LatencyKind.PUBACK, window.stream(slot), now - window.intended(slot));
        }
        if (settings.confirm() == ConfirmMode.PUBACK) {
            confirm(slot, now);
        } else {
            window.clearPacketId(slot);
        }
    }

    /** A PUBLISH from the server: a 1/KP reply {@code <request topic>/status} or {@code /error}. */
    void onReply(String topic, ByteBuf replyPayload) {
        if (!settings.usesRequestIds()) {
            return;
        }
        long requestId = messages.requestId(topic);
        int slot = requestId < 0 ? InflightWindow.NONE : window.findByRequestId((int) requestId);
        if (slot == InflightWindow.NONE) {
            books.unmatchedReply();
            return;
        }
        long now = clock.nanoTime();
        boolean planned = window.planned(slot);
        int stream = window.stream(slot);
        if (ReplyTopicMatcher.isSuccess(topic)) {
            if (planned && messages.kind(LatencyStreams.kindIndex(stream)) == MessageKind.EPMX_GET
                && !messages.metadataMatches(replyPayload)) {
                // a reply, but not the meter's metadata: a failure of its own kind, not a confirmation
                books.failed(true, MessageFailure.METADATA_MISMATCH, stream);
                release(slot);
                return;
            }
            if (planned) {
                latencies.record(LatencyKind.STATUS, stream, now - window.intended(slot));
            }
            confirm(slot, now);
        } else {
            books.errorReply(planned, KpErrorPayload.parse(ByteBufUtil.getBytes(replyPayload)).statusCode(),
                stream);
            release(slot);
        }
    }

    private void confirm(int slot, long now) {
        boolean planned = window.planned(slot);
        int stream = window.stream(slot);
        if (planned) {
            latencies.record(LatencyKind.SERVICE, stream, now - window.written(slot));
        }
        books.confirmed(planned, stream);
        release(slot);
    }

    private void release(int slot) {
        window.release(slot);
        publisher.drainBacklog();
    }

    /** Times out every message written at or before {@code writtenBefore}. */
    void expireOlderThan(long writtenBefore) {
        int slot;
        while ((slot = window.findExpired(writtenBefore)) != InflightWindow.NONE) {
            books.timedOut(window.planned(slot), window.stream(slot));
            window.release(slot);
        }
        publisher.drainBacklog();
    }

    /** Fails every message in flight, as {@code kind}: their connection is gone. */
    void failAll(MessageFailure kind) {
        int slot;
        while ((slot = window.anyUsed()) != InflightWindow.NONE) {
            books.failed(window.planned(slot), kind, window.stream(slot));
            release(slot);
        }
    }
}
