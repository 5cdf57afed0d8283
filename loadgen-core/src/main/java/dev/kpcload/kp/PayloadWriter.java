package dev.kpcload.kp;

import io.netty.buffer.ByteBuf;

/**
 * A payload rendered straight into the buffer of a PUBLISH: its exact length first (the MQTT remaining length
 * precedes it), then its bytes. One per device, reused for every message; single-threaded.
 *
 * <p>Contract: {@link #writeTo} writes exactly {@link #length()} bytes at the writer index, and a writer whose
 * content changes per message (a {@link DcxBatch}) only moves on to the next message in {@code writeTo}, so
 * {@code length()} may be called any number of times before it.
 */
public interface PayloadWriter {

    /** Bytes {@link #writeTo} will write. */
    int length();

    /** Writes the payload at the writer index, growing the buffer if needed. */
    void writeTo(ByteBuf buf);

    /** A payload that is the same in every message, such as EPMX {@code update/keys} or {@code get}. */
    static PayloadWriter of(byte[] bytes) {
        return new FixedPayload(bytes);
    }
}
