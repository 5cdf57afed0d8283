package dev.kpcload.kp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Checks an EPMX {@code get} reply against what the device reported: the payload must be one JSON object whose
 * top-level {@code "model"} and {@code "mac"} are exactly the expected strings. Other keys, any key order and any
 * JSON white space are fine. One per device; immutable, so it may also be shared.
 *
 * <p>Runs for every {@code get} reply, so the common case allocates nothing: a small scanner reads the bytes
 * in place (the buffer's indices are not moved) and validates the JSON syntax of the whole payload. What it
 * cannot judge cheaply it hands to Jackson: a backslash escape in a top-level key or in a {@code model}/
 * {@code mac} value, or nesting deeper than {@value #MAX_FAST_DEPTH}. Both paths give the same outcome, with one
 * exception: the scanner does not check that bytes above 0x7F inside strings are well-formed UTF-8.
 *
 * <p>A key given twice counts as a {@link Outcome#MISMATCH}: the reply does not say one value.
 */
public final class MetadataReplyCheck {

    /** What a reply came to. */
    public enum Outcome {
        /** Both keys present once, with exactly the expected string values. */
        MATCH,
        /** A key present with another value, a non-string value, or twice. */
        MISMATCH,
        /** A well-formed object without {@code model} or without {@code mac} (and no mismatch). */
        MISSING_KEY,
        /** Empty, not JSON, truncated, trailing content, or JSON that is not an object. */
        NOT_JSON_OBJECT
    }

    static final String MODEL_KEY = "model";
    static final String MAC_KEY = "mac";
    /** Containers nested deeper than this (below the top-level object) go to Jackson. */
    static final int MAX_FAST_DEPTH = 64;

    private static final byte[] MODEL_KEY_BYTES = MODEL_KEY.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MAC_KEY_BYTES = MAC_KEY.getBytes(StandardCharsets.US_ASCII);
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    // scanner positions below zero
    private static final int ERROR = -1;
    private static final int FALLBACK = -2;
    // what was seen of a key
    private static final int UNSEEN = 0;
    private static final int EQUAL = 1;
    private static final int DIFFERENT = 2;

    private final byte[] model;
    private final byte[] mac;
    private final String modelText;
    private final String macText;

    /** The values the device sent in {@code update/keys}. */
    public MetadataReplyCheck(String model, String mac) {
        this.modelText = model;
        this.macText = mac;
        this.model = model.getBytes(StandardCharsets.UTF_8);
        this.mac = mac.getBytes(StandardCharsets.UTF_8);
    }

    public String model() {
        return modelText;
    }

    public String mac() {
        return macText;
    }

    /** Judges the readable bytes of {@code reply}; reader and writer index stay where they are. */
    public Outcome check(ByteBuf reply) {
        Outcome outcome = scan(reply);
        return outcome != null ? outcome : withJackson(reply);
    }

    /** The scanner alone: the outcome, or null when the payload needs Jackson. */
    Outcome scan(ByteBuf reply) {
        int end = reply.writerIndex();
        int p = skipWhitespace(reply, reply.readerIndex(), end);
        if (p >= end || reply.getByte(p) != '{') {
            return Outcome.NOT_JSON_OBJECT;
        }
        int modelSeen = UNSEEN;
        int macSeen = UNSEEN;
        p = skipWhitespace(reply, p + 1, end);
        if (p < end && reply.getByte(p) == '}') {
            p++;
        } else {
            while (true) {
                if (p >= end || reply.getByte(p) != '"') {
                    return Outcome.NOT_JSON_OBJECT;
                }
                // an escaped top-level key could spell "model": only Jackson can tell
                int keyEnd = scanString(reply, p, end, false);
                if (keyEnd < 0) {
                    return keyEnd == FALLBACK ? null : Outcome.NOT_JSON_OBJECT;
                }
                byte[] expected = null;
                boolean isModel = contentEquals(reply, p + 1, keyEnd - 1, MODEL_KEY_BYTES);
                if (isModel) {
                    expected = model;
                } else if (contentEquals(reply, p + 1, keyEnd - 1, MAC_KEY_BYTES)) {
                    expected = mac;
                }
                p = skipWhitespace(reply, keyEnd, end);
                if (p >= end || reply.getByte(p) != ':') {
                    return Outcome.NOT_JSON_OBJECT;
                }
                p = skipWhitespace(reply, p + 1, end);
                int valueEnd;
                int seen = DIFFERENT;
                if (expected != null && p < end && reply.getByte(p) == '"') {
                    valueEnd = scanString(reply, p, end, false);
                    if (valueEnd >= 0 && contentEquals(reply, p + 1, valueEnd - 1, expected)) {
                        seen = EQUAL;
                    }
                } else {
                    valueEnd = skipValue(reply, p, end);
                }
                if (valueEnd < 0) {
                    return valueEnd == FALLBACK ? null : Outcome.NOT_JSON_OBJECT;
                }
                if (expected != null) {
                    if (isModel) {
                        modelSeen = modelSeen == UNSEEN ? seen : DIFFERENT;
                    } else {
                        macSeen = macSeen == UNSEEN ? seen : DIFFERENT;
                    }
                }
                p = skipWhitespace(reply, valueEnd, end);
                if (p >= end) {
                    return Outcome.NOT_JSON_OBJECT;
                }
                byte c = reply.getByte(p);
                if (c == '}') {
                    p++;
                    break;
                }
                if (c != ',') {
                    return Outcome.NOT_JSON_OBJECT;
                }
                p = skipWhitespace(reply, p + 1, end);
            }
        }
        if (skipWhitespace(reply, p, end) != end) {
            return Outcome.NOT_JSON_OBJECT;
        }
        return verdict(modelSeen, macSeen);
    }

    private static Outcome verdict(int modelSeen, int macSeen) {
        if (modelSeen == DIFFERENT || macSeen == DIFFERENT) {
            return Outcome.MISMATCH;
        }
        if (modelSeen == UNSEEN || macSeen == UNSEEN) {
            return Outcome.MISSING_KEY;
        }
        return Outcome.MATCH;
    }

    /** The same judgement by Jackson's streaming parser; allocates, so only for what the scanner hands over. */
    Outcome withJackson(ByteBuf reply) {
        byte[] bytes = ByteBufUtil.getBytes(reply);
        int modelSeen = UNSEEN;
        int macSeen = UNSEEN;
        try (JsonParser parser = JSON.createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Outcome.NOT_JSON_OBJECT;
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                String expected = MODEL_KEY.equals(name) ? modelText : MAC_KEY.equals(name) ? macText : null;
                int seen = value == JsonToken.VALUE_STRING && expected != null && expected.equals(parser.getText())
                        ? EQUAL : DIFFERENT;
                parser.skipChildren();
                if (MODEL_KEY.equals(name)) {
                    modelSeen = modelSeen == UNSEEN ? seen : DIFFERENT;
                } else if (MAC_KEY.equals(name)) {
                    macSeen = macSeen == UNSEEN ? seen : DIFFERENT;
                }
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return Outcome.NOT_JSON_OBJECT;
            }
        } catch (IOException e) {
            // malformed JSON is an outcome here, not a failure
            return Outcome.NOT_JSON_OBJECT;
        }
        return verdict(modelSeen, macSeen);
    }

    private static int skipWhitespace(ByteBuf b, int p, int end) {
        while (p < end) {
            byte c = b.getByte(p);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                break;
            }
            p++;
        }
        return p;
    }

    private static boolean contentEquals(ByteBuf b, int from, int to, byte[] expected) {
        if (to - from != expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (b.getByte(from + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * A string starting at the quote at {@code p}: the position after its closing quote, {@link #ERROR}, or
     * {@link #FALLBACK} at a backslash when escapes are not wanted.
     */
    private static int scanString(ByteBuf b, int p, int end, boolean allowEscapes) {
        int i = p + 1;
        while (i < end) {
            int c = b.getByte(i) & 0xFF;
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\') {
                if (!allowEscapes) {
                    return FALLBACK;
                }
                if (i + 1 >= end) {
                    return ERROR;
                }
                int e = b.getByte(i + 1);
                if (e == 'u') {
                    if (i + 6 > end) {
                        return ERROR;
                    }
                    for (int h = i + 2; h < i + 6; h++) {
                        if (!isHex(b.getByte(h))) {
                            return ERROR;
                        }
                    }
                    i += 6;
                } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r'
                        || e == 't') {
                    i += 2;
                } else {
                    return ERROR;
                }
            } else if (c < 0x20) {
                return ERROR;
            } else {
                i++;
            }
        }
        return ERROR;
    }

    private static boolean isHex(byte c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /**
     * Any JSON value starting at {@code p} (no white space before it): the position after it, {@link #ERROR},
     * or {@link #FALLBACK} when nested too deep. Containers are tracked in a 64-bit stack, one bit per level.
     */
    private static int skipValue(ByteBuf b, int p, int end) {
        long objects = 0; // bit d: the container at depth d + 1 is an object (else an array)
        int depth = 0;
        while (true) {
            if (p >= end) {
                return ERROR;
            }
            byte c = b.getByte(p);
            if (c == '{' || c == '[') {
                if (depth == MAX_FAST_DEPTH) {
                    return FALLBACK;
                }
                boolean object = c == '{';
                objects = object ? objects | (1L << depth) : objects & ~(1L << depth);
                depth++;
                p = skipWhitespace(b, p + 1, end);
                if (p < end && b.getByte(p) == (object ? '}' : ']')) {
                    depth--;
                    p++;
                } else {
                    if (object && (p = memberValue(b, p, end)) < 0) {
                        return p;
                    }
                    continue;
                }
            } else if ((p = skipScalar(b, p, end, c)) < 0) {
                return p;
            }
            // after a value: close containers until a comma asks for the next value
            while (true) {
                if (depth == 0) {
                    return p;
                }
                p = skipWhitespace(b, p, end);
                if (p >= end) {
                    return ERROR;
                }
                c = b.getByte(p);
                boolean inObject = (objects >>> (depth - 1) & 1) != 0;
                if (c == ',') {
                    p = skipWhitespace(b, p + 1, end);
                    if (inObject && (p = memberValue(b, p, end)) < 0) {
                        return p;
                    }
                    break;
                }
                if (c != (inObject ? '}' : ']')) {
                    return ERROR;
                }
                depth--;
                p++;
            }
        }
    }

    /** {@code "key" :} inside a nested object: the position of the value after it, or {@link #ERROR}. */
    private static int memberValue(ByteBuf b, int p, int end) {
        if (p >= end || b.getByte(p) != '"') {
            return ERROR;
        }
        p = scanString(b, p, end, true);
        if (p < 0) {
            return p;
        }
        p = skipWhitespace(b, p, end);
        if (p >= end || b.getByte(p) != ':') {
            return ERROR;
        }
        return skipWhitespace(b, p + 1, end);
    }

    private static int skipScalar(ByteBuf b, int p, int end, byte c) {
        switch (c) {
            case '"':
                return scanString(b, p, end, true);
            case 't':
                return literal(b, p, end, TRUE);
            case 'f':
                return literal(b, p, end, FALSE);
            case 'n':
                return literal(b, p, end, NULL);
            default:
                return c == '-' || (c >= '0' && c <= '9') ? skipNumber(b, p, end) : ERROR;
        }
    }

    private static int literal(ByteBuf b, int p, int end, byte[] word) {
        return p + word.length <= end && contentEquals(b, p, p + word.length, word) ? p + word.length : ERROR;
    }

    /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}; what follows is the caller's to judge. */
    private static int skipNumber(ByteBuf b, int p, int end) {
        int i = p;
        if (b.getByte(i) == '-') {
            i++;
        }
        if (i >= end) {
            return ERROR;
        }
        byte c = b.getByte(i);
        if (c == '0') {
            i++;
        } else if (c >= '1' && c <= '9') {
            i = skipDigits(b, i + 1, end);
        } else {
            return ERROR;
        }
        if (i < end && b.getByte(i) == '.') {
            int digitsEnd = skipDigits(b, i + 1, end);
            if (digitsEnd == i + 1) {
                return ERROR;
            }
            i = digitsEnd;
        }
        if (i < end && (b.getByte(i) == 'e' || b.getByte(i) == 'E')) {
            i++;
            if (i < end && (b.getByte(i) == '+' || b.getByte(i) == '-')) {
                i++;
            }
            int digitsEnd = skipDigits(b, i, end);
            if (digitsEnd == i) {
                return ERROR;
            }
            i = digitsEnd;
        }
        return i;
    }

    private static int skipDigits(ByteBuf b, int i, int end) {
        while (i < end && b.getByte(i) >= '0' && b.getByte(i) <= '9') {
            i++;
        }
        return i;
    }

    @Override
    public String toString() {
        return "MetadataReplyCheck[model=" + modelText + ", mac=" + macText + "]";
    }
}
