package dev.kpcload.metrics;

import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;

/**
 * One interval histogram of an interval log, kept compressed: a decoded histogram of nanoseconds up to an hour holds
 * about 270 KB whatever it counts, its compressed form a few hundred bytes, so the intervals of a long sharded run
 * fit in memory this way and are decoded one at a time when they are needed.
 *
 * @param tag         the interval log's tag ({@code status}, {@code status.dcx-json}, {@code warmup.status})
 * @param startMillis the interval's start, epoch milliseconds
 * @param endMillis   the interval's end, epoch milliseconds
 */
public record PackedHistogram(String tag, long startMillis, long endMillis, long totalCount, byte[] compressed) {

    public static PackedHistogram of(Histogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        return new PackedHistogram(h.getTag() == null ? "untagged" : h.getTag(), h.getStartTimeStamp(),
            h.getEndTimeStamp(), h.getTotalCount(), Arrays.copyOf(buffer.array(), length));
    }

    /** A new histogram with the values, tag and timestamps. */
    public Histogram decode() {
        try {
            Histogram h = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(compressed), 0);
            h.setTag(tag);
            h.setStartTimeStamp(startMillis);
            h.setEndTimeStamp(endMillis);
            return h;
        } catch (DataFormatException e) {
            throw new IllegalStateException("a histogram packed here does not decode", e);
        }
    }

    /** The middle of the interval, epoch milliseconds. */
    public double midMillis() {
        return (startMillis + endMillis) / 2.0;
    }
}
