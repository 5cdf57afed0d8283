package dev.kpcload.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Cuts what the server sends into whole MQTT packets ahead of {@code MqttDecoder}, and confirms PUBACKs itself,
 * straight from their four bytes ({@code 0x40 0x02} and the packet ID). A PUBACK is what a QoS 1 run reads most,
 * one per message; through the decoder each cost three message objects (the run's only allocation per message, and
 * its garbage collections) and a walk through the connect and keepalive handlers (issue #12). Every other packet goes
 * on whole, as a slice, to the decoder and the handlers after it, so they see exactly what they saw before.
 *
 * <p>What the decoder must judge is left to it: a PUBACK with packet ID 0 (invalid: a protocol error there), a packet
 * too long for it ({@code maxPacketBytes} of remaining length, which the decoder checks exactly), a remaining length
 * of more than four bytes. From the first such packet on, this handler passes every byte through untouched, as the
 * decoder then fails the connection; so nothing longer than the decoder would take is ever held here.
 */
final class PubackFraming extends ByteToMessageDecoder {

    private static final int PUBACK = 0x40;
    private static final int PUBACK_REMAINING = 2;
    private static final int PUBACK_BYTES = 4;
    private static final int MAX_LENGTH_BYTES = 4;

    private final DeviceSession session;
    private final int maxPacketBytes;
    /** Set at the first packet the decoder has to judge: from then on every byte goes to it as it came. */
    private boolean passThrough;

    PubackFraming(DeviceSession session, int maxPacketBytes) {
        this.session = session;
        this.maxPacketBytes = maxPacketBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (!passThrough && in.isReadable()) {
            int start = in.readerIndex();
            int available = in.readableBytes();
            if (available >= PUBACK_BYTES && in.getUnsignedByte(start) == PUBACK
                && in.getUnsignedByte(start + 1) == PUBACK_REMAINING) {
                int packetId = in.getUnsignedShort(start + 2);
                if (packetId != 0) {
                    in.skipBytes(PUBACK_BYTES);
                    session.onPuback(packetId);
                    continue;
                }
                passThrough = true; // the decoder calls packet ID 0 a protocol error
                break;
            }
            int packetBytes = packetBytes(in, start, available);
            if (packetBytes == 0) {
                return; // the header is not complete yet
            }
            if (packetBytes < 0 || packetBytes > maxPacketBytes + 1 + MAX_LENGTH_BYTES) {
                passThrough = true; // too long for the decoder whatever its header: never held here
                break;
            }
            if (available < packetBytes) {
                return; // wait for the rest of the packet
            }
            out.add(in.readRetainedSlice(packetBytes));
            return; // the decoder sees it before any PUBACK after it is confirmed: the server's order is kept
        }
        if (passThrough && in.isReadable()) {
            out.add(in.readRetainedSlice(in.readableBytes()));
        }
    }

    /**
     * The whole packet's length (fixed header included) from its remaining length, 0 while the header is still
     * incomplete, -1 when the remaining length runs over four bytes.
     */
    static int packetBytes(ByteBuf in, int start, int available) {
        int remaining = 0;
        int multiplier = 1;
        for (int i = 1; i <= MAX_LENGTH_BYTES; i++) {
            if (available <= i) {
                return 0;
            }
            int digit = in.getUnsignedByte(start + i);
            remaining += (digit & 0x7F) * multiplier;
            if ((digit & 0x80) == 0) {
                return 1 + i + remaining;
            }
            multiplier *= 128;
        }
        return -1;
    }
}
