package dev.kpcload.kp;

import io.netty.buffer.ByteBuf;

/**
 * Decimal numbers written as ASCII straight into a buffer, with their exact length known beforehand, so that
 * payloads whose numbers change every message can be rendered without a String, a formatter or a copy.
 */
public final class AsciiDigits {

    private static final long[] POWERS = {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
        10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L, 100_000_000_000_000L,
        1_000_000_000_000_000L, 10_000_000_000_000_000L, 100_000_000_000_000_000L, 1_000_000_000_000_000_000L,
    };

    private AsciiDigits() {
    }

    /** Characters of {@code value} in decimal, a leading {@code -} included. */
    public static int length(long value) {
        if (value < 0) {
            // negate in the negative range so that Long.MIN_VALUE needs no special case
            int n = 2;
            while (value <= -10) {
                value /= 10;
                n++;
            }
            return n;
        }
        int n = 1;
        while (value >= 10) {
            value /= 10;
            n++;
        }
        return n;
    }

    /** Writes {@code value} in decimal at the writer index and advances it by {@link #length(long)}. */
    public static void write(ByteBuf buf, long value) {
        int count = length(value);
        buf.ensureWritable(count);
        int start = buf.writerIndex();
        int end = start + count;
        long rest = value < 0 ? value : -value; // work on the negative side: it holds every long
        for (int i = end - 1; i >= start; i--) {
            buf.setByte(i, '0' - (int) (rest % 10));
            rest /= 10;
            if (rest == 0) {
                if (value < 0) {
                    buf.setByte(i - 1, '-');
                }
                break;
            }
        }
        buf.writerIndex(end);
    }

    /**
     * Characters of a fixed-point number: {@code scaled / 10^decimals} with exactly {@code decimals} digits after
     * the point (none and no point when {@code decimals == 0}).
     *
     * @param scaled   the value times {@code 10^decimals}, {@code >= 0}
     * @param decimals 0..18
     */
    public static int fixedLength(long scaled, int decimals) {
        if (decimals == 0) {
            return length(scaled);
        }
        return length(scaled / POWERS[decimals]) + 1 + decimals;
    }

    /** Writes a fixed-point number, see {@link #fixedLength}: e.g. scaled 12005, 3 decimals as {@code 12.005}. */
    public static void writeFixed(ByteBuf buf, long scaled, int decimals) {
        if (decimals == 0) {
            write(buf, scaled);
            return;
        }
        long unit = POWERS[decimals];
        write(buf, scaled / unit);
        buf.ensureWritable(1 + decimals);
        int start = buf.writerIndex();
        buf.setByte(start, '.');
        long fraction = scaled % unit;
        for (int i = start + decimals; i > start; i--) {
            buf.setByte(i, (int) ('0' + fraction % 10));
            fraction /= 10;
        }
        buf.writerIndex(start + 1 + decimals);
    }
}
