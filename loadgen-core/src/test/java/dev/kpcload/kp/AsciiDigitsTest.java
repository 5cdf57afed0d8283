package dev.kpcload.kp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AsciiDigitsTest {

    private static String written(java.util.function.Consumer<ByteBuf> write) {
        ByteBuf buf = Unpooled.buffer(1); // too small on purpose: the writer must grow it
        try {
            buf.writeByte('>');
            write.accept(buf);
            return buf.toString(1, buf.readableBytes() - 1, StandardCharsets.US_ASCII);
        } finally {
            buf.release();
        }
    }

    @Test
    void integersLikeLongToString() {
        long[] values = {0, 1, 9, 10, 99, 100, -1, -9, -10, -100, 1_700_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE,
            Long.MIN_VALUE + 1, Integer.MAX_VALUE, Integer.MIN_VALUE};
        for (long v : values) {
            assertEquals(Long.toString(v), written(b -> AsciiDigits.write(b, v)));
            assertEquals(Long.toString(v).length(), AsciiDigits.length(v), () -> "length of " + v);
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            long v = random.nextLong() >> random.nextInt(64);
            assertEquals(Long.toString(v), written(b -> AsciiDigits.write(b, v)));
            assertEquals(Long.toString(v).length(), AsciiDigits.length(v));
        }
    }

    @Test
    void fixedPointKeepsLeadingZerosOfTheFraction() {
        assertEquals("12.005", written(b -> AsciiDigits.writeFixed(b, 12_005, 3)));
        assertEquals("0.000", written(b -> AsciiDigits.writeFixed(b, 0, 3)));
        assertEquals("0.5", written(b -> AsciiDigits.writeFixed(b, 5, 1)));
        assertEquals("230.0", written(b -> AsciiDigits.writeFixed(b, 2300, 1)));
        assertEquals("7", written(b -> AsciiDigits.writeFixed(b, 7, 0)));
        assertEquals("20000.000001", written(b -> AsciiDigits.writeFixed(b, 20_000_000_001L, 6)));
        SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < 10_000; i++) {
            long v = random.nextLong(Long.MAX_VALUE) >> random.nextInt(63);
            int decimals = random.nextInt(19);
            String expected = BigDecimal.valueOf(v, decimals).toPlainString();
            assertEquals(expected, written(b -> AsciiDigits.writeFixed(b, v, decimals)));
            assertEquals(expected.length(), AsciiDigits.fixedLength(v, decimals));
        }
    }
}
