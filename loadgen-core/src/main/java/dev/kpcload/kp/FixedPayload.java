package dev.kpcload.kp;

import io.netty.buffer.ByteBuf;

/** Bytes that are the same in every message; the array is shared, not copied, and must not change. */
final class FixedPayload implements PayloadWriter {

    private final byte[] bytes;

    FixedPayload(byte[] bytes) {
        this.bytes = java.util.Objects.requireNonNull(bytes, "bytes");
    }

    @Override
    public int length() {
        return bytes.length;
    }

    @Override
    public void writeTo(ByteBuf buf) {
        buf.writeBytes(bytes);
    }
}
