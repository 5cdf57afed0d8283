package dev.kpcload.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Reading MQTT fixed headers in raw bytes (no Netty): where frames start, their remaining length; and reads. */
public final class Frames {

    private Frames() {
    }

    /** Offsets of the frames that follow each other from offset 0, as far as their headers parse. */
    public static int[] starts(byte[] in) {
        List<Integer> starts = new ArrayList<>();
        int p = 0;
        while (p < in.length) {
            int end = remainingLengthEnd(in, p);
            if (end < 0) {
                break;
            }
            starts.add(p);
            long next = (long) end + remainingLength(in, p);
            if (next > in.length) {
                break;
            }
            p = (int) next;
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The offset after the remaining-length field of the frame at {@code start}, or -1 if it does not parse. */
    public static int remainingLengthEnd(byte[] in, int start) {
        for (int i = 1; i <= 4; i++) {
            if (start + i >= in.length) {
                return -1;
            }
            if ((in[start + i] & 0x80) == 0) {
                return start + i + 1;
            }
        }
        return -1;
    }

    /** The remaining length of the frame at {@code start}; its header must parse. */
    public static int remainingLength(byte[] in, int start) {
        int value = 0;
        int shift = 0;
        for (int i = start + 1; ; i++) {
            value |= (in[i] & 0x7F) << shift;
            if ((in[i] & 0x80) == 0) {
                return value;
            }
            shift += 7;
        }
    }

    /** MQTT's variable-length integer. */
    public static byte[] varint(int value) {
        byte[] out = new byte[4];
        int n = 0;
        do {
            int digit = value % 128;
            value /= 128;
            out[n++] = (byte) (value > 0 ? digit | 0x80 : digit);
        } while (value > 0 && n < 4);
        return Arrays.copyOf(out, n);
    }

    /** The input as one to four reads, split at random points: the decoder must carry state across reads. */
    public static List<byte[]> split(byte[] in, SplittableRandom random) {
        int reads = in.length < 2 ? 1 : 1 + random.nextInt(Math.min(4, in.length));
        int[] cuts = new int[reads + 1];
        cuts[reads] = in.length;
        for (int i = 1; i < reads; i++) {
            cuts[i] = 1 + random.nextInt(in.length - 1);
        }
        Arrays.sort(cuts, 1, reads);
        List<byte[]> out = new ArrayList<>(reads);
        for (int i = 0; i < reads; i++) {
            if (cuts[i + 1] > cuts[i] || in.length == 0) {
                out.add(Arrays.copyOfRange(in, cuts[i], cuts[i + 1]));
            }
        }
        return out;
    }
}
