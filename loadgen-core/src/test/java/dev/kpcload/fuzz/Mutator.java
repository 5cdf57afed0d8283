package dev.kpcload.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded byte-level mutations of MQTT frame streams, AFL-style: one to four {@link Mutation}s per input, the
 * MQTT-aware ones (length lies, header bytes) placed at frame starts found by {@link Frames#starts}.
 */
public final class Mutator {

    private static final Mutation[] ALL = Mutation.values();
    private static final byte[] INTERESTING = {
        0x00, (byte) 0xFF, 0x7F, (byte) 0x80, 0x01, 0x02, 0x10, 0x20, 0x30, 0x32, 0x34, 0x40, (byte) 0xC0,
        (byte) 0xD0, (byte) 0xE0, '{', '}', '[', ']', '"', '\\', ':', ',', '/', '#', '+', '0', '9', '-', 'e'};

    private Mutator() {
    }

    /** One to four mutations of {@code input}; {@code corpus} provides frames to splice and append. */
    public static byte[] mutate(byte[] input, SplittableRandom random, List<byte[]> corpus) {
        byte[] out = input;
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            out = apply(ALL[random.nextInt(ALL.length)], out, random, corpus);
        }
        return out;
    }

    public static byte[] apply(Mutation mutation, byte[] in, SplittableRandom random, List<byte[]> corpus) {
        return switch (mutation) {
            case BIT_FLIP -> bitFlip(in, random);
            case INTERESTING_BYTE -> interestingByte(in, random);
            case INSERT -> insert(in, random);
            case DELETE -> delete(in, random);
            case REMAINING_LENGTH_LIE -> remainingLengthLie(in, random);
            case SHORT_LENGTH_LIE -> shortLengthLie(in, random);
            case TRUNCATE -> in.length == 0 ? in : Arrays.copyOf(in, random.nextInt(in.length));
            case SPLICE -> splice(in, corpus.get(random.nextInt(corpus.size())), random);
            case DUPLICATE -> duplicate(in, random);
            case APPEND_FRAME -> concat(in, corpus.get(random.nextInt(corpus.size())));
            case HEADER_BYTE -> headerByte(in, random);
        };
    }

    static byte[] bitFlip(byte[] in, SplittableRandom random) {
        if (in.length == 0) {
            return in;
        }
        byte[] out = in.clone();
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips; i++) {
            int bit = random.nextInt(out.length * 8);
            out[bit >>> 3] ^= (byte) (1 << (bit & 7));
        }
        return out;
    }

    static byte[] interestingByte(byte[] in, SplittableRandom random) {
        if (in.length == 0) {
            return in;
        }
        byte[] out = in.clone();
        out[random.nextInt(out.length)] = INTERESTING[random.nextInt(INTERESTING.length)];
        return out;
    }

    static byte[] insert(byte[] in, SplittableRandom random) {
        int at = random.nextInt(in.length + 1);
        byte[] bytes = new byte[1 + random.nextInt(16)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = random.nextBoolean() ? (byte) random.nextInt(256) : INTERESTING[random.nextInt(INTERESTING.length)];
        }
        return replace(in, at, at, bytes);
    }

    static byte[] delete(byte[] in, SplittableRandom random) {
        if (in.length == 0) {
            return in;
        }
        int at = random.nextInt(in.length);
        int len = Math.min(in.length - at, 1 + random.nextInt(16));
        return replace(in, at, at + len, new byte[0]);
    }

    /** The remaining length of the frame at a random frame start, rewritten (other bytes kept). */
    static byte[] remainingLengthLie(byte[] in, SplittableRandom random) {
        int[] starts = Frames.starts(in);
        if (starts.length == 0) {
            return in;
        }
        int start = starts[random.nextInt(starts.length)];
        int lengthEnd = Frames.remainingLengthEnd(in, start);
        if (lengthEnd < 0) {
            return in;
        }
        int actual = Frames.remainingLength(in, start);
        byte[] lie = switch (random.nextInt(6)) {
            case 0 -> Frames.varint(Math.max(0, actual + random.nextInt(7) - 3));
            case 1 -> Frames.varint(0);
            case 2 -> Frames.varint(268_435_455); // the largest MQTT allows
            case 3 -> new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F}; // a fifth byte
            case 4 -> new byte[] {(byte) (0x80 | (actual & 0x7F)), 0x00}; // non-minimal encoding
            default -> Frames.varint(random.nextInt(1 << 16));
        };
        return replace(in, start + 1, lengthEnd, lie);
    }

    /** A two-byte big-endian length just after a fixed header (or anywhere), rewritten. */
    static byte[] shortLengthLie(byte[] in, SplittableRandom random) {
        int[] starts = Frames.starts(in);
        int at;
        if (starts.length > 0 && random.nextInt(4) != 0) {
            int start = starts[random.nextInt(starts.length)];
            at = Frames.remainingLengthEnd(in, start);
        } else {
            at = in.length < 2 ? -1 : random.nextInt(in.length - 1);
        }
        if (at < 0 || at + 2 > in.length) {
            return in;
        }
        int actual = (in[at] & 0xFF) << 8 | in[at + 1] & 0xFF;
        int lie = switch (random.nextInt(5)) {
            case 0 -> 0;
            case 1 -> 0xFFFF;
            case 2 -> (actual + 1) & 0xFFFF;
            case 3 -> (actual - 1) & 0xFFFF;
            default -> random.nextInt(1 << 16);
        };
        byte[] out = in.clone();
        out[at] = (byte) (lie >>> 8);
        out[at + 1] = (byte) lie;
        return out;
    }

    static byte[] splice(byte[] in, byte[] other, SplittableRandom random) {
        int head = random.nextInt(in.length + 1);
        int tail = random.nextInt(other.length + 1);
        return concat(Arrays.copyOf(in, head), Arrays.copyOfRange(other, tail, other.length));
    }

    static byte[] duplicate(byte[] in, SplittableRandom random) {
        if (in.length == 0) {
            return in;
        }
        int from = random.nextInt(in.length);
        int to = from + 1 + random.nextInt(in.length - from);
        return replace(in, to, to, Arrays.copyOfRange(in, from, to));
    }

    static byte[] headerByte(byte[] in, SplittableRandom random) {
        int[] starts = Frames.starts(in);
        if (starts.length == 0) {
            return in;
        }
        byte[] out = in.clone();
        int start = starts[random.nextInt(starts.length)];
        out[start] = random.nextBoolean()
            ? (byte) (random.nextInt(16) << 4 | out[start] & 0x0F) // another packet type, flags kept
            : (byte) (out[start] & 0xF0 | random.nextInt(16)); // other flags: DUP, QoS 3, RETAIN, reserved bits
        return out;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** {@code in[0, from) + bytes + in[to, end)}. */
    static byte[] replace(byte[] in, int from, int to, byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length - (to - from) + bytes.length);
        out.write(in, 0, from);
        out.write(bytes, 0, bytes.length);
        out.write(in, to, in.length - to);
        return out.toByteArray();
    }
}
