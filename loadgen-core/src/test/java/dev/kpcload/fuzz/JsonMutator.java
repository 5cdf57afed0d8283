package dev.kpcload.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded mutations of 1/KP JSON payloads: a valid payload from the corpus with a value swapped for something
 * hostile (deep nesting, huge numbers, lone surrogates, invalid UTF-8, duplicate keys, another JSON type), or
 * mutated byte by byte. The frame around it stays valid, so the payload reaches the extension's JSON handling.
 */
public final class JsonMutator {

    private static final byte[] JSON_BYTES = "{}[]\":,\\ 0123456789-+.eEtrufalsn\u0000\t\n".getBytes(StandardCharsets.ISO_8859_1);

    private JsonMutator() {
    }

    /** A mutation of {@code json}: a hostile value put in, or one to three byte-level changes. */
    public static byte[] mutate(byte[] json, SplittableRandom random) {
        return switch (random.nextInt(6)) {
            case 0 -> hostile(random);
            case 1 -> replaceValue(json, random);
            case 2 -> wrap(json, random);
            default -> bytewise(json, random);
        };
    }

    /** A payload built to hurt: each one a known way to break a JSON parser or its caller. */
    public static byte[] hostile(SplittableRandom random) {
        String s = switch (random.nextInt(22)) {
            case 0 -> "";
            case 1 -> " \t\r\n";
            case 2 -> "[".repeat(1 + random.nextInt(3000));
            case 3 -> "[".repeat(1100) + "]".repeat(1100);
            case 4 -> "{\"a\":".repeat(1 + random.nextInt(1200)) + "1" + "}".repeat(random.nextInt(1200));
            case 5 -> "{\"model\":" + "9".repeat(1 + random.nextInt(2000)) + "}";
            case 6 -> "[{\"ts\":1,\"energy\":1e" + random.nextInt(1_000_000) + "}]";
            case 7 -> "[{\"ts\":" + "9".repeat(40) + ",\"energy\":-0.0}]";
            case 8 -> "{\"model\":\"\\ud800\",\"mac\":\"\\udfff\\u0000\"}";
            case 9 -> "{\"statusCode\":400,\"reasonPhrase\":\"\\u00\"}";
            case 10 -> "{\"model\":\"a\",\"model\":\"b\",\"mac\":\"c\"}";
            case 11 -> "null";
            case 12 -> "\"" + "x".repeat(random.nextInt(70_000)) + "\"";
            case 13 -> "{\"statusCode\":" + (random.nextBoolean() ? "2147483648" : "-1") + ",\"reasonPhrase\":7}";
            case 14 -> "{\"statusCode\":4.5e300}";
            case 15 -> "/* c */ {}";
            case 16 -> "\uFEFF{}";
            case 17 -> "{} {}";
            case 18 -> "[" + "{},".repeat(random.nextInt(5000)) + "{}]";
            case 19 -> "{\"keys\":[" + "\"k\",".repeat(random.nextInt(3000)) + "\"k\"]}";
            case 20 -> "{\"" + "k".repeat(random.nextInt(60_000)) + "\":1}";
            default -> "[{\"energy\":" + "1".repeat(500) + "." + "0".repeat(600) + "}]";
        };
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(8) == 0) {
            bytes = invalidUtf8(bytes, random);
        }
        return bytes;
    }

    /** A value of the payload (after a {@code :} or inside an array) replaced by a hostile one. */
    static byte[] replaceValue(byte[] json, SplittableRandom random) {
        int at = -1;
        for (int tries = 0; tries < 8 && json.length > 0; tries++) {
            int p = random.nextInt(json.length);
            if (json[p] == ':' || json[p] == '[' || json[p] == ',') {
                at = p + 1;
                break;
            }
        }
        if (at < 0) {
            return hostile(random);
        }
        int end = at;
        while (end < json.length && json[end] != ',' && json[end] != '}' && json[end] != ']') {
            end++;
        }
        byte[] value = switch (random.nextInt(8)) {
            case 0 -> "[]".getBytes(StandardCharsets.US_ASCII);
            case 1 -> "{}".getBytes(StandardCharsets.US_ASCII);
            case 2 -> "null".getBytes(StandardCharsets.US_ASCII);
            case 3 -> "true".getBytes(StandardCharsets.US_ASCII);
            case 4 -> ("1e" + random.nextInt(400)).getBytes(StandardCharsets.US_ASCII);
            case 5 -> "\"\\u0000\\\"\"".getBytes(StandardCharsets.US_ASCII);
            case 6 -> Long.toString(random.nextLong()).getBytes(StandardCharsets.US_ASCII);
            default -> hostile(random);
        };
        return Mutator.replace(json, at, end, value);
    }

    /** The payload inside another JSON value: an array, an object, or a {@code "keys"} selection. */
    static byte[] wrap(byte[] json, SplittableRandom random) {
        String open = switch (random.nextInt(3)) {
            case 0 -> "[";
            case 1 -> "{\"keys\":";
            default -> "{\"x\":";
        };
        String close = open.equals("[") ? "]" : "}";
        return Mutator.concat(Mutator.concat(open.getBytes(StandardCharsets.US_ASCII), json),
            close.getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] bytewise(byte[] json, SplittableRandom random) {
        byte[] out = json;
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            int op = random.nextInt(4);
            if (op == 0 || out.length == 0) {
                int at = random.nextInt(out.length + 1);
                out = Mutator.replace(out, at, at, new byte[] {JSON_BYTES[random.nextInt(JSON_BYTES.length)]});
            } else if (op == 1) {
                int at = random.nextInt(out.length);
                out = Mutator.replace(out, at, at + 1, new byte[0]);
            } else if (op == 2) {
                out = out.clone();
                out[random.nextInt(out.length)] = JSON_BYTES[random.nextInt(JSON_BYTES.length)];
            } else {
                out = Arrays.copyOf(out, random.nextInt(out.length));
            }
        }
        return out;
    }

    /** Bytes that are not UTF-8: a lone continuation byte, an overlong form, 0xFF, a cut sequence. */
    static byte[] invalidUtf8(byte[] in, SplittableRandom random) {
        List<byte[]> bad = List.of(new byte[] {(byte) 0x80}, new byte[] {(byte) 0xC0, (byte) 0xAF},
            new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xE2, (byte) 0x82}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
        int at = random.nextInt(in.length + 1);
        return Mutator.replace(in, at, at, bad.get(random.nextInt(bad.size())));
    }
}
